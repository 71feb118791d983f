import crypto from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { distributionLines, distributions, equityProposals, listings, organisations, payments, settlements, users } from "../../db/schema";
import { parseConfig } from "../../server/config";
import { createLogger } from "../../server/logger";
import type { Principal } from "../../server/services/auth/principal";
import { type Services, buildServices } from "../../server/services";
import { EventBus } from "../../server/services/events";
import { trialBalance } from "../../server/services/ledger/trial-balance";
import { demoToken } from "../support/organisations";
import { defaultedCase, organisation } from "../support/recovery-fixture";
import { type TestServer, startTestServer } from "../support/test-server";
import { api } from "../support/visitor";

/**
 * An equity contribution accepted on a defaulted case's listing repays the creditors in kind at the agreed
 * value; the exit's cash above that value is distributed later, a shortfall only recorded. Lines worked by hand.
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

async function principalOf(org: { id: string; name: string; kind: string }): Promise<Principal> {
  const [user] = await db().insert(users).values({ email: `${crypto.randomUUID()}@test.example`, name: "Tester", passwordHash: "x" }).returning();
  return { user: { id: user!.id, email: user!.email, name: user!.name }, organisation: { id: org.id, name: org.name, kind: org.kind, verification: "verified" }, role: "owner", permissions: new Set(), credential: { kind: "token", id: "t" } } as unknown as Principal;
}

/** A case (appraisal 20,000; interest 50,000; principal 900,000) whose listing takes equity; a fund's proposal at `agreedValue` accepted by the bank. */
async function accepted(agreedValue: bigint, seller?: typeof organisations.$inferSelect) {
  const fx = await defaultedCase(db(), { claim: { costs: 0n, interest: 50_000n, penalty: 0n, principal: 900_000n }, costs: [{ kind: "appraisal", amount: 20_000n }], preset: "private" });
  await db().update(listings).set({ mode: "equity", status: "announced", organisationId: (seller ?? fx.bank).id }).where(eq(listings.id, fx.listing.id));
  const fund = await organisation(db(), "Fund", "investor");
  const [proposal] = await db()
    .insert(equityProposals)
    .values({ listingId: fx.listing.id, proposerOrganisationId: fund.id, targetCompanyName: "Target Co", targetCreditCode: "91440300MA5FDM99XB", agreedValue, valuationAppraiser: "Appraiser", valuationDate: "2026-09-30", equityBps: 1_000, createdAt: clock })
    .returning();
  const bank = await principalOf(seller ?? fx.bank);
  expect(await services.offers.equity.decide(bank, proposal!.id, "accept")).toMatchObject({ ok: true, status: "accepted" });
  const [s] = await db().select().from(settlements).where(eq(settlements.listingId, fx.listing.id));
  return { fx, fund, bank, settlement: s! };
}

async function linesOf(settlementId: string, inKind: boolean) {
  const [d] = await db().select().from(distributions).where(and(eq(distributions.settlementId, settlementId), eq(distributions.source, "equity"), eq(distributions.inKind, inKind)));
  if (!d) return null;
  return (await db().select().from(distributionLines).where(eq(distributionLines.distributionId, d.id)).orderBy(asc(distributionLines.position))).map((l) => [l.component, l.partyName, l.amount] as const);
}

async function expectLedgerSound() {
  const tb = await trialBalance(db());
  expect(tb.unbalancedEntries).toEqual([]);
  for (const t of tb.totals) expect(t.balance).toBe(0n);
}

describe("equity contribution in kind", () => {
  it("accepted at 1,000,000: a completed settlement with nothing to pay, and the value distributed in kind; an exit at 1,300,000 distributes the 300,000 gain as cash, once", async () => {
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
    await expectLedgerSound();

    expect(await services.equityRecoveries.exit(await principalOf(fund), s.id, { amount: 1_300_000n, realisedOn: "2027-06-30" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    const stranger = await principalOf(await organisation(db(), "Stranger", "investor"));
    expect(await services.equityRecoveries.exit(stranger, s.id, { amount: 1_300_000n, realisedOn: "2027-06-30" })).toMatchObject({ ok: false, code: "NOT_FOUND" });

    const exit = await services.equityRecoveries.exit(bank, s.id, { amount: 1_300_000n, realisedOn: "2027-06-30" });
    expect(exit).toMatchObject({ ok: true, agreedValue: 1_000_000n, realised: 1_300_000n, gain: 300_000n, shortfall: 0n, clawedBack: false });
    // The creditors were repaid in kind: the 300,000 gain is all surplus.
    expect(await linesOf(s.id, false)).toEqual([["surplus", fx.pledgor.name, 300_000n]]);
    expect(await services.equityRecoveries.exit(bank, s.id, { amount: 1_500_000n, realisedOn: "2027-07-31" })).toMatchObject({ ok: false, code: "EQUITY_EXIT_RECORDED" });
    expect(await db().select().from(distributions).where(eq(distributions.settlementId, s.id))).toHaveLength(2);
    await expectLedgerSound();
  });

  it("an exit below the agreed value records the shortfall and claws nothing back", async () => {
    const { bank, settlement: s } = await accepted(1_000_000n);
    const exit = await services.equityRecoveries.exit(bank, s.id, { amount: 800_000n, realisedOn: "2027-06-30" });
    expect(exit).toMatchObject({ ok: true, gain: 0n, shortfall: 200_000n, distributionId: null, clawedBack: false });
    expect(await db().select().from(distributions).where(eq(distributions.settlementId, s.id))).toHaveLength(1);
    expect(await services.equityRecoveries.exit(bank, s.id, { amount: 1_200_000n, realisedOn: "2027-07-31" })).toMatchObject({ ok: false, code: "EQUITY_EXIT_RECORDED" });
    await expectLedgerSound();
  });

  it("the API: the seller records the exit; strangers are told the settlement does not exist; a negative amount is refused", async () => {
    const [demoBank] = await db().select().from(organisations).where(eq(organisations.kind, "bank"));
    const { settlement: s } = await accepted(500_000n, demoBank);
    const [sellerToken, strangerToken] = await Promise.all(["bank", "vc"].map((who) => demoToken(server.origin, `${who}@demo.ipx.example`)));
    const path = `/settlements/${s.id}/equity-exit`;
    expect((await api(server.origin, "POST", path, { token: strangerToken, body: { amount: 600_000, realisedOn: "2027-01-31" } })).status).toBe(404);
    expect((await api(server.origin, "POST", path, { token: sellerToken, body: { amount: -1, realisedOn: "2027-01-31" } })).status).toBe(400);
    const done = await api(server.origin, "POST", path, { token: sellerToken, body: { amount: 450_000, realisedOn: "2027-01-31" } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toEqual({ agreedValue: 500_000, realised: 450_000, gain: 0, shortfall: 50_000, distributionId: null, clawedBack: false });
    expect((await api(server.origin, "POST", path, { token: sellerToken, body: { amount: 450_000, realisedOn: "2027-01-31" } })).body!.error.code).toBe("EQUITY_EXIT_RECORDED");
  });
});
