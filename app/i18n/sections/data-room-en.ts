/** A listing's data room (English). */
export const dataRoomEn = {
  placeholder: "…",
};
