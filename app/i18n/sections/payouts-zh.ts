import type { payoutsEn } from "./payouts-en";

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/** 划付（中文）：通过 Stripe 转账收取分配款（机构页面），以及运营人员查看的转账情况。键与英文版一一对应。 */
export const payoutsZh: Shape<typeof payoutsEn> = {
  setup: {
    title: "通过 Stripe 收款",
    lead: "将贵机构应得的回收款直接转入其 Stripe 账户。未开通时，由交易所记录每笔划付并通过银行转账支付。",
    start: "开通 Stripe 收款",
    continue: "前往 Stripe 继续填写",
    pending: "Stripe 尚未开通向贵机构账户的转账：请完成开户资料填写，或等待 Stripe 审核。",
    enabled: "已开通 Stripe 收款：分配给贵机构的款项将转入其 Stripe 账户。",
    onlyAdmins: "只有贵机构的管理员可以开通收款方式。",
    done: {
      enabled: "Stripe 已开通向贵机构账户的转账：此后的划付将转入该账户。",
      pending: "贵机构的 Stripe 账户已创建，但 Stripe 尚未开通转账。开通后，划付将自动改为转账。",
    },
  },
  status: {
    recorded: "已划付",
    awaiting_transfer: "待转账",
    transferred: "已转账",
    failed: "转账失败",
  },
  operator: {
    nav: "划付",
    title: "Stripe 划付",
    lead: "分配给已开通 Stripe 账户的参与方的款项，入账后自动转账。尚待转账的款项，以及被 Stripe 拒绝或退回的转账，列示如下。",
    awaiting: "待转账",
    emptyAwaiting: "暂无待转账的款项。",
    failed: "转账失败",
    emptyFailed: "暂无失败的转账。",
    party: "收款方",
    amount: "金额",
    since: "起始时间",
    reason: "Stripe 给出的原因",
    retry: "重新转账",
    done: {
      transferred: "该笔款项已转账。",
      failed: "Stripe 再次拒绝了转账，原因见下方。",
    },
  },
};
