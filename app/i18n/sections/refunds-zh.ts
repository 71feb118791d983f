import type { refundsEn } from "./refunds-en";

/** 退款（中文）：应退还付款人的款项、挂账中的未匹配到账、银行转账或银行卡退款。 */
export const refundsZh: typeof refundsEn = {
  nav: "付款",
  title: "付款与退款",
  lead: "贵机构被要求支付及已支付的款项，以及应退还给贵机构的款项：超出应付金额的多付款，或已违约成交中已支付的部分价款。",
  paymentsTitle: "付款",
  paymentsEmpty: "暂无需要贵机构支付的款项。",
  owedTitle: "应退款项",
  owedLead: "需要退回的款项：按付款人列示的多付款和违约成交中已付的部分价款，以及未能匹配到任何付款的银行到账。款项从银行汇出后登记转账（同一流水号只登记一次），或原路退回付款所用的银行卡。",
  owedLeadPayer: "平台应退还贵机构的款项。运营人员将通过银行转账退回，或原路退回付款所用的银行卡。",
  owedEmpty: "暂无应退款项。",
  recordedTitle: "退款记录",
  recordedEmpty: "暂无退款记录。",
  suspense: "挂账中（未匹配到账）",
  suspenseNone: "无挂账款项：每笔到账均已对应付款。",
  columns: { payee: "收款人", source: "退款原因", reference: "参考号", owed: "应退金额", amount: "金额", method: "方式", status: "状态", serial: "银行流水号 / Stripe", date: "登记时间", refund: "退款" },
  source: { overpayment: "超出应付金额的多付款", part_payment: "违约成交中已付的部分价款", unmatched_receipt: "未匹配的银行到账" },
  method: { bank_transfer: "银行转账", card: "银行卡" },
  status: { pending: "Stripe 处理中", paid: "已退款", failed: "失败：仍需退还" },
  form: {
    amount: "金额",
    serial: "汇出转账的银行流水号",
    transfer: "登记转账",
    card: "退回银行卡",
  },
  done: {
    paid: "退款已登记：该款项不再应退。",
    duplicate: "该银行流水号已登记过，未作任何更改。",
    pending: "已向 Stripe 发起退款：Stripe 确认后即视为已退。",
    failed: "Stripe 拒绝了该退款：款项仍需退还。",
  },
  fields: {
    amount_invalid: "请输入大于零的金额，例如 1500.00。",
    serial_required: "请输入汇出转账的银行流水号。",
    serial_too_long: "银行流水号最多 64 个字符。",
    claim_required: "请选择该退款所对应的款项。",
    text_invalid: "有字段含有控制字符或损坏的 Unicode，请重新输入。",
  },
};
