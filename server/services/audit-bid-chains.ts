import { and, asc, eq, gt } from "drizzle-orm";
import type { Db } from "../../db/client";
import { bids, lots } from "../../db/schema";
import type { ChainBreak } from "../domain/audit-chain";
import { BID_CHAIN_GENESIS, bidChainName, endOfBidChain, firstBrokenBid } from "../domain/bidding/bid-chain";
import { sha256 } from "./secrets";

export type ChainReport = { chain: string; events: number; firstBreak: ChainBreak | null };

const LOTS_PAGE = 500;
const BIDS_PAGE = 5_000;

/**
 * Recomputes every lot's bid chain in seq order and compares its end with the head and seq the lot row
 * holds (so the newest bids cannot be deleted unnoticed); one report per lot that has bids.
 */
export async function verifyBidChains(db: Db): Promise<ChainReport[]> {
  const reports: ChainReport[] = [];
  let afterLot = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const page = await db
      .select({ id: lots.listingId, seq: lots.seq, chainHead: lots.chainHead })
      .from(lots)
      .where(gt(lots.listingId, afterLot))
      .orderBy(asc(lots.listingId))
      .limit(LOTS_PAGE);
    if (page.length === 0) return reports;
    for (const lot of page) {
      const report = await verifyLot(db, lot);
      if (report.events > 0 || report.firstBreak || lot.seq > 0) reports.push(report);
    }
    afterLot = page[page.length - 1]!.id;
  }
}

async function verifyLot(db: Db, lot: { id: string; seq: number; chainHead: string | null }): Promise<ChainReport> {
  let walked = { lastSeq: 0, lastHash: BID_CHAIN_GENESIS };
  let events = 0;
  for (;;) {
    const rows = await db
      .select({ seq: bids.seq, bidderCode: bids.bidderCode, amount: bids.amount, placedAt: bids.placedAt, prevHash: bids.prevHash, hash: bids.hash })
      .from(bids)
      .where(and(eq(bids.listingId, lot.id), gt(bids.seq, walked.lastSeq)))
      .orderBy(asc(bids.seq))
      .limit(BIDS_PAGE);
    if (rows.length === 0) break;
    const links = rows.map((r) => ({ ...r, lotId: lot.id }));
    const broken = firstBrokenBid(links, sha256, { seq: walked.lastSeq + 1, prevHash: walked.lastHash });
    if (broken) return { chain: bidChainName(lot.id), events, firstBreak: broken };
    events += rows.length;
    walked = { lastSeq: rows[rows.length - 1]!.seq, lastHash: rows[rows.length - 1]!.hash };
  }
  return { chain: bidChainName(lot.id), events, firstBreak: endOfBidChain(walked, lot) };
}
