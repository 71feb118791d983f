/** 银行质押物工作台（中文）。键与英文版一一对应（zh.ts 的类型检查）。 */
export const collateralZh = {
  title: "质押物",
};
