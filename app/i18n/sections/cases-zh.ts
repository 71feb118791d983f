import type { casesEn } from "./cases-en";

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/**  the history of attempts, and encumbrances on a listing:处置案件：挂牌历次尝试及权利负担（中文）。键与英文版一一对应。 */
export const casesZh: Shape<typeof casesEn> = {
  placeholder: "…",
};
