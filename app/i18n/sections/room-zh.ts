import type { roomEn } from "./room-en";

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/** 英式拍卖的竞价大厅（中文）。键与英文版一一对应。 */
export const roomZh: Shape<typeof roomEn> = {
  tab: "竞价大厅",
  title: "实时竞价",
  connection: { live: "已连接", connecting: "正在连接…", offline: "连接中断，正在重连" },
  currentPrice: "当前价",
  noBidYet: "尚无出价 · 起拍价",
  minNextBid: "最低下一口出价",
  endsIn: "距结束",
  opensIn: "开始竞价",
  status: { announced: "尚未开始", open: "竞价中", closed: "竞价已结束", awarded: "已成交", unsold: "流拍" },
  reserveMet: "已达到保留价。",
  reserveNotMet: "尚未达到保留价。",
  sold: "以 {{price}} 成交，买受人竞买号 {{code}}。",
  unsold: "流拍：未达到保留价或无人出价。",
  standing: { leading: "您（{{code}}）目前领先。", outbid: "您（{{code}}）的出价已被超过。" },
  history: "出价记录",
  noBids: "暂无出价。",
  you: "您",
  amount: "您的出价（元）",
  maxAmount: "代理出价上限（元，可选）",
  placeBid: "出价",
  confirmBid: "确认以此金额出价",
  largeJump: "{{amount}} 远高于最低下一口出价 {{min}}。请核对金额后确认。",
  accepted: "您的出价 {{amount}} 已成功。",
  sellerView: "您以只读方式查看自己的标的。竞买人以竞买号显示，成交后公布买受人身份。",
  signInToBid: "登录后即可出价，任何人都可以围观。",
  registerFirst: "如需出价，请先在“报名竞买”分页报名，并待保证金确认。",
  fingerprint: { title: "竞价记录指纹（SHA-256）", explain: "本标的竞价哈希链的最终链头。每笔出价的哈希涵盖标的、序号、竞买号、金额、服务器收到出价的时间以及上一笔出价的哈希；任何持有竞价记录的人都可重新计算。请保存此值：日后被改写的记录无法再得出同一值。", count: "共 {{seq}} 笔出价，最后一笔为第 {{seq}} 号" },
};
