import { z } from "zod";
import { IdSchema } from "../../domain/schemas/accounts";
import { PlaceBidSchema, SinceSeqSchema } from "../../domain/schemas/bids";
import { errorBody } from "../../http/api/errors";
import { bidAck } from "../../services/bidding/bid-service";
import { type Ack, socketHandler } from "../handler";

export const lotRoom = (lotId: string) => `lot:${lotId}`;

function refusal(code: string): Ack {
  return { ok: false, code, message: errorBody(code).body.error.message };
}

export const lotHandlers = [
  socketHandler({
    event: "lot:join",
    permission: "public",
    schema: z.object({ lotId: IdSchema, sinceSeq: SinceSeqSchema }).strict(),
    async handle({ lotId, sinceSeq }, { socket, services }) {
      // Join the room first: a bid committed while the state is read arrives as an event (and is ignored if already held).
      await socket.join(lotRoom(lotId));
      const joined = await services.bids.join(lotId, sinceSeq);
      if (!joined.ok) {
        await socket.leave(lotRoom(lotId));
        return refusal(joined.code);
      }
      const { lot, bids, hasMore, serverTime } = joined;
      return { ok: true, lot, bids, hasMore, serverTime };
    },
  }),
  socketHandler({
    event: "lot:leave",
    permission: "public",
    schema: z.object({ lotId: IdSchema }).strict(),
    async handle({ lotId }, { socket }) {
      await socket.leave(lotRoom(lotId));
      return { ok: true };
    },
  }),
  socketHandler({
    event: "bid:place",
    // Any signed-in caller: the bid service answers NOT_VERIFIED, NO_DEPOSIT, … as the contract names them.
    permission: "account:read",
    schema: PlaceBidSchema,
    async handle(payload, { principal, services }) {
      const answer = await services.bids.place(principal!, payload);
      // The socket contract names no NOT_FOUND for a bid: a lot no one can see is one that never opens.
      const ack = bidAck(answer.ok || answer.code !== "NOT_FOUND" ? answer : { ok: false, code: "LOT_NOT_OPEN" });
      return ack.ok ? ack : refusal(ack.code);
    },
  }),
];
