import { and, eq } from "drizzle-orm";
import { expect } from "vitest";
import { licenceAgreements, payments, royaltyReports } from "../../db/schema";
import { type Flow, type LicenceSpec, expectDistributed, recordInput, setListing } from "./money-flows";
import { bps } from "./money-model";
import { organisation } from "./recovery-fixture";

/** A licence of the right: the licensee reports periods and pays each royalty in full, short (held until the rest comes), or over. */
export async function licence(flow: Flow, s: LicenceSpec) {
  const { world, fx, books } = flow;
  const terms = { kind: "non_exclusive", fieldOfUse: "All fields", territory: "Mainland China", termMonths: 36, upfrontFee: 0, royaltyBps: s.royaltyBps, minimumAnnualRoyalty: Number(s.minimum) };
  await setListing(flow, { mode: "licence", status: "announced", terms });
  const licensee = await world.principal(await organisation(world.db, "Licensee", "licensee"));
  const applied = await world.services.offers.licence.apply(licensee, fx.listing.id, { kind: "apply" });
  if (!applied.ok) throw new Error(`licence application refused: ${applied.code}`);
  const accepted = await world.services.offers.licence.decide(flow.bank, applied.id, "accept");
  if (!accepted.ok || accepted.status !== "accepted") throw new Error("licence not accepted");
  const payer = licensee.organisation.id;
  flow.buyers.push(payer);
  const [agreement] = await world.db.select({ startsOn: licenceAgreements.startsOn }).from(licenceAgreements).where(eq(licenceAgreements.id, accepted.agreementId));
  for (const [i, period] of s.periods.entries()) {
    const reported = await world.services.royalties.report(licensee, accepted.agreementId, { ...quarter(agreement!.startsOn, i), netSales: period.netSales });
    if (!reported.ok) throw new Error(`royalty report refused: ${reported.code}`);
    const due = bps(period.netSales, s.royaltyBps);
    expect(reported.report.royaltyDue).toBe(due);
    const part = period.pay === "short" || period.pay === "short_then_rest" ? bps(due, period.partBps) || 1n : 0n;
    if (part > 0n) {
      await world.receiveTransfer(reported.reference!, part);
      books.moneyIn(part);
      books.heldFor(fx.bank.id, part);
    }
    if (period.pay !== "short") {
      const rest = due - part + (period.pay === "over" ? period.over : 0n);
      await world.receiveTransfer(reported.reference!, rest);
      books.moneyIn(rest);
      books.heldFor(fx.bank.id, -part);
      if (period.pay === "over") books.owedBack(payer, period.over);
    }
    await expectDistributed(flow, period.pay === "short" ? 0n : due, 0n);
    for (const step of period.then) await recordInput(flow, step);
  }
  if (s.minimum > 0n) await closeFirstLicenceYear(flow, accepted.agreementId, s);
}

/** The licence's i-th reporting period of 91 days, from its first day (a report may not start before the licence). */
function quarter(startsOn: string, i: number) {
  const day = (n: number) => new Date(Date.parse(`${startsOn}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  return { periodStart: day(91 * i), periodEnd: day(91 * i + 90) };
}

/**
 * The first licence year ends (the clock moved past its last day in China): the royalties of the periods that
 * began in it short of the minimum are asked as a top-up, once; paid by transfer, it is distributed.
 */
async function closeFirstLicenceYear(flow: Flow, agreementId: string, s: LicenceSpec) {
  const { world, books } = flow;
  const [agreement] = await world.db.select().from(licenceAgreements).where(eq(licenceAgreements.id, agreementId));
  const start = agreement!.startsOn;
  const nextStart = `${Number(start.slice(0, 4)) + 1}${start.slice(4)}`;
  const reported = s.periods.filter((_, i) => quarter(start, i).periodStart < nextStart);
  const shortfall = s.minimum - reported.reduce((sum, p) => sum + bps(p.netSales, s.royaltyBps), 0n);
  const topUp = shortfall > 0n ? shortfall : 0n;
  world.clock = new Date(`${nextStart}T00:00:00+08:00`);
  expect(await world.services.royalties.closeYear(agreementId, start)).toEqual({ topUp });
  // Run again, it asks nothing more: a year with a top-up finds it; a year that met its minimum recorded nothing and finds nothing owed.
  expect(await world.services.royalties.closeYear(agreementId, start)).toEqual(topUp > 0n ? null : { topUp: 0n });
  if (topUp === 0n) return;
  const [asked] = await world.db.select({ reference: payments.reference, amount: payments.amount }).from(payments).innerJoin(royaltyReports, eq(royaltyReports.id, payments.royaltyReportId)).where(and(eq(royaltyReports.licenceAgreementId, agreementId), eq(royaltyReports.kind, "minimum_top_up")));
  expect(asked!.amount).toBe(topUp);
  if (!s.paysTopUp) return expectDistributed(flow, 0n, 0n);
  await world.receiveTransfer(asked!.reference, topUp);
  books.moneyIn(topUp);
  await expectDistributed(flow, topUp, 0n);
}
