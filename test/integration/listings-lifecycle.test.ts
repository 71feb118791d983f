import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, disposalCaseAssets, disposalCases, jobs, listings, organisations } from "../../db/schema";
import { demoToken } from "../support/organisations";
import { type TestServer, startServerOn, startTestServer } from "../support/test-server";
import { api } from "../support/visitor";

let server: TestServer;
let second: Awaited<ReturnType<typeof startServerOn>> | undefined;
let bank: string;
let operator: string;
let caseId: string;
let assetIds: string[];

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: "always" });
  bank = await demoToken(server.origin, "bank@demo.ipx.example");
  operator = await demoToken(server.origin, "operator@demo.ipx.example");
  const [bankOrg] = await server.db.db.select().from(organisations).where(eq(organisations.kind, "bank"));
  const [kase] = await server.db.db.select().from(disposalCases).where(eq(disposalCases.organisationId, bankOrg!.id)).limit(1);
  caseId = kase!.id;
  assetIds = (await server.db.db.select().from(disposalCaseAssets).where(eq(disposalCaseAssets.caseId, caseId))).map((a) => a.assetId);
});
afterAll(async () => {
  await second?.stop();
  await server?.stop();
});

function auction(overrides: Record<string, unknown> = {}, now = Date.now()) {
  return {
    startPrice: 100_000_000,
    deposit: 10_000_000,
    increment: 500_000,
    announceAt: iso(now + 60_000),
    opensAt: iso(now + 60_000 + 31 * DAY),
    closesAt: iso(now + 60_000 + 32 * DAY),
    ...overrides,
  };
}

describe("listing terms under the judicial preset", () => {
  it("names every rule the terms break", async () => {
    const now = Date.now();
    const before = (await server.db.db.select().from(listings)).length;
    const res = await api(server.origin, "POST", "/listings", {
      token: bank,
      body: {
        mode: "english_auction", preset: "judicial", title: "司法拍卖：光纤传感专利包", assetIds, disposalCaseId: caseId,
        terms: auction({ startPrice: 1, deposit: 0, opensAt: iso(now + 60_000 + 29 * DAY), closesAt: iso(now + 60_000 + 29 * DAY + 23 * 3_600_000), proxyBids: true }, now),
      },
    });
    expect(res.status).toBe(422);
    expect(res.body!.error.code).toBe("PRESET_VIOLATION");
    const rules = res.body!.error.details.violations.map((v: { rule: string }) => v.rule).sort();
    expect(rules).toEqual(["judicial.bidding_24h", "judicial.deposit_range", "judicial.no_proxy", "judicial.notice_first", "judicial.start_below_70"]);
    expect((await server.db.db.select().from(listings)).length).toBe(before);
  });
});

describe("the lifecycle and its clock", () => {
  it("draft → review → announced → open → (the lot's close) unsold, each transition once even with two server processes", async () => {
    const created = await api(server.origin, "POST", "/listings", {
      token: bank,
      body: { mode: "english_auction", preset: "private", title: "Fibre-optic sensing patents (private sale)", assetIds, terms: auction({ startPrice: 50_000_000, deposit: 5_000_000, incrementKind: "stepped", increment: null }) },
    });
    expect(created.status).toBe(201);
    const id = created.body!.id;
    expect((await api(server.origin, "POST", `/operator/listings/${id}/review`, { token: operator, body: { verdict: "approve" } })).body!.error.code).toBe("WRONG_STATUS");
    expect((await api(server.origin, "POST", `/listings/${id}/submit`, { token: bank })).status).toBe(204);
    expect((await api(server.origin, "POST", `/listings/${id}/submit`, { token: bank })).status).toBe(409);
    const investor = await demoToken(server.origin, "investor1@demo.ipx.example");
    expect((await api(server.origin, "POST", `/operator/listings/${id}/review`, { token: investor, body: { verdict: "approve" } })).status).toBe(403);
    expect((await api(server.origin, "POST", `/listings/${id}/withdraw`, { token: investor })).status).toBe(404);
    expect((await api(server.origin, "POST", `/operator/listings/${id}/review`, { token: operator, body: { verdict: "approve" } })).body).toEqual({ status: "announced" });

    // A second process on the same database runs the same jobs.
    second = await startServerOn(server.databaseUrl, { SEED_DEMO: "never" });
    // Time passes: the clock's jobs fall due now (as they would on the announced dates).
    const soon = new Date(Date.now() + 1_000);
    const later = new Date(Date.now() + 2_500);
    await server.db.db.update(listings).set({ opensAt: soon, closesAt: later }).where(eq(listings.id, id));
    await server.db.db.update(jobs).set({ runAt: soon }).where(eq(jobs.dedupeKey, `listing:${id}:open`));
    await server.db.db.update(jobs).set({ runAt: later }).where(eq(jobs.dedupeKey, `listing:${id}:closed`));

    // An English auction ends with its lot: without bids it closes unsold, once, whichever process gets there.
    await expect.poll(async () => (await server.db.db.select().from(listings).where(eq(listings.id, id)))[0]!.status, { timeout: 15_000 }).toBe("unsold");
    const transitions = await server.db.db
      .select({ action: auditEvents.action, n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, id), sql`${auditEvents.action} in ('listing.open', 'listing.closed', 'lot.closed')`))
      .groupBy(auditEvents.action);
    expect(transitions.sort((a, b) => a.action.localeCompare(b.action))).toEqual([{ action: "listing.open", n: 1 }, { action: "lot.closed", n: 1 }]);
  });

  it("an operator's rejection returns the listing to draft with the reason", async () => {
    const created = await api(server.origin, "POST", "/listings", { token: bank, body: { mode: "english_auction", preset: "private", title: "To be rejected", assetIds, terms: auction() } });
    const id = created.body!.id;
    await api(server.origin, "POST", `/listings/${id}/submit`, { token: bank });
    expect((await api(server.origin, "POST", `/operator/listings/${id}/review`, { token: operator, body: { verdict: "reject", reason: "Appraisal report missing" } })).body).toEqual({ status: "draft" });
    const [row] = await server.db.db.select().from(listings).where(eq(listings.id, id));
    expect(row).toMatchObject({ status: "draft", reviewReason: "Appraisal report missing" });
  });
});
