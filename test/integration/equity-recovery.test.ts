import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { distributionLines, distributions, equityProposals, journalLines, listings, organisations, payments, settlements } from "../../db/schema";
import { parseConfig } from "../../server/config";
import { createLogger } from "../../server/logger";
import { type Services, buildServices } from "../../server/services";
import { EventBus } from "../../server/services/events";
import { recoveriesOf } from "../../server/services/recoveries/recoveries";
import { statementOf } from "../../server/services/recoveries/statements";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { demoToken } from "../support/organisations";
import { defaultedCase, organisation, principalOf } from "../support/recovery-fixture";
import { type TestServer, startTestServer } from "../support/test-server";
import { Visitor, api } from "../support/visitor";
import { expectBooksBalanced } from "../support/money-model";

/**
 * An equity contribution accepted on a defaulted case's listing repays the creditors in kind at the agreed
 * value; the exit replaces that recovery by the cash realised (the in-kind distribution reversed). Lines worked by hand.
 */
let server: TestServer;
let services: Services;
const clock = new Date("2026-11-27T02:00:00Z");
const db = () => server.db.db;

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: "always" });
  const config = parseConfig({ NODE_ENV: "test", DATABASE_URL: server.databaseUrl, LOG_LEVEL: "silent" });
  services = buildServices({ db: server.db.db, config, bus: new EventBus(), log: createLogger("silent"), now: () => clock });
});
afterAll(() => server?.stop());

const actingFor = (org: { id: string; name: string; kind: string }) => principalOf(db(), org);


/** A case (appraisal 20,000; interest 50,000; principal 900,000) whose listing takes equity; a fund's proposal at `agreedValue` accepted by the bank. */
async function accepted(agreedValue: bigint, seller?: typeof organisations.$inferSelect) {
  const fx = await defaultedCase(db(), { claim: { costs: 0n, interest: 50_000n, penalty: 0n, principal: 900_000n }, costs: [{ kind: "appraisal", amount: 20_000n }], preset: "private" });
  await db().update(listings).set({ mode: "equity", status: "announced", organisationId: (seller ?? fx.bank).id }).where(eq(listings.id, fx.listing.id));
  const fund = await organisation(db(), "Fund", "investor");
  const [proposal] = await db()
    .insert(equityProposals)
    .values({ listingId: fx.listing.id, proposerOrganisationId: fund.id, targetCompanyName: "Target Co", targetCreditCode: "91440300MA5FDM99XB", agreedValue, valuationAppraiser: "Appraiser", valuationDate: "2026-09-30", equityBps: 1_000, createdAt: clock })
    .returning();
  const bank = await actingFor(seller ?? fx.bank);
  expect(await services.offers.equity.decide(bank, proposal!.id, "accept")).toMatchObject({ ok: true, status: "accepted" });
  const [s] = await db().select().from(settlements).where(eq(settlements.listingId, fx.listing.id));
  return { fx, fund, bank, settlement: s! };
}

async function linesOf(settlementId: string, inKind: boolean) {
  const [d] = await db().select().from(distributions).where(and(eq(distributions.settlementId, settlementId), eq(distributions.source, "equity"), eq(distributions.inKind, inKind)));
  if (!d) return null;
  return (await db().select().from(distributionLines).where(eq(distributionLines.distributionId, d.id)).orderBy(asc(distributionLines.position))).map((l) => [l.component, l.partyName, l.amount] as const);
}

async function balanceOf(account: string, organisationId?: string) {
  const rows = await db().select().from(journalLines).where(organisationId ? and(eq(journalLines.account, account), eq(journalLines.organisationId, organisationId)) : eq(journalLines.account, account));
  return rows.reduce((sum, l) => sum + l.amount, 0n);
}

/** The loan's recovery as the recoveries pages read it (reversed distributions not counted). */
async function recoveredOn(loanId: string) {
  const [r] = await recoveriesOf(db(), [loanId], 0);
  return r!.recovery.recovered;
}

