import type { offersEn } from "./offers-en";

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/**  register intent, licence applications, equity proposals, discount confirmations:挂牌的报价：登记意向、许可申请、作价入股提议、折价确认（中文）。键与英文版一一对应。 */
export const offersZh: Shape<typeof offersEn> = {
  placeholder: "…",
};
