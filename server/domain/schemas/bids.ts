import { z } from "zod";
import { IdSchema } from "./accounts";

/** An amount in minor units, as a JSON safe integer. */
const Amount = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** A bid as a client sends it (socket `bid:place` and POST /lots/{id}/bids share it). */
export const BidBodySchema = z
  .object({
    amount: Amount,
    /** The client's own id for this bid: a retry with the same id returns the same answer and never a second bid. */
    clientBidId: z.string().min(1).max(100),
    maxAmount: Amount.optional(),
    match: z.boolean().optional(),
  })
  .strict();

export const PlaceBidSchema = BidBodySchema.extend({ lotId: IdSchema }).strict();
export type PlaceBidInput = z.output<typeof PlaceBidSchema>;

/** How far a watcher has read: bids after this sequence number are sent (a socket sends a number; a query string is coerced). */
export const SinceSeqSchema = z.number().int().min(0).max(2_147_483_647).default(0);
export const SinceSeqQuerySchema = z.coerce.number().int().min(0).max(2_147_483_647).default(0);
