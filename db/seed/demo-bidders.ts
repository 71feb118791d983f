import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../client";
import { listings, lotDeposits } from "../schema";
import type { Services } from "../../server/services";
import { principalFor } from "./principal";

/**
 * Bidders ready for the demo's live auction: both demo investors hold confirmed deposits (and bidder codes)
 * on the auction that opens five minutes after the first start, and the demo bank, the applicant creditor,
 * has a credit bid on its judicial relist. Through the services, as the people would; idempotent.
 */
export async function seedDemoBidders(db: Db, services: Services): Promise<void> {
  const bank = await principalFor(db, "bank@demo.ipx.example");
  const operator = await principalFor(db, "operator@demo.ipx.example");
  const announcedAuctions = (preset: "private" | "judicial") =>
    db
      .select({ id: listings.id, disposalCaseId: listings.disposalCaseId })
      .from(listings)
      .where(and(eq(listings.organisationId, bank.organisation.id), eq(listings.mode, "english_auction"), eq(listings.preset, preset), eq(listings.status, "announced")))
      .orderBy(asc(listings.createdAt));
  const live = (await announcedAuctions("private")).find((l) => l.disposalCaseId !== null);
  const relist = (await announcedAuctions("judicial"))[0];
  if (!live || (await db.select({ id: lotDeposits.id }).from(lotDeposits).where(eq(lotDeposits.listingId, live.id)).limit(1)).length > 0) return;
  const must = <T extends { ok: boolean }>(r: T, what: string) => {
    if (!r.ok) throw new Error(`demo bidders: ${what}: ${JSON.stringify(r)}`);
    return r as Extract<T, { ok: true }>;
  };
  for (const email of ["investor1@demo.ipx.example", "investor2@demo.ipx.example"]) {
    const investor = await principalFor(db, email);
    const requested = must(await services.deposits.request(investor, live.id), `${email} deposit`);
    must(await services.deposits.confirm(operator, requested.registration.id), `${email} confirm`);
  }
  if (relist) must(await services.deposits.registerCreditBid(bank, relist.id), "credit bid");
}
