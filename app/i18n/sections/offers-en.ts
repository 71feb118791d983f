/** Offers on listings (English). */
export const offersEn = {
  placeholder: "…",
};
