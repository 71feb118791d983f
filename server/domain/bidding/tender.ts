import { type Score, type TenderScoring, declaredValueIssues, scoreBids } from "./tender-scoring";

/**
 * Sealed tenders: the commitment a bidder can recompute on its own, and the ranking at the opening.
 * Pure, so the page that verifies a receipt in the browser uses the very same recipe.
 */
export const COMMITMENT_SCHEMES = ["ipx-tender-v1", "ipx-tender-v2"] as const;
export type CommitmentScheme = (typeof COMMITMENT_SCHEMES)[number];

/**
 * The recipes printed on every receipt and in docs/decisions/007-sealed-tenders.md: v1 binds the amount
 * (price tenders), v2 also the values declared for a weighted tender's criteria.
 */
export const COMMITMENT_RECIPES: Record<CommitmentScheme, string> = {
  "ipx-tender-v1":
    'commitment = lowercase hex of SHA-256 over the UTF-8 string "ipx-tender-v1|<lotId>|<organisationId>|<amount>|<salt>", where lotId and organisationId are lowercase UUIDs, amount is the bid in fen as a decimal integer without separators, and salt is the 64 lowercase hex characters of your receipt',
  "ipx-tender-v2":
    'commitment = lowercase hex of SHA-256 over the UTF-8 string "ipx-tender-v2|<lotId>|<organisationId>|<amount>|<values>|<salt>", where lotId and organisationId are lowercase UUIDs, amount is the bid in fen as a decimal integer without separators, values are the whole numbers you declared for the criteria, in the order the listing publishes them, as decimal integers joined by commas (for example 30,12,5), and salt is the 64 lowercase hex characters of your receipt',
};

/** A weighted tender's bids declare values, so their commitments bind them (v2); a price tender's do not (v1). */
const commitmentSchemeOf = (values: readonly number[] | null | undefined): CommitmentScheme => (values && values.length > 0 ? "ipx-tender-v2" : "ipx-tender-v1");

/** The exact string the commitment hashes: v1 without declared values, v2 with them. */
export function commitmentInput(lotId: string, organisationId: string, amount: bigint, salt: string, values?: readonly number[] | null): string {
  const declared = commitmentSchemeOf(values) === "ipx-tender-v2" ? [values!.map(String).join(",")] : [];
  return [commitmentSchemeOf(values), lotId.toLowerCase(), organisationId.toLowerCase(), amount.toString(), ...declared, salt.toLowerCase()].join("|");
}

export type OpenedBid = { id: string; amount: bigint | null; values: readonly number[] | null; verified: boolean; submittedAt: Date };
export type RankedBid = { id: string; rank: number | null; score: Score | null };

/**
 * Ranks the bids that opened and matched their commitments. By price: highest first. By a published scoring:
 * highest score first, then the higher price. Either way an earlier submission wins what is still tied. A bid
 * that failed verification (or, weighted, lacks valid declared values) gets no rank and cannot win.
 */
export function rankTender(bids: readonly OpenedBid[], scoring: TenderScoring | null): RankedBid[] {
  const eligible = bids.filter((b): b is OpenedBid & { amount: bigint } => b.verified && b.amount !== null && (!scoring || declaredValueIssues(scoring, b.values).length === 0));
  const scores = scoring ? scoreBids(scoring, eligible.map((b) => ({ id: b.id, amount: b.amount, values: b.values ?? [] }))) : new Map<string, Score>();
  const totalOf = (id: string) => scores.get(id)?.total ?? 0;
  eligible.sort((a, b) => totalOf(b.id) - totalOf(a.id) || (a.amount === b.amount ? a.submittedAt.getTime() - b.submittedAt.getTime() : a.amount > b.amount ? -1 : 1));
  const ranks = new Map(eligible.map((b, i) => [b.id, i + 1]));
  return bids.map((b) => ({ id: b.id, rank: ranks.get(b.id) ?? null, score: scores.get(b.id) ?? null }));
}

/** The bid proposed for award: the best-ranked one whose price meets the reserve, if any. */
export function proposedAward<B extends { amount: bigint | null; rank: number | null }>(ranked: readonly B[], reserve: bigint | null): (B & { amount: bigint }) | null {
  const meets = ranked.filter((b): b is B & { amount: bigint } => b.rank !== null && b.amount !== null && (reserve === null || b.amount >= reserve));
  return meets.sort((a, b) => a.rank! - b.rank!)[0] ?? null;
}
