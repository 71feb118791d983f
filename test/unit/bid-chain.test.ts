import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { BID_CHAIN_GENESIS, type BidLink, bidLinkPayload, endOfBidChain, firstBrokenBid } from "../../server/domain/bidding/bid-chain";

const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("hex");
const lotId = "8f0c5b1e-2a57-4f7e-9a43-5d1f3c2b9e10";

function chain(n: number) {
  const links: Array<BidLink & { hash: string }> = [];
  let prevHash = BID_CHAIN_GENESIS;
  for (let seq = 1; seq <= n; seq++) {
    const link = { lotId, seq, bidderCode: seq % 2 ? "K7QA" : "M3ZT", amount: BigInt(1_000_000 + seq * 10_000), placedAt: new Date(Date.UTC(2026, 11, 7, 8, 0, seq, 5)), prevHash };
    links.push({ ...link, hash: sha256(bidLinkPayload(link)) });
    prevHash = links.at(-1)!.hash;
  }
  return links;
}

describe("bid chain", () => {
  it("hashes the published recipe: lot, seq, code, amount, received ms, previous", () => {
    const [first] = chain(1);
    expect(bidLinkPayload(first!)).toBe(`ipx-bid-v1|${lotId}|1|K7QA|1010000|${Date.UTC(2026, 11, 7, 8, 0, 1, 5)}|${"0".repeat(64)}`);
  });

  it("an intact chain has no break; each kind of tampering names its first link", () => {
    expect(firstBrokenBid(chain(6), sha256)).toBeNull();
    const changed = chain(6);
    changed[2] = { ...changed[2]!, amount: changed[2]!.amount - 1n };
    expect(firstBrokenBid(changed, sha256)).toEqual({ seq: 3, reason: "hash_mismatch" });
    const recoded = chain(6);
    recoded[4] = { ...recoded[4]!, bidderCode: "ZZZZ" };
    expect(firstBrokenBid(recoded, sha256)).toEqual({ seq: 5, reason: "hash_mismatch" });
    const retimed = chain(6);
    retimed[0] = { ...retimed[0]!, placedAt: new Date(retimed[0]!.placedAt.getTime() + 1) };
    expect(firstBrokenBid(retimed, sha256)).toEqual({ seq: 1, reason: "hash_mismatch" });
    // A link re-hashed after its change still breaks the next one's reference.
    const rehashed = chain(6);
    const forged = { ...rehashed[1]!, amount: 1n };
    rehashed[1] = { ...forged, hash: sha256(bidLinkPayload(forged)) };
    expect(firstBrokenBid(rehashed, sha256)).toEqual({ seq: 3, reason: "prev_hash_mismatch" });
    const gap = chain(6).filter((l) => l.seq !== 4);
    expect(firstBrokenBid(gap, sha256)).toEqual({ seq: 5, reason: "seq_gap" });
  });

  it("a page continues from the previous page's last link", () => {
    const links = chain(6);
    expect(firstBrokenBid(links.slice(3), sha256, { seq: 4, prevHash: links[2]!.hash })).toBeNull();
    expect(firstBrokenBid(links.slice(3), sha256)).toEqual({ seq: 4, reason: "seq_gap" });
  });

  it("the end must reach the lot's seq and head", () => {
    const links = chain(5);
    const walked = { lastSeq: 5, lastHash: links[4]!.hash };
    expect(endOfBidChain(walked, { seq: 5, chainHead: links[4]!.hash })).toBeNull();
    expect(endOfBidChain({ lastSeq: 4, lastHash: links[3]!.hash }, { seq: 5, chainHead: links[4]!.hash })).toEqual({ seq: 5, reason: "missing_links" });
    expect(endOfBidChain(walked, { seq: 5, chainHead: links[3]!.hash })).toEqual({ seq: 5, reason: "hash_mismatch" });
    expect(endOfBidChain({ lastSeq: 0, lastHash: BID_CHAIN_GENESIS }, { seq: 0, chainHead: null })).toBeNull();
  });
});
