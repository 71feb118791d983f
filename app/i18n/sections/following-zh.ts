import type { followingEn } from "./following-en";

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/** 关注列表与保存的搜索（中文）。键与英文版一一对应。 */
export const followingZh: Shape<typeof followingEn> = {
  nav: "我的关注",
  title: "我的关注",
  lead: "您关注的挂牌和保存的搜索。关注的挂牌开始、结束、撤回、成交，或其权利信息发生变更时，以及有新公告的挂牌符合您保存的搜索时，系统会通过站内通知和电子邮件告知您。",
  browse: "浏览挂牌目录",
  follow: "关注",
  unwatch: "取消关注",
  watching: "您已关注此挂牌",
  signInToFollow: "登录后关注",
  watchlist: {
    title: "关注的挂牌",
    empty: "您还没有关注任何挂牌。在目录中打开一个挂牌，点击标题旁的“关注”：挂牌开始、结束、变更、撤回或成交时都会通知您。",
    listing: "挂牌",
    mode: "处置方式",
    status: "状态",
    price: "价格",
    closesAt: "截止时间",
    actions: "操作",
  },
  searches: {
    title: "保存的搜索",
    count: "{{count}} / {{limit}}",
    empty: "还没有保存的搜索。在目录中搜索并设置关心的筛选条件，然后点击“保存此搜索”：每个符合条件的新挂牌都会通过站内通知和电子邮件告知您一次。",
    since: "保存于",
    open: "在目录中查看",
    delete: "删除",
  },
  summary: {
    everything: "所有新挂牌",
    text: "“{{q}}”",
    price: "{{from}} – {{to}}",
    priceFrom: "{{from}} 起",
    priceTo: "不超过 {{to}}",
    ending: "{{hours}} 小时内截止",
    classes: "分类 {{classes}}",
  },
  save: {
    title: "保存此搜索",
    name: "搜索名称",
    placeholder: "例如：电池专利",
    submit: "保存",
    hint: "符合条件的新挂牌会通过站内通知和电子邮件告知您。",
    signIn: "登录后保存此搜索",
  },
  done: {
    watching: "已关注此挂牌。",
    unwatched: "已取消关注此挂牌。",
    "search-saved": "搜索已保存。符合条件的新挂牌将通知您。",
    "search-deleted": "已删除保存的搜索。",
  },
};
