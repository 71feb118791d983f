import type { followingEn } from "./following-en";

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/** 关注列表与保存的搜索（中文）。键与英文版一一对应。 */
export const followingZh: Shape<typeof followingEn> = {
  placeholder: "…",
};
