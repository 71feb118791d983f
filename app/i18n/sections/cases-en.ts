/** Disposal cases (English). */
export const casesEn = {
  placeholder: "…",
};