describe("equity contribution in kind", () => {
  it("accepted at 1,000,000: a completed settlement with nothing to pay, and the value distributed in kind; an exit at 1,300,000 replaces it by the cash, once", async () => {
    const { fx, fund, bank, settlement: s } = await accepted(1_000_000n);
    expect(s).toMatchObject({ source: "equity", status: "completed", price: 1_000_000n, balanceDue: 0n, buyerOrganisationId: fund.id, sellerOrganisationId: fx.bank.id });
    expect(await db().select().from(payments).where(eq(payments.settlementId, s.id))).toEqual([]);
    // 1,000,000 in kind: the appraisal 20,000, interest 50,000, principal 900,000, the rest 30,000 surplus to the pledgor.
    expect(await linesOf(s.id, true)).toEqual([
      ["disposal_cost", fx.bank.name, 20_000n],
      ["interest", fx.bank.name, 50_000n],
      ["principal", fx.bank.name, 900_000n],
      ["surplus", fx.pledgor.name, 30_000n],
    ]);
    expect(await recoveredOn(fx.loan.id)).toBe(950_000n);
    await expectBooksBalanced(db());

    expect(await services.equityRecoveries.exit(await actingFor(fund), s.id, { amount: 1_300_000n, realisedOn: "2027-06-30" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    const stranger = await actingFor(await organisation(db(), "Stranger", "investor"));
    expect(await services.equityRecoveries.exit(stranger, s.id, { amount: 1_300_000n, realisedOn: "2027-06-30" })).toMatchObject({ ok: false, code: "NOT_FOUND" });

    const exit = await services.equityRecoveries.exit(bank, s.id, { amount: 1_300_000n, realisedOn: "2027-06-30" });
    expect(exit).toMatchObject({ ok: true, agreedValue: 1_000_000n, realised: 1_300_000n, gain: 300_000n, shortfall: 0n });
    // The in-kind distribution is reversed and the 1,300,000 realised runs through the waterfall: the claim is paid in full again, not twice; the surplus grows.
    expect(await linesOf(s.id, false)).toEqual([
      ["disposal_cost", fx.bank.name, 20_000n],
      ["interest", fx.bank.name, 50_000n],
      ["principal", fx.bank.name, 900_000n],
      ["surplus", fx.pledgor.name, 330_000n],
    ]);
    const [inKind] = await db().select().from(distributions).where(and(eq(distributions.settlementId, s.id), eq(distributions.inKind, true)));
    expect(inKind!.reversedAt).not.toBeNull();
    expect(await recoveredOn(fx.loan.id)).toBe(950_000n);
    const [row] = await db().select().from(settlements).where(eq(settlements.id, s.id));
    expect(row).toMatchObject({ realisedAmount: 1_300_000n, realisedOn: "2027-06-30" });
    expect(await services.equityRecoveries.exit(bank, s.id, { amount: 1_500_000n, realisedOn: "2027-07-31" })).toMatchObject({ ok: false, code: "EQUITY_EXIT_RECORDED" });
    expect(await db().select().from(distributions).where(eq(distributions.settlementId, s.id))).toHaveLength(2);
    await expectBooksBalanced(db());
    // Nothing is left in the in-kind account or in the seller's escrow: the reversal undid every in-kind entry.
    expect(await balanceOf("in_kind")).toBe(0n);
    expect(await balanceOf("escrow", fx.bank.id)).toBe(0n);
  });

  it("an exit below the agreed value lowers the loan's recovery to what the cash pays; a second exit is refused", async () => {
    const { fx, bank, settlement: s } = await accepted(1_000_000n);
    const exit = await services.equityRecoveries.exit(bank, s.id, { amount: 800_000n, realisedOn: "2027-06-30" });
    expect(exit).toMatchObject({ ok: true, gain: 0n, shortfall: 200_000n });
    // 800,000: the appraisal 20,000, interest 50,000, principal 730,000; no surplus.
    expect(await linesOf(s.id, false)).toEqual([
      ["disposal_cost", fx.bank.name, 20_000n],
      ["interest", fx.bank.name, 50_000n],
      ["principal", fx.bank.name, 730_000n],
    ]);
    expect(await recoveredOn(fx.loan.id)).toBe(780_000n);
    const statement = await statementOf(db(), fx.bank.id);
    expect(statement.totals).toEqual([expect.objectContaining({ currency: "CNY", allotted: 800_000n })]);
    expect(await services.equityRecoveries.exit(bank, s.id, { amount: 1_200_000n, realisedOn: "2027-07-31" })).toMatchObject({ ok: false, code: "EQUITY_EXIT_RECORDED" });
    expect(await recoveredOn(fx.loan.id)).toBe(780_000n);
    await expectBooksBalanced(db());
  });

  it("the API: the seller records the exit; strangers are told the settlement does not exist; a negative amount is refused; the settlement view shows it", async () => {
    const [demoBank] = await db().select().from(organisations).where(eq(organisations.kind, "bank"));
    const { settlement: s } = await accepted(500_000n, demoBank);
    const [sellerToken, strangerToken] = await Promise.all(["bank", "vc"].map((who) => demoToken(server.origin, `${who}@demo.ipx.example`)));
    const path = `/settlements/${s.id}/equity-exit`;
    expect((await api(server.origin, "POST", path, { token: strangerToken, body: { amount: 600_000, realisedOn: "2027-01-31" } })).status).toBe(404);
    expect((await api(server.origin, "POST", path, { token: sellerToken, body: { amount: -1, realisedOn: "2027-01-31" } })).status).toBe(400);
    const done = await api(server.origin, "POST", path, { token: sellerToken, body: { amount: 450_000, realisedOn: "2027-01-31" } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ agreedValue: 500_000, realised: 450_000, gain: 0, shortfall: 50_000 });
    expect(done.body!.reversedDistributionId).toEqual(expect.any(String));
    expect(done.body!.distributionId).toEqual(expect.any(String));
    expect((await api(server.origin, "POST", path, { token: sellerToken, body: { amount: 450_000, realisedOn: "2027-01-31" } })).body!.error.code).toBe("EQUITY_EXIT_RECORDED");
    const view = await api(server.origin, "GET", `/settlements/${s.id}`, { token: sellerToken });
    expect(view.body!.equityExit).toEqual({ agreedValue: 500_000, realised: 450_000, realisedOn: "2027-01-31", adjustment: -50_000 });
  });

  it("the page: the seller records the exit with the form and sees agreed vs realised and the adjustment", async () => {
    const [demoBank] = await db().select().from(organisations).where(eq(organisations.kind, "bank"));
    const { settlement: s } = await accepted(400_000n, demoBank);
    const seller = new Visitor(server.origin);
    expect((await seller.login("bank@demo.ipx.example", DEMO_PASSWORD)).status).toBe(302);
    expect(await (await seller.get(`/settlements/${s.id}`)).text()).toContain("登记退出</button>");
    const csrf = await seller.csrfToken(`/settlements/${s.id}`);
    const refused = await seller.post(`/settlements/${s.id}/equity-exit`, { amount: "abc", realisedOn: "2027-02-28" }, { csrf });
    expect(refused.headers.get("location")).toBe(`/settlements/${s.id}?exitError=INVALID`);
    const after = await seller.post(`/settlements/${s.id}/equity-exit`, { amount: "4500.00", realisedOn: "2027-02-28" }, { csrf });
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toBe(`/settlements/${s.id}?done=exit`);
    const page = await (await seller.get(`/settlements/${s.id}?done=exit`)).text();
    expect(page).toContain("退出已登记");
    expect(page).not.toContain("登记退出</button>");
    expect(page).toMatch(/data-figure="adjustment"><span[^>]*>¥500\.00</);
    const [row] = await db().select().from(settlements).where(eq(settlements.id, s.id));
    expect(row).toMatchObject({ realisedAmount: 450_000n, realisedOn: "2027-02-28" });
  });
});
