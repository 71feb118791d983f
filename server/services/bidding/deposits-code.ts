import { randomInt } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { lotDeposits } from "../../../db/schema";

/** Digits and capitals a person reads aloud without confusion: no 0/O, 1/I/L. */
export const BIDDER_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const BIDDER_CODE_LENGTH = 4;

/**
 * A bidder code: random (crypto, unbiased), so it reveals neither who registered nor in what order. With
 * 31⁴ ≈ 920,000 codes per lot a collision is rare; the caller retries on the lot's unique constraint.
 */
export function newBidderCode(pick: (n: number) => number = randomInt): string {
  return readableCode(BIDDER_CODE_LENGTH, pick);
}

/** `length` characters of the readable alphabet, drawn at random (crypto, unbiased). */
export function readableCode(length: number, pick: (n: number) => number = randomInt): string {
  let code = "";
  for (let i = 0; i < length; i++) code += BIDDER_CODE_ALPHABET[pick(BIDDER_CODE_ALPHABET.length)];
  return code;
}

type NewDeposit = Omit<typeof lotDeposits.$inferInsert, "bidderCode">;

/** Plenty: with 31⁴ codes a lot would need hundreds of thousands of bidders before this could run out. */
const CODE_ATTEMPTS = 20;

/**
 * Inserts a registration with a fresh bidder code, or returns the organisation's existing one. A code taken
 * on this lot is simply drawn again: ON CONFLICT DO NOTHING keeps the transaction usable for the retry.
 */
export async function insertWithCode(tx: DbOrTx, values: NewDeposit) {
  for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
    const [row] = await tx.insert(lotDeposits).values({ ...values, bidderCode: newBidderCode() }).onConflictDoNothing().returning();
    if (row) return { row, created: true };
    const [existing] = await tx.select().from(lotDeposits).where(and(eq(lotDeposits.listingId, values.listingId), eq(lotDeposits.organisationId, values.organisationId)));
    if (existing) return { row: existing, created: false };
  }
  throw new Error(`no free bidder code on lot ${values.listingId} after ${CODE_ATTEMPTS} attempts`);
}
