import { z } from "zod";
import { IdSchema } from "./accounts";

/** An amount in minor units, as a JSON safe integer. */
const Amount = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/**
 * The client's own id for a bid: printable ASCII (a UUID, a counter, a timestamp), so it is stored and compared
 * byte for byte and never meets a NUL, a control character or a lone surrogate.
 */
export const ClientBidIdSchema = z.string({ error: "required" }).regex(/^[\x20-\x7E]{1,100}$/, "client_bid_id_invalid");

/** A bid as a client sends it (socket `bid:place`, POST /lots/{id}/bids and the room's form share it). */
export const BidBodySchema = z
  .object({
    amount: Amount,
    /** The client's own id for this bid: a retry with the same id returns the same answer and never a second bid. */
    clientBidId: ClientBidIdSchema,
    maxAmount: Amount.optional(),
    match: z.boolean().optional(),
  })
  .strict();

export const PlaceBidSchema = BidBodySchema.extend({ lotId: IdSchema }).strict();
export type PlaceBidInput = z.output<typeof PlaceBidSchema>;

/** How far a watcher has read: bids after this sequence number are sent (a socket sends a number; a query string is coerced). */
export const SinceSeqSchema = z.number().int().min(0).max(2_147_483_647).default(0);
export const SinceSeqQuerySchema = z.coerce.number().int().min(0).max(2_147_483_647).default(0);
