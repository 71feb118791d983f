import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alerts, disposalCaseAssets, disposalCases, ipAssets, listingAssets, listings, loans, organisations, pledgeAssets, pledges, registryEvents } from "../../db/schema";
import { demoToken, verifiedOrganisation } from "../support/organisations";
import { type TestServer, startTestServer } from "../support/test-server";
import { api } from "../support/visitor";

/**
 * Decision 021: a valuation or a registry report gives no power over a right. The outside probe: a
 * second verified bank values the demo bank's pledged, publicly listed right, reports it "invalidated"
 * from a source called "forged", and tries to list it.
 */
let server: TestServer;
let bank: string;
let rival: string;
let operator: string;
let bankOrgId: string;
let target: { id: string; type: string; registryNumber: string; legalStatus: string };
let listingId: string;

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const privateAuction = (assetIds: string[], extra: Record<string, unknown> = {}) => {
  const now = Date.now();
  return { mode: "english_auction", preset: "private", title: "Probe auction", assetIds, ...extra, terms: { startPrice: 50_000_000, deposit: 5_000_000, incrementKind: "stepped", increment: null, announceAt: iso(now + 60_000), opensAt: iso(now + 60_000 + 31 * DAY), closesAt: iso(now + 60_000 + 32 * DAY) } };
};

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: "always" });
  bank = await demoToken(server.origin, "bank@demo.ipx.example");
  operator = await demoToken(server.origin, "operator@demo.ipx.example");
  rival = (await verifiedOrganisation(server.origin, "bank", "rival@title.example", "对手银行")).token;
  const [bankOrg] = await server.db.db.select().from(organisations).where(eq(organisations.kind, "bank"));
  bankOrgId = bankOrg!.id;
  // A right of the demo bank's first disposal case, on sale in a public listing.
  const [kase] = await server.db.db.select().from(disposalCases).where(eq(disposalCases.organisationId, bankOrgId)).limit(1);
  const [asset] = await server.db.db
    .select({ id: ipAssets.id, type: ipAssets.type, registryNumber: ipAssets.registryNumber, legalStatus: ipAssets.legalStatus, listingId: listings.id })
    .from(disposalCaseAssets)
    .innerJoin(ipAssets, eq(ipAssets.id, disposalCaseAssets.assetId))
    .innerJoin(listingAssets, eq(listingAssets.assetId, ipAssets.id))
    .innerJoin(listings, eq(listings.id, listingAssets.listingId))
    .where(and(eq(disposalCaseAssets.caseId, kase!.id), inArray(listings.status, ["announced", "open"])))
    .limit(1);
  target = asset!;
  listingId = asset!.listingId;
});
afterAll(() => server?.stop());

const ref = () => ({ type: target.type, registryNumber: target.registryNumber });
const openAlerts = async () =>
  (await server.db.db.select({ id: alerts.id }).from(alerts).innerJoin(loans, eq(loans.id, alerts.loanId)).where(eq(loans.organisationId, bankOrgId))).length;
const publicPage = async () => {
  const res = await fetch(`${server.origin}/listings/${listingId}`);
  return { status: res.status, html: await res.text() };
};

describe("the outside probe", () => {
  it("a rival's valuation stays its own, its report changes nothing shared, and it cannot list the right", async () => {
    const alertsBefore = await openAlerts();
    expect((await publicPage()).status).toBe(200);

    // 1. The rival values the right: recorded, but as its own appraisal only.
    expect((await api(server.origin, "POST", "/valuations", { token: rival, body: { asset: ref(), appraiser: "伪造评估所", method: "market", amount: 1_000, valuedOn: "2026-01-02" } })).status).toBe(201);
    const seenByBank = await api(server.origin, "GET", `/assets/${target.id}`, { token: bank });
    expect(seenByBank.body!.valuations.map((v: { appraiser: string }) => v.appraiser)).not.toContain("伪造评估所");

    // 2. The rival reports the right invalidated: a report, unconfirmed; the shared status stays.
    const report = await api(server.origin, "POST", "/registry-events", { token: rival, body: { asset: ref(), kind: "status_change", occurredOn: "2026-01-03", source: "forged", sourceRef: "FAKE-1", newStatus: "invalidated" } });
    expect(report.status).toBe(201);
    const [asset] = await server.db.db.select().from(ipAssets).where(eq(ipAssets.id, target.id));
    expect(asset!.legalStatus).toBe(target.legalStatus);
    const [event] = await server.db.db.select().from(registryEvents).where(eq(registryEvents.id, report.body!.id));
    expect(event!.status).toBe("reported");
    const events = (await api(server.origin, "GET", `/assets/${target.id}`, { token: bank })).body!.events as Array<{ source: string; status: string }>;
    expect(events.find((e) => e.source === "forged")?.status).toBe("reported");
    expect(await openAlerts()).toBe(alertsBefore);
    const publicAfter = await publicPage();
    expect(publicAfter.status).toBe(200);
    expect(publicAfter.html).not.toContain("FAKE-1");
    expect(publicAfter.html).not.toMatch(/invalidated|已宣告无效|已无效/);

    // 3. The rival lists the right: outside its reach, 404; nothing is written.
    const before = (await server.db.db.select().from(listings)).length;
    const listed = await api(server.origin, "POST", "/listings", { token: rival, body: privateAuction([target.id]) });
    expect(listed.status).toBe(404);
    expect((await server.db.db.select().from(listings)).length).toBe(before);
  });

  it("risk sharers follow the loans they share and do not sell", async () => {
    const guarantor = await demoToken(server.origin, "guarantor@demo.ipx.example");
    expect((await api(server.origin, "POST", "/listings", { token: guarantor, body: privateAuction([target.id]) })).status).toBe(403);
  });
});

