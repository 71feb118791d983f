import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { lots } from "../../../db/schema";
import { fail, ok } from "../../domain/result";
import type { ListingRow } from "../listings/offers/common";

/** Modes decided by bidding, where organisations register (a deposit and a bidder code) before they bid. */
export const BIDDING_MODES = ["english_auction", "tender"] as const;

/**
 * A lot takes registrations while announced or open and its bidding has not ended: the live end (moved by
 * anti-sniping) once the lot row exists, the listing's close before that. Hidden listings are NOT_FOUND.
 */
export async function checkRegistrationOpen(tx: DbOrTx, l: ListingRow | undefined, now: Date) {
  if (!l || ["draft", "in_review"].includes(l.status)) return fail("NOT_FOUND");
  if (!(BIDDING_MODES as readonly string[]).includes(l.mode)) return fail("WRONG_MODE", { mode: l.mode });
  if (!["announced", "open"].includes(l.status)) return fail("WRONG_STATUS", { status: l.status });
  const [lot] = await tx.select({ endsAt: lots.endsAt }).from(lots).where(eq(lots.listingId, l.id));
  const endsAt = lot?.endsAt ?? l.closesAt;
  if (endsAt && endsAt <= now) return fail("WRONG_STATUS", { status: l.status, biddingEndedAt: endsAt.toISOString() });
  return ok({ listing: l });
}
