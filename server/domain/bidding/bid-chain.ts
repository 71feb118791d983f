import { type ChainBreak, GENESIS_HASH, firstBreakIn } from "../audit-chain";

/**
 * Each lot's bids form a hash chain of their own, in seq order (decision 017), so auditing never serialises
 * bidding across lots. A link covers what the public bid record shows: the lot, seq, bidder code, amount and
 * the time the server received the bid. Anyone holding the record and the published head can recompute it.
 */
export type BidLink = { lotId: string; seq: number; bidderCode: string; amount: bigint; placedAt: Date; prevHash: string };

export const BID_CHAIN_GENESIS = GENESIS_HASH;

/** A lot's bid chain as verification reports name it, beside the audit chains ("global", …). */
export const bidChainName = (lotId: string) => `bids:${lotId}`;
export const isBidChain = (chain: string) => chain.startsWith("bids:");

/** The bytes a bid's hash covers (the migration that chained earlier bids builds the same string in SQL). */
export function bidLinkPayload(link: BidLink): string {
  return ["ipx-bid-v1", link.lotId, link.seq, link.bidderCode, link.amount.toString(), link.placedAt.getTime(), link.prevHash].join("|");
}

/**
 * Walks a lot's bids (or a page of them, continuing `from`) in seq order; names the first broken link, or null.
 * The digest is passed in (sha256 on the server) to keep the domain free of I/O.
 */
export function firstBrokenBid(links: ReadonlyArray<BidLink & { hash: string }>, digest: (payload: string) => string, from?: { seq: number; prevHash: string }): ChainBreak | null {
  return firstBreakIn(links, (link) => digest(bidLinkPayload(link)), from);
}

/**
 * After the last page: a chain that links but ends before the lot's recorded seq lost its newest bids, and
 * one whose last hash is not the lot's recorded head was rewritten or cut.
 */
export function endOfBidChain(walked: { lastSeq: number; lastHash: string }, lot: { seq: number; chainHead: string | null }): ChainBreak | null {
  if (walked.lastSeq < lot.seq) return { seq: walked.lastSeq + 1, reason: "missing_links" };
  if (walked.lastSeq > 0 && walked.lastHash !== lot.chainHead) return { seq: walked.lastSeq, reason: "hash_mismatch" };
  return null;
}
