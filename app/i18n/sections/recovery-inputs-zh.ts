import type { recoveryInputsEn } from "./recovery-inputs-en";

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/** 处置案件的清偿输入：垫付的处置费用与风险分担方的代偿（中文）。键与英文版一一对应。 */
export const recoveryInputsZh: Shape<typeof recoveryInputsEn> = {
  title: "处置费用与风险分担方代偿",
  lead: "处置所得除偿还贷款外还要偿还：您为处置垫付的费用最先受偿；各风险分担方就损失向您支付的代偿款按比例返还给它，但不超过其实际支付的金额。",
  amount: "金额",
  done: { cost: "费用已记录。", payment: "代偿款已记录。" },
  kinds: { platform_fee: "平台服务费", appraisal: "评估费", registry_fee: "登记费", annuity: "年费（专利费）", enforcement: "执行费用", other: "其他" },
  costs: {
    title: "处置费用",
    empty: "尚未记录任何费用。",
    kind: "类别",
    description: "说明",
    incurredOn: "发生日期",
    paidBy: "垫付方",
    submit: "记录费用",
  },
  sharers: {
    title: "风险分担方就损失的代偿 / 补偿",
    lead: "每个分担方的代偿金额最多为其按比例分担的违约风险暴露。",
    none: "该笔贷款除银行外没有其他风险分担方。",
    party: "风险分担方",
    share: "损失分担比例",
    ceiling: "上限",
    paid: "已支付",
    paidOn: "支付日期",
    submit: "记录代偿款",
  },
};
