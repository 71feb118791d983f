/** Where a settlement's notices and pages point. */
export const settlementLink = (id: string) => `/settlements/${id}`;