describe("the demo bank's own title", () => {
  it("a right pledged to its performing loan is visible but not for sale: NO_TITLE_TO_DISPOSE", async () => {
    const [performing] = await server.db.db
      .select({ assetId: pledgeAssets.assetId })
      .from(pledgeAssets)
      .innerJoin(pledges, eq(pledges.id, pledgeAssets.pledgeId))
      .innerJoin(loans, eq(loans.id, pledges.loanId))
      .where(and(eq(loans.organisationId, bankOrgId), eq(loans.status, "performing"), eq(loans.reference, "YH-2023-0102")))
      .limit(1);
    const res = await api(server.origin, "POST", "/listings", { token: bank, body: privateAuction([performing!.assetId]) });
    expect(res.status).toBe(422);
    expect(res.body!.error.code).toBe("NO_TITLE_TO_DISPOSE");
  });

  it("its pledged right on a defaulted loan with an open case is listed, and the operator sees the basis", async () => {
    const created = await api(server.origin, "POST", "/listings", { token: bank, body: privateAuction([target.id]) });
    expect(created.status).toBe(201);
    expect((await api(server.origin, "POST", `/listings/${created.body!.id}/submit`, { token: bank })).status).toBe(204);
    const queue = await api(server.origin, "GET", "/operator/listings", { token: operator });
    const row = queue.body!.listings.find((l: { id: string }) => l.id === created.body!.id);
    expect(row.titles[0].title.basis).toMatchObject({ kind: "pledgee", loanReference: expect.any(String), caseId: expect.any(String) });
  });

  it("a draft whose case has closed since cannot be submitted, nor approved", async () => {
    const created = await api(server.origin, "POST", "/listings", { token: bank, body: privateAuction([target.id]) });
    expect(created.status).toBe(201);
    const [kase] = await server.db.db.select().from(disposalCaseAssets).where(eq(disposalCaseAssets.assetId, target.id));
    await server.db.db.update(disposalCases).set({ status: "closed" }).where(eq(disposalCases.id, kase!.caseId));
    try {
      const res = await api(server.origin, "POST", `/listings/${created.body!.id}/submit`, { token: bank });
      expect(res.body!.error.code).toBe("NO_TITLE_TO_DISPOSE");
      const [l] = await server.db.db.select().from(listings).where(eq(listings.id, created.body!.id));
      expect(l!.status).toBe("draft");
      // Nor can an operator approve one already in review.
      await server.db.db.update(listings).set({ status: "in_review" }).where(eq(listings.id, created.body!.id));
      const review = await api(server.origin, "POST", `/operator/listings/${created.body!.id}/review`, { token: operator, body: { verdict: "approve" } });
      expect(review.body!.error.code).toBe("NO_TITLE_TO_DISPOSE");
      expect((await server.db.db.select().from(listings).where(eq(listings.id, created.body!.id)))[0]!.status).toBe("in_review");
    } finally {
      await server.db.db.update(disposalCases).set({ status: "open" }).where(eq(disposalCases.id, kase!.caseId));
    }
  });
});

describe("registry reports under the operator", () => {
  it("only an operator confirms or rejects; a confirmed report changes the shared status", async () => {
    const queue = await api(server.origin, "GET", "/operator/registry-reports", { token: operator });
    const forged = queue.body!.reports.find((r: { source: string }) => r.source === "forged");
    expect(forged).toMatchObject({ status: "reported", newStatus: "invalidated", reporter: "对手银行" });
    expect((await api(server.origin, "POST", `/operator/registry-reports/${forged.id}/review`, { token: rival, body: { verdict: "confirm" } })).status).toBe(403);
    expect((await api(server.origin, "POST", `/operator/registry-reports/${forged.id}/review`, { token: operator, body: { verdict: "reject" } })).body).toEqual({ status: "rejected" });
    expect((await api(server.origin, "POST", `/operator/registry-reports/${forged.id}/review`, { token: operator, body: { verdict: "confirm" } })).body!.error.code).toBe("REPORT_NOT_PENDING");
    expect((await server.db.db.select().from(ipAssets).where(eq(ipAssets.id, target.id)))[0]!.legalStatus).toBe(target.legalStatus);

    const genuine = await api(server.origin, "POST", "/registry-events", { token: bank, body: { asset: ref(), kind: "status_change", occurredOn: "2026-01-05", source: "cnipa", sourceRef: "CNIPA-2026-0001", newStatus: "lapsed" } });
    expect(genuine.status).toBe(201);
    expect((await server.db.db.select().from(ipAssets).where(eq(ipAssets.id, target.id)))[0]!.legalStatus).toBe(target.legalStatus);
    expect((await api(server.origin, "POST", `/operator/registry-reports/${genuine.body!.id}/review`, { token: operator, body: { verdict: "confirm" } })).body).toEqual({ status: "confirmed" });
    expect((await server.db.db.select().from(ipAssets).where(eq(ipAssets.id, target.id)))[0]!.legalStatus).toBe("lapsed");
  });
});
