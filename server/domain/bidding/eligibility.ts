/**
 * Who may bid on (or tender for) a lot: a pure decision over facts the service gathers. Deny by default.
 * The seller and the pledgor never bid, except the applicant creditor's credit bid under the judicial
 * preset (docs/domain.md, the preset table): a confirmed `credit_bid` registration with a cap, its claim.
 */
export type BidderFacts = {
  verified: boolean;
  platform: boolean;
  isSeller: boolean;
  isPledgor: boolean;
  barred: boolean;
  /** The organisation's registration on this lot, if any. */
  deposit: { method: "bank_transfer" | "card" | "credit_bid"; status: "requested" | "confirmed" | "released" | "forfeited" | "applied"; bidderCode: string; creditCap: bigint | null } | null;
};

export type EligibilityRefusal = "NOT_VERIFIED" | "SELLER_CANNOT_BID" | "BARRED" | "NO_DEPOSIT" | "OVER_CLAIM";

export type Eligibility = { ok: true; bidderCode: string; creditCap: bigint | null } | { ok: false; code: EligibilityRefusal };

/** May this organisation bid `amount` on the lot? `amount` is checked only against a credit bid's cap. */
export function checkBidder(facts: BidderFacts, amount: bigint): Eligibility {
  if (!facts.verified || facts.platform) return { ok: false, code: "NOT_VERIFIED" };
  const credit = facts.deposit?.method === "credit_bid" && facts.deposit.status === "confirmed" ? facts.deposit : null;
  if (facts.isPledgor || (facts.isSeller && !credit)) return { ok: false, code: "SELLER_CANNOT_BID" };
  if (facts.barred) return { ok: false, code: "BARRED" };
  if (!facts.deposit || facts.deposit.status !== "confirmed") return { ok: false, code: "NO_DEPOSIT" };
  if (credit && credit.creditCap !== null && amount > credit.creditCap) return { ok: false, code: "OVER_CLAIM" };
  return { ok: true, bidderCode: facts.deposit.bidderCode, creditCap: facts.deposit.creditCap };
}
