/** Watchlists and saved searches (English). */
export const followingEn = {
  placeholder: "…",
};
