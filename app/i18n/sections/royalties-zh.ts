import type { royaltiesEn } from "./royalties-en";

/** 许可协议及其许可费申报（中文）。 */
export const royaltiesZh: typeof royaltiesEn = {
  title: "许可",
  lead: "您作为被许可方或许可方的许可协议：每个期间申报的许可费及其支付情况。",
  empty: "暂无许可协议。许可方在许可挂牌上接受许可申请后即订立协议。",
  columns: { listing: "挂牌", licensee: "被许可方", kind: "许可类型", rate: "许可费率", since: "订立日期", period: "期间", netSales: "净销售额", royaltyDue: "应付许可费", reference: "付款参考号", status: "付款状态" },
  kind: { exclusive: "独占许可", non_exclusive: "普通许可", sole: "排他许可" },
  role: { licensee: "您是被许可方", licensor: "您是许可方", platform: "平台（只读）" },
  report: {
    title: "申报期间许可费",
    lead: "填写期间及该期间内依许可实现的净销售额；系统将按协议费率计算应付许可费，并通过银行转账收取。",
    periodStart: "期间开始",
    periodEnd: "期间结束",
    netSales: "净销售额（{{currency}}）",
    submit: "申报",
  },
  reported: "已申报：应付许可费 {{amount}}。请通过银行转账支付，并注明参考号 {{reference}}。",
  reportedNothing: "已申报：本期间无应付许可费。",
  reports: { title: "申报记录", empty: "尚未申报任何期间。" },
  paymentStatus: { pending: "待转账", held: "已冻结", succeeded: "已支付", canceled: "已取消", refunded: "已退款", failed: "失败", none: "无应付款" },
  received: "已收 {{received}} / {{amount}}",
};
