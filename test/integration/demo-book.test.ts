import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alerts, ipAssets, listings, loans, organisations, pledgeAssets } from "../../db/schema";
import { LISTING_MODES } from "../../server/domain/listings/vocabulary";
import { demoToken } from "../support/organisations";
import { type TestServer, startTestServer } from "../support/test-server";
import { api } from "../support/visitor";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: "always" });
});
afterAll(() => server?.stop());

describe("the demo bank's book", () => {
  it("holds 40 pledged rights and 9 of its own, 12 loans of which 5 defaulted (2 of them sold by the money seed), shared with the demo risk sharers, and alerts firing", async () => {
    const db = server.db.db;
    expect((await db.select({ n: sql<number>`count(distinct ${pledgeAssets.assetId})::int` }).from(pledgeAssets))[0]!.n).toBe(40);
    // Rights the bank holds itself (decision 021): the only ones outside its disposal cases it may offer.
    const [bank] = await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.kind, "bank"));
    expect((await db.select({ n: sql<number>`count(*)::int` }).from(ipAssets).where(sql`${bank!.name} = any(${ipAssets.owners})`))[0]!.n).toBe(9);
    const statuses = (await db.select({ status: loans.status }).from(loans)).map((l) => l.status);
    expect(statuses).toHaveLength(12);
    expect(statuses.filter((s) => s === "defaulted")).toHaveLength(5);
    const twice = await db.execute(sql`select asset_id from ${pledgeAssets} group by asset_id having count(*) > 1`);
    expect((Array.isArray(twice) ? twice : (twice as { rows: unknown[] }).rows).length).toBeGreaterThan(0);
    const rules = new Set((await db.select({ rule: alerts.rule }).from(alerts)).map((a) => a.rule));
    for (const rule of ["annuity_due_soon", "in_grace_period", "invalidation_pending", "preservation_order", "ownership_changed", "valuation_fell"]) expect(rules, rule).toContain(rule);

    const fund = await demoToken(server.origin, "fund@demo.ipx.example");
    const shared = await api(server.origin, "GET", "/shared-loans", { token: fund });
    expect(shared.body!.loans.length).toBeGreaterThanOrEqual(6);
    const guarantor = await demoToken(server.origin, "guarantor@demo.ipx.example");
    expect((await api(server.origin, "GET", "/shared-loans", { token: guarantor })).body!.loans.map((l: { myShareBps: number }) => l.myShareBps)).toEqual([8_000, 8_000, 8_000]);
  });
});

describe("the demo listings", () => {
  it("cover every mode and every status short of settlement (which needs payments) and closed (English auctions end awarded or unsold)", async () => {
    const rows = await server.db.db.select({ mode: listings.mode, status: listings.status }).from(listings);
    expect(new Set(rows.map((r) => r.mode))).toEqual(new Set(LISTING_MODES));
    const statuses = new Set(rows.map((r) => r.status));
    for (const status of ["draft", "in_review", "announced", "open", "awarded", "unsold", "withdrawn"]) expect(statuses, status).toContain(status);
  });
});
