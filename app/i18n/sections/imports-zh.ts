/** 批量导入页面（中文）。键与英文版一一对应（zh.ts 的类型检查）。 */
export const importsZh = {
  title: "导入",
};
