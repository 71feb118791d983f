/**
 * Sealed tenders: the commitment a bidder can recompute on its own, and the ranking at the opening.
 * Pure, so the page that verifies a receipt in the browser uses the very same recipe.
 */
export const COMMITMENT_PREFIX = "ipx-tender-v1";

/** The recipe printed on every receipt and in docs/decisions/007-sealed-tenders.md. */
export const COMMITMENT_RECIPE =
  'commitment = lowercase hex of SHA-256 over the UTF-8 string "ipx-tender-v1|<lotId>|<organisationId>|<amount>|<salt>", where lotId and organisationId are lowercase UUIDs, amount is the bid in fen as a decimal integer without separators, and salt is the 64 lowercase hex characters of your receipt';

/** The exact string the commitment hashes. */
export function commitmentInput(lotId: string, organisationId: string, amount: bigint, salt: string): string {
  return [COMMITMENT_PREFIX, lotId.toLowerCase(), organisationId.toLowerCase(), amount.toString(), salt.toLowerCase()].join("|");
}

export type OpenedBid = { id: string; amount: bigint | null; verified: boolean; submittedAt: Date };
export type RankedBid = { id: string; rank: number | null };

/**
 * Ranks the bids that opened and matched their commitments: highest price first, an earlier submission
 * winning a tie. A bid that failed verification gets no rank and cannot win.
 */
export function rankTender(bids: readonly OpenedBid[]): RankedBid[] {
  const eligible = bids
    .filter((b): b is OpenedBid & { amount: bigint } => b.verified && b.amount !== null)
    .sort((a, b) => (a.amount === b.amount ? a.submittedAt.getTime() - b.submittedAt.getTime() : a.amount > b.amount ? -1 : 1));
  const ranks = new Map(eligible.map((b, i) => [b.id, i + 1]));
  return bids.map((b) => ({ id: b.id, rank: ranks.get(b.id) ?? null }));
}
