import { z } from "zod";
import { IdSchema } from "../../../domain/schemas/accounts";
import { BidBodySchema, SinceSeqQuerySchema } from "../../../domain/schemas/bids";
import { valueOf } from "../../../domain/result";
import type { Services } from "../../../services";
import { bidAck } from "../../../services/bidding/bid-service";
import { authorised, endpoint } from "../endpoint";
import { Timestamp } from "../views";

const Params = z.object({ id: IdSchema });
const Amount = z.number().int().describe("Minor units of the lot's currency");

const BidView = z.object({ seq: z.number().int(), amount: Amount, bidderCode: z.string(), placedAt: Timestamp });
const LotView = z.object({
  lot: z.object({
    id: z.uuid(),
    status: z.enum(["announced", "open", "closed"]),
    currency: z.string(),
    currentPrice: Amount.nullable(),
    minNextBid: Amount,
    seq: z.number().int().describe("The last accepted bid's sequence number (gap-free)"),
    endsAt: Timestamp.describe("The end, moved by bids inside the anti-sniping window"),
    reserveMet: z.boolean().describe("A hidden reserve is never shown, only whether the price meets it"),
    outcome: z.enum(["sold", "unsold"]).nullable(),
    chainHead: z
      .string()
      .nullable()
      .describe(
        "SHA-256 (hex) of the bid at `seq`, the head of the lot's bid chain; null before the first bid. Each bid's hash is sha256 of `ipx-bid-v1|lotId|seq|bidderCode|amount|placedAt in ms|previous hash` (64 zeros before seq 1), so anyone holding the bid record can recompute it; a closed lot's head is final",
      ),
  }),
  bids: z.array(BidView).describe("Up to 1,000 bids after `sinceSeq`, oldest first; ask again with the last seq while `hasMore`"),
  hasMore: z.boolean(),
  serverTime: Timestamp,
});

async function lotState(input: { services: Services; params: { id: string }; query: { sinceSeq: number } }) {
  const joined = await input.services.bids.join(input.params.id, input.query.sinceSeq);
  return joined.ok ? { status: 200, body: valueOf(joined) } : { fail: joined.code };
}

export const lotEndpoints = [
  endpoint({
    method: "get",
    path: "/lots/{id}",
    summary: "An English auction's live state (what a watcher of the room holds) and its first bids; a lot's id is its listing's id",
    tag: "bidding",
    permission: "public",
    params: Params,
    query: z.object({ sinceSeq: SinceSeqQuerySchema }),
    response: LotView,
    successStatus: 200,
    handle: lotState,
  }),
  endpoint({
    method: "get",
    path: "/lots/{id}/bids",
    summary: "A lot's bids after `sinceSeq`, oldest first, 1,000 at a time, with the state they lead to (bidder codes only)",
    tag: "bidding",
    permission: "public",
    params: Params,
    query: z.object({ sinceSeq: SinceSeqQuerySchema }),
    response: LotView,
    successStatus: 200,
    handle: lotState,
  }),
  endpoint({
    method: "post",
    path: "/lots/{id}/bids",
    summary:
      "Bid on an English auction (the same engine and answers as the socket's `bid:place`). 201 only once the bid is committed; a retry with the same `clientBidId` returns the same bid, never a second one; 404 where GET /lots/{id} answers 404",
    tag: "bidding",
    permission: "market:trade",
    params: Params,
    body: BidBodySchema,
    response: z.object({ bid: BidView, endsAt: Timestamp }),
    successStatus: 201,
    async handle(input) {
      const ack = bidAck(await input.services.bids.place(authorised(input), { ...input.body, lotId: input.params.id }));
      return ack.ok ? { status: 201, body: { bid: ack.bid, endsAt: ack.endsAt } } : { fail: ack.code };
    },
  }),
];
