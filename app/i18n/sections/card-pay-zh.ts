import type { cardPayEn } from "./card-pay-en";

/** 银行卡支付结算余款或许可费（简体中文），与银行转账并行。 */
export const cardPayZh: typeof cardPayEn = {
  title: "或使用银行卡支付",
  royaltyTitle: "使用银行卡支付 {{period}} 的许可费",
  lead: "尚欠 {{amount}}。您可以现在使用银行卡支付，代替银行转账：银行卡将立即扣款。请只选择一种方式付款——如转账款项也已到账，多付部分将退还给您。",
  start: "使用银行卡支付",
  pay: "支付 {{amount}}",
  confirming: "正在记录您的付款…",
  overpaid: "已到账款项超出应付金额 {{amount}}（例如余款已通过转账付清后又完成了银行卡支付）。该款项应退还买受人，将予以退款。",
};
