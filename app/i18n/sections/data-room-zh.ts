import type { dataRoomEn } from "./data-room-en";

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/**  documents, the NDA gate and the access log:挂牌资料室：文件、保密协议与访问记录（中文）。键与英文版一一对应。 */
export const dataRoomZh: Shape<typeof dataRoomEn> = {
  placeholder: "…",
};
