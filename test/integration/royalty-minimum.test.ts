import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { distributions, jobs, licenceAgreements, licenceApplications, listings, notifications, payments, royaltyReports } from "../../db/schema";
import { parseConfig } from "../../server/config";
import { createLogger } from "../../server/logger";
import { type Services, buildServices } from "../../server/services";
import { EventBus } from "../../server/services/events";
import { defaultedCase, organisation, principalOf } from "../support/recovery-fixture";
import { type TestDatabase, startTestDatabase } from "../support/test-server";
import { expectBooksBalanced } from "../support/money-model";

/**
 * The minimum annual royalty on a fake clock: a licence of 30 months from 2026-11-27 at 5% with a minimum of
 * ¥1,000.00 a year (100,000 fen); years end on 26 November; the last half year's minimum is pro rata by days.
 */
let server: TestDatabase;
let services: Services;
let clock = new Date("2026-11-27T02:00:00Z");
const db = () => server.db.db;

beforeAll(async () => {
  server = await startTestDatabase();
  const config = parseConfig({ NODE_ENV: "test", DATABASE_URL: server.databaseUrl, LOG_LEVEL: "silent" });
  services = buildServices({ db: server.db.db, config, bus: new EventBus(), log: createLogger("silent"), now: () => clock });
});
afterAll(() => server?.stop());

const actingFor = (org: { id: string; name: string; kind: string }) => principalOf(db(), org, { member: true });


/** The bank's non-exclusive licence listing; the licensee's application on the posted terms accepted through the service. */
async function licensed(minimumAnnualRoyalty = "100000") {
  const fx = await defaultedCase(db(), { claim: { costs: 0n, interest: 0n, penalty: 0n, principal: 5_000_000n }, preset: "private" });
  const terms = { kind: "non_exclusive", upfrontFee: 0, royaltyBps: 500, minimumAnnualRoyalty, termMonths: 30, fieldOfUse: "All", territory: "CN" };
  await db().update(listings).set({ mode: "licence", status: "announced", terms }).where(eq(listings.id, fx.listing.id));
  const licensee = await organisation(db(), "Licensee", "licensee");
  const [application] = await db().insert(licenceApplications).values({ listingId: fx.listing.id, applicantOrganisationId: licensee.id, kind: "apply", terms, createdAt: clock }).returning();
  const accepted = await services.offers.licence.decide(await actingFor(fx.bank), application!.id, "accept");
  expect(accepted).toMatchObject({ ok: true });
  const [agreement] = await db().select().from(licenceAgreements).where(eq(licenceAgreements.listingId, fx.listing.id));
  return { fx, licensee, agreement: agreement!, asLicensee: await actingFor(licensee) };
}

const topUps = (agreementId: string) => db().select().from(royaltyReports).where(and(eq(royaltyReports.licenceAgreementId, agreementId), eq(royaltyReports.kind, "minimum_top_up")));

