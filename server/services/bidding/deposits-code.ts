import { randomInt } from "node:crypto";

/** Digits and capitals a person reads aloud without confusion: no 0/O, 1/I/L. */
export const BIDDER_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const BIDDER_CODE_LENGTH = 4;

/**
 * A bidder code: random (crypto, unbiased), so it reveals neither who registered nor in what order. With
 * 31⁴ ≈ 920,000 codes per lot a collision is rare; the caller retries on the lot's unique constraint.
 */
export function newBidderCode(pick: (n: number) => number = randomInt): string {
  let code = "";
  for (let i = 0; i < BIDDER_CODE_LENGTH; i++) code += BIDDER_CODE_ALPHABET[pick(BIDDER_CODE_ALPHABET.length)];
  return code;
}
