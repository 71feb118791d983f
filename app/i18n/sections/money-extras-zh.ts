import type { moneyExtrasEn } from "./money-extras-en";

/** 债权抵销竞买的抵销、股权出资的退出与年度最低许可费（中文）。 */
export const moneyExtrasZh: typeof moneyExtrasEn = {
  credit: {
    offset: "债权抵销额（以买受人自身债权抵销）",
    packNote: "以债权抵销（抵债竞买）",
  },
  exit: {
    title: "股权出资的退出",
    lead: "股权转让后，请登记实际变现的现金。此前按约定价值以实物登记的回收将被实际变现的现金取代，并按清偿顺序分配：债权人的回收以退出所得为准，无论高于还是低于约定价值。退出只能登记一次。",
    amount: "变现现金（{{currency}}）",
    realisedOn: "变现日期",
    submit: "登记退出",
    agreed: "约定价值",
    realised: "变现现金",
    on: "变现日期",
    adjustment: "对回收金额的调整",
    waiting: "尚未登记退出：回收仍按约定价值以实物计。",
    done: "退出已登记：回收金额已按实际变现的现金调整。",
  },
  history: {
    credit_offset_lowered: "抵销额已下调：差额须以现金补付",
    equity_exit: "退出已登记：回收已按实际变现的现金调整",
  },
  minimum: {
    title: "年度最低许可费",
    lead: "许可年度自 {{startsOn}} 起算。每个许可年度结束时，若该年度内开始的各期间申报的许可费低于最低额，将要求被许可方补足差额。最后不足一年的部分按天数折算最低额。",
    year: "许可年度",
    minimum: "最低额",
    reported: "已申报",
    topUp: "补足额",
    status: { open: "进行中", met: "已达最低额", topped_up: "已补足", pending: "核算中" },
    none: "本许可未约定年度最低许可费。",
    kind: { period: "期间申报", minimum_top_up: "最低额补足" },
  },
};