describe("minimum annual royalty", () => {
  it("a year of low sales is topped up at its end (once), paid and distributed; a year above the minimum is not; the part year's minimum is pro rata", async () => {
    const { fx, licensee, agreement, asLicensee } = await licensed();
    expect(agreement.startsOn).toBe("2026-11-27");
    // The first year's end is armed when the agreement is made: midnight in China after 2027-11-26.
    const armed = await db().select().from(jobs).where(eq(jobs.dedupeKey, `licence:${agreement.id}:minimum:2026-11-27`));
    expect(armed.map((j) => [j.kind, j.runAt.toISOString()])).toEqual([["licence:minimum-royalty", "2027-11-26T16:00:00.000Z"]]);

    // Year 1: ¥10,000.00 of sales at 5% = 50,000 fen reported; the minimum is 100,000.
    expect(await services.royalties.report(asLicensee, agreement.id, { periodStart: "2027-01-01", periodEnd: "2027-06-30", netSales: 1_000_000n })).toMatchObject({ ok: true });
    clock = new Date("2027-11-26T15:59:00Z");
    expect(await services.royalties.closeYear(agreement.id, "2026-11-27")).toBeNull();
    expect(await topUps(agreement.id)).toEqual([]);
    clock = new Date("2027-11-26T16:00:00Z");
    expect(await services.royalties.closeYear(agreement.id, "2026-11-27")).toEqual({ topUp: 50_000n });
    expect(await services.royalties.closeYear(agreement.id, "2026-11-27")).toBeNull();
    const [topUp] = await topUps(agreement.id);
    expect(topUp).toMatchObject({ periodStart: "2026-11-27", periodEnd: "2027-11-26", royaltyDue: 50_000n, netSales: 0n });
    expect(await topUps(agreement.id)).toHaveLength(1);
    const [asked] = await db().select().from(payments).where(eq(payments.royaltyReportId, topUp!.id));
    expect(asked).toMatchObject({ purpose: "royalty", amount: 50_000n, payerOrganisationId: licensee.id, status: "pending" });
    const told = await db().select().from(notifications).where(and(eq(notifications.kind, "royalty_minimum_top_up"), eq(notifications.link, `/licences/${agreement.id}`)));
    expect(told.map((n) => n.organisationId)).toEqual([licensee.id]);
    // The next year's end is armed.
    expect(await db().select().from(jobs).where(eq(jobs.dedupeKey, `licence:${agreement.id}:minimum:2027-11-27`))).toHaveLength(1);

    await db().transaction((tx) => services.payments.recordReceiptInTx(tx, { bankSerial: `MIN-${asked!.reference}`, amount: 50_000, currency: "CNY", reference: asked!.reference, payerName: "Licensee", receivedOn: "2027-11-30" }, null, clock));
    const [distribution] = await db().select().from(distributions).where(eq(distributions.paymentId, asked!.id));
    expect(distribution).toMatchObject({ source: "royalty", amount: 50_000n, disposalCaseId: fx.kase.id });

    // Year 2: 125,000 reported, above the minimum: nothing asked, whatever runs (the job, the sweep, twice).
    expect(await services.royalties.report(asLicensee, agreement.id, { periodStart: "2028-01-01", periodEnd: "2028-12-31", netSales: 2_500_000n })).toMatchObject({ ok: true });
    clock = new Date("2028-12-01T00:00:00Z");
    expect(await services.royalties.closeYear(agreement.id, "2027-11-27")).toEqual({ topUp: 0n });
    await services.royalties.sweepMinimums();
    await services.royalties.sweepMinimums();
    expect(await topUps(agreement.id)).toHaveLength(1);

    // The last half year (2028-11-27 to 2029-05-26, 181 of 365 days): minimum 100,000 × 181 / 365 = 49,589; nothing reported.
    // Its job is lost here; the sweep closes it anyway.
    await db().delete(jobs).where(eq(jobs.dedupeKey, `licence:${agreement.id}:minimum:2028-11-27`));
    clock = new Date("2029-06-01T00:00:00Z");
    await services.royalties.sweepMinimums();
    await services.royalties.sweepMinimums();
    expect((await topUps(agreement.id)).map((r) => [r.periodStart, r.periodEnd, r.royaltyDue]).sort()).toEqual([
      ["2026-11-27", "2027-11-26", 50_000n],
      ["2028-11-27", "2029-05-26", 49_589n],
    ]);

    const view = await services.royalties.list(asLicensee, agreement.id);
    expect(view.ok && view.minimum).toEqual([
      { start: "2026-11-27", end: "2027-11-26", minimum: 100_000n, reported: 50_000n, topUp: 50_000n, status: "topped_up" },
      { start: "2027-11-27", end: "2028-11-26", minimum: 100_000n, reported: 125_000n, topUp: null, status: "met" },
      { start: "2028-11-27", end: "2029-05-26", minimum: 49_589n, reported: 0n, topUp: 49_589n, status: "topped_up" },
    ]);
    await expectBooksBalanced(db());
  });

  it("a licence without a minimum arms nothing and is never topped up", async () => {
    const { agreement } = await licensed("0");
    const armed = await db().select({ payload: jobs.payload }).from(jobs).where(eq(jobs.kind, "licence:minimum-royalty"));
    expect(armed.length).toBeGreaterThan(0); // the other test's licence was armed: the query sees such jobs
    expect(armed.filter((j) => (j.payload as { agreementId?: string }).agreementId === agreement.id)).toEqual([]);
    clock = new Date("2030-01-01T00:00:00Z");
    try {
      await services.royalties.sweepMinimums();
      expect(await topUps(agreement.id)).toEqual([]);
    } finally {
      clock = new Date("2026-11-27T02:00:00Z");
    }
  });
});
