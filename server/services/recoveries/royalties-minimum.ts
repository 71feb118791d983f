import { and, between, eq, sum } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { licenceAgreements, listings, royaltyReports } from "../../../db/schema";
import { addDays, chinaDate } from "../../domain/calendar-date";
import { type LicenceYear, licenceYears, minimumShortfall } from "../../domain/proceeds/licence-years";
import { enqueueJob } from "../../jobs/runner";
import { appendAudit } from "../audit";
import { tellOrganisations } from "../listings/notices";
import { requestPayment } from "../payments/requests";

export const MINIMUM_ROYALTY_JOB = "licence:minimum-royalty";

type AgreementRow = typeof licenceAgreements.$inferSelect;
type AgreementTerms = Pick<AgreementRow, "id" | "startsOn" | "terms">;

/** An agreement's licence years with their minimum; none without a minimum annual royalty. */
export function yearsOf(a: Pick<AgreementRow, "startsOn" | "terms">): LicenceYear[] {
  const terms = a.terms as { minimumAnnualRoyalty?: number | string; termMonths?: number };
  const minimum = BigInt(terms.minimumAnnualRoyalty ?? 0);
  return minimum > 0n && terms.termMonths ? licenceYears(a.startsOn, terms.termMonths, minimum) : [];
}

/** A year is over from the next day's midnight in China (the licence's dates are China's calendar days). */
const yearOverAt = (year: LicenceYear) => new Date(`${addDays(year.end, 1)}T00:00:00+08:00`);

/** Queues the check of the first licence year not yet over (deduplicated by agreement and year); nothing once the term is over. */
export async function armMinimumRoyalty(tx: DbOrTx, a: AgreementTerms, now: Date): Promise<void> {
  const next = yearsOf(a).find((y) => yearOverAt(y) > now);
  if (next) await enqueueJob(tx, { kind: MINIMUM_ROYALTY_JOB, payload: { agreementId: a.id, yearStart: next.start }, runAt: yearOverAt(next), dedupeKey: `licence:${a.id}:minimum:${next.start}` });
}

/** The royalties reported for periods starting in the year (top-ups aside). */
export async function reportedIn(tx: DbOrTx, agreementId: string, year: Pick<LicenceYear, "start" | "end">): Promise<bigint> {
  const [row] = await tx
    .select({ sum: sum(royaltyReports.royaltyDue) })
    .from(royaltyReports)
    .where(and(eq(royaltyReports.licenceAgreementId, agreementId), eq(royaltyReports.kind, "period"), between(royaltyReports.periodStart, year.start, year.end)));
  return BigInt(row?.sum ?? 0);
}

/**
 * A licence year's end: when the royalties reported for it fall short of its minimum, a `minimum_top_up` report
 * for the shortfall is recorded and asked for like a period's royalty (a payment with its reference, distributed
 * when paid), and the licensee is told. Once per year, under the agreement's row lock (and the reports' unique key).
 * Then the next year's check is armed. A year not yet over, or already checked, changes nothing.
 */
export async function closeLicenceYear(tx: DbOrTx, agreementId: string, yearStart: string, now: Date): Promise<{ topUp: bigint } | null> {
  const [a] = await tx.select().from(licenceAgreements).where(eq(licenceAgreements.id, agreementId)).for("update");
  const year = a ? yearsOf(a).find((y) => y.start === yearStart) : undefined;
  if (!a || !year || yearOverAt(year) > now) return null;
  await armMinimumRoyalty(tx, a, now);
  const [done] = await tx.select({ id: royaltyReports.id }).from(royaltyReports).where(and(eq(royaltyReports.licenceAgreementId, a.id), eq(royaltyReports.kind, "minimum_top_up"), eq(royaltyReports.periodStart, year.start)));
  if (done) return null;
  const topUp = minimumShortfall(year.minimum, await reportedIn(tx, a.id, year));
  if (topUp === 0n) return { topUp };
  const [l] = await tx.select().from(listings).where(eq(listings.id, a.listingId));
  const [report] = await tx
    .insert(royaltyReports)
    .values({ licenceAgreementId: a.id, kind: "minimum_top_up", periodStart: year.start, periodEnd: year.end, currency: l!.currency, netSales: 0n, royaltyDue: topUp, reportedBy: null, reportedAt: now })
    .returning();
  const payment = await requestPayment(tx, { payerOrganisationId: a.licenseeOrganisationId, purpose: "royalty", method: "bank_transfer", royaltyReportId: report!.id, currency: l!.currency, amount: topUp }, now);
  const data = { reportId: report!.id, yearStart: year.start, yearEnd: year.end, minimum: year.minimum.toString(), topUp: topUp.toString(), reference: payment.reference };
  await appendAudit(tx, { action: "royalty.minimum_top_up", organisationId: a.licenseeOrganisationId, subjectType: "listing", subjectId: l!.id, data }, now);
  await tellOrganisations(tx, [a.licenseeOrganisationId], l!, "royalty_minimum_top_up", now, `/licences/${a.id}`);
  return { topUp };
}

/** Every year of the agreement that is over (for the start-up sweep: agreements made before their job existed, or a lost job). */
export async function closeEndedYears(tx: DbOrTx, a: AgreementRow, now: Date): Promise<number> {
  let closed = 0;
  for (const year of yearsOf(a).filter((y) => yearOverAt(y) <= now)) if ((await closeLicenceYear(tx, a.id, year.start, now))?.topUp) closed++;
  await armMinimumRoyalty(tx, a, now);
  return closed;
}

/** The licence page's view of the minimum: each year begun so far with its minimum, what was reported and the top-up asked. */
export async function minimumYearsView(db: DbOrTx, a: AgreementRow, now: Date) {
  const today = chinaDate(now);
  const years = yearsOf(a).filter((y) => y.start <= today);
  const topUps = await db.select({ periodStart: royaltyReports.periodStart, royaltyDue: royaltyReports.royaltyDue }).from(royaltyReports).where(and(eq(royaltyReports.licenceAgreementId, a.id), eq(royaltyReports.kind, "minimum_top_up")));
  return Promise.all(
    years.map(async (y) => {
      const reported = await reportedIn(db, a.id, y);
      const topUp = topUps.find((t) => t.periodStart === y.start)?.royaltyDue ?? null;
      const over = yearOverAt(y) <= now;
      const status = !over ? ("open" as const) : topUp !== null ? ("topped_up" as const) : reported >= y.minimum ? ("met" as const) : ("pending" as const);
      return { start: y.start, end: y.end, minimum: y.minimum, reported, topUp, status };
    }),
  );
}
