import type { DbOrTx } from "../../../db/client";
import { type Mail, notifyOrganisations } from "../notifier";

/**
 * Every notice about a listing, with the e-mail's words in both languages (we do not know each reader's
 * choice). The inbox shows the same kinds translated from `notifications.<kind>`.
 */
export const LISTING_NOTICES = {
  listing_review: { zh: "待审核挂牌", en: "Listing to review" },
  listing_rejected: { zh: "挂牌未通过审核", en: "Listing returned by the review" },
  listing_announced: { zh: "挂牌已公告", en: "Listing announced" },
  listing_opened: { zh: "挂牌已开始", en: "Listing open" },
  listing_closed: { zh: "挂牌已结束", en: "Listing closed" },
  listing_awarded: { zh: "挂牌已成交", en: "Listing awarded" },
  listing_unsold: { zh: "挂牌未成交", en: "Listing unsold" },
  lot_won: { zh: "您已竞得拍品", en: "You won the lot" },
  lot_lost: { zh: "拍卖已结束，您未竞得", en: "The auction ended; you did not win" },
  lot_outbid: { zh: "您的出价已被超越", en: "You were outbid" },
  settlement_opened: { zh: "成交结算已生成：请在期限内付清余款", en: "Settlement opened: pay the balance by its deadline" },
  settlement_paid: { zh: "余款已付清", en: "The balance is paid" },
  settlement_balance_raised: { zh: "抵销额已调整：请以现金补付差额", en: "Credit offset lowered: pay the difference in cash" },
  royalty_minimum_top_up: { zh: "许可年度提成费未达最低额：请补足差额", en: "Royalties below the annual minimum: pay the top-up" },
  refund_paid: { zh: "交易所已退款", en: "The exchange sent money back" },
  payout_transferred: { zh: "分配款已转入您的 Stripe 账户", en: "A distribution was transferred to your Stripe account" },
  settlement_defaulted: { zh: "买受人未按期付款：保证金没收，标的将重新处置", en: "The buyer did not pay in time: deposit forfeited, the lot is offered again" },
  listing_converted_to_auction: { zh: "多名合格买方：转为买方之间的竞价", en: "Several qualified buyers: now an auction among them" },
  transfer_intent_registered: { zh: "有买方登记了受让意向", en: "A buyer registered intent" },
  transfer_deposit_confirmed: { zh: "您的保证金已确认", en: "Your deposit is confirmed" },
  lot_deposit_confirmed: { zh: "您的竞买保证金已确认，可以出价", en: "Your deposit is confirmed: you may bid" },
  priority_right_named: { zh: "您被列为优先购买权人", en: "You are named a priority-purchase-right holder" },
  licence_application_received: { zh: "收到许可申请", en: "Licence application received" },
  licence_application_accepted: { zh: "您的许可申请已被接受", en: "Your licence application was accepted" },
  licence_application_declined: { zh: "您的许可申请未被接受", en: "Your licence application was declined" },
  equity_proposal_received: { zh: "收到作价入股提议", en: "Equity proposal received" },
  equity_proposal_accepted: { zh: "您的作价入股提议已被接受", en: "Your equity proposal was accepted" },
  equity_proposal_declined: { zh: "您的作价入股提议未被接受", en: "Your equity proposal was declined" },
  discount_confirmation_requested: { zh: "协议折价待您确认", en: "A negotiated discount awaits your confirmation" },
  discount_agreed: { zh: "协议折价双方已确认", en: "Both sides confirmed the negotiated discount" },
  discount_declined: { zh: "协议折价被拒绝", en: "The negotiated discount was declined" },
  tender_opened: { zh: "密封投标已开标", en: "Sealed tenders opened" },
  tender_won: { zh: "您的投标在开标中排名第一，拟成交", en: "Your tender ranked first at the opening: award proposed" },
  tender_lost: { zh: "开标结果：您的投标未中标", en: "Opening result: your tender was not successful" },
  watched_listing_opened: { zh: "您关注的挂牌已开始", en: "A listing you follow has opened" },
  watched_listing_closed: { zh: "您关注的挂牌已结束", en: "A listing you follow has closed" },
  watched_listing_withdrawn: { zh: "您关注的挂牌已撤回", en: "A listing you follow was withdrawn" },
  watched_listing_awarded: { zh: "您关注的挂牌已成交", en: "A listing you follow was awarded" },
  watched_listing_to_auction: { zh: "您关注的挂牌转为买方之间的竞价", en: "A listing you follow became an auction among its buyers" },
  watched_listing_changed: { zh: "您关注的挂牌中的权利信息有变更", en: "The facts of a right in a listing you follow changed" },
} as const;
export type ListingNotice = keyof typeof LISTING_NOTICES;

type Subject = { id: string; title: string };

export const listingLink = (listing: Subject) => `/listings/${listing.id}`;

/** The e-mail of a notice: the listing's title, what happened in both languages, and where to look. */
export function listingMail(listing: Subject, kind: ListingNotice, link = listingLink(listing)): Mail {
  const words = LISTING_NOTICES[kind];
  return { subject: `[IPX] ${words.zh} / ${words.en}: ${listing.title}`, body: `${listing.title}\n${words.zh}\n${words.en}\n${link}\n` };
}

/** Tells every member of these organisations about the listing, inside the transaction that caused it. */
export async function tellOrganisations(tx: DbOrTx, organisationIds: readonly string[], listing: Subject, kind: ListingNotice, now: Date, link = listingLink(listing)) {
  await notifyOrganisations(tx, organisationIds, [{ kind, data: { title: listing.title }, link }], listingMail(listing, kind, link), now);
}
