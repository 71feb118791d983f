/** Bulk import pages (English). */
export const importsEn = {
  title: "Import",
};
