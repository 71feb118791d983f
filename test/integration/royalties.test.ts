import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { disposalCaseAssets, disposalCases, distributionLines, distributions, licenceAgreements, organisations, payments, royaltyReports } from "../../db/schema";
import { demoToken } from "../support/organisations";
import { type TestServer, startTestServer } from "../support/test-server";
import { Visitor, api } from "../support/visitor";

let server: TestServer;
let bank: string;
let operator: string;
let licensee: string;
let stranger: string;
let agreementId: string;

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const reportsOf = async (id: string) => server.db.db.select().from(royaltyReports).where(eq(royaltyReports.licenceAgreementId, id));

/** The demo bank lists a licence at 3.5% royalty; the demo licensee applies and is accepted: the agreement's id. */
async function agreement(): Promise<string> {
  const [bankOrg] = await server.db.db.select().from(organisations).where(eq(organisations.kind, "bank"));
  const [kase] = await server.db.db.select().from(disposalCases).where(eq(disposalCases.organisationId, bankOrg!.id)).limit(1);
  const assetIds = (await server.db.db.select().from(disposalCaseAssets).where(eq(disposalCaseAssets.caseId, kase!.id))).map((a) => a.assetId);
  const now = Date.now();
  const terms = { kind: "exclusive", fieldOfUse: "Industrial fibre sensing", territory: "Mainland China", termMonths: 36, upfrontFee: 0, royaltyBps: 350, minimumAnnualRoyalty: 5_000_000, announceAt: iso(now + 60_000), closesAt: iso(now + 60 * DAY) };
  const created = await api(server.origin, "POST", "/listings", { token: bank, body: { mode: "licence", preset: "private", title: "Royalty test licence", assetIds, terms } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const listingId = created.body!.id as string;
  expect((await api(server.origin, "POST", `/listings/${listingId}/submit`, { token: bank })).status).toBe(204);
  expect((await api(server.origin, "POST", `/operator/listings/${listingId}/review`, { token: operator, body: { verdict: "approve" } })).status).toBe(200);
  const applied = await api(server.origin, "POST", `/listings/${listingId}/licence-applications`, { token: licensee, body: { kind: "apply" } });
  expect((await api(server.origin, "POST", `/licence-applications/${applied.body!.id}/accept`, { token: bank })).status).toBe(200);
  // The licence runs from 1 January 2026 (its reports below are quarters of that year).
  const [row] = await server.db.db.update(licenceAgreements).set({ startsOn: "2026-01-01" }).where(eq(licenceAgreements.listingId, listingId)).returning();
  return row!.id;
}

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: "always" });
  [bank, operator, licensee, stranger] = (await Promise.all(["bank", "operator", "licensee", "vc"].map((who) => demoToken(server.origin, `${who}@demo.ipx.example`)))) as [string, string, string, string];
  agreementId = await agreement();
});
afterAll(async () => {
  await server?.stop();
});

describe("royalty reports", () => {
  it("the licensee reports a period: 3.5% of ¥100,000.00 net sales is ¥3,500.00 due, asked for with a reference; paid, it runs through the waterfall", async () => {
    const reported = await api(server.origin, "POST", `/licence-agreements/${agreementId}/royalty-reports`, { token: licensee, body: { periodStart: "2026-01-01", periodEnd: "2026-03-31", netSales: 10_000_000 } });
    expect(reported.status, JSON.stringify(reported.body)).toBe(201);
    expect(reported.body).toMatchObject({ royaltyDue: 350_000, currency: "CNY" });
    const reference = reported.body!.reference as string;
    expect(reference).toMatch(/^IPX-/);

    const listed = await api(server.origin, "GET", `/licence-agreements/${agreementId}/royalty-reports`, { token: bank });
    expect(listed.body).toMatchObject({ role: "licensor", reports: [{ periodStart: "2026-01-01", periodEnd: "2026-03-31", netSales: 10_000_000, royaltyDue: 350_000, payment: { reference, status: "pending", received: 0 } }] });
    expect((await api(server.origin, "GET", `/licence-agreements/${agreementId}/royalty-reports`, { token: operator })).body).toMatchObject({ role: "platform" });
    // The first licence year (2026) is open: its minimum (¥50,000.00), and the first quarter's royalty counted towards it.
    expect(listed.body!.minimum).toEqual([expect.objectContaining({ start: "2026-01-01", end: "2026-12-31", minimum: 5_000_000, reported: 350_000, topUp: null, status: "open" })]);

    const receipt = await api(server.origin, "POST", "/operator/bank-receipts", { token: operator, body: { currency: "CNY", payerName: "Licensee", receivedOn: "2026-04-10", bankSerial: `ROY-${Date.now()}`, amount: 350_000, reference } });
    expect(receipt.body, JSON.stringify(receipt.body)).toMatchObject({ outcome: "matched", applied: 350_000 });
    const [payment] = await server.db.db.select().from(payments).where(eq(payments.reference, reference));
    expect(payment!.status).toBe("succeeded");
    const [distribution] = await server.db.db.select().from(distributions).where(and(eq(distributions.paymentId, payment!.id), eq(distributions.source, "royalty")));
    expect(distribution!.amount).toBe(350_000n);
    const lines = await server.db.db.select().from(distributionLines).where(eq(distributionLines.distributionId, distribution!.id));
    expect(lines.reduce((sum, l) => sum + l.amount, 0n)).toBe(350_000n);
    expect((await api(server.origin, "GET", `/licence-agreements/${agreementId}/royalty-reports`, { token: licensee })).body).toMatchObject({ role: "licensee", reports: [{ payment: { status: "succeeded", received: 350_000 } }] });
  });

  it("strangers are told the agreement does not exist; the licensor cannot report", async () => {
    const body = { periodStart: "2026-07-01", periodEnd: "2026-09-30", netSales: 100 };
    expect((await api(server.origin, "POST", `/licence-agreements/${agreementId}/royalty-reports`, { token: stranger, body })).status).toBe(404);
    expect((await api(server.origin, "POST", `/licence-agreements/${agreementId}/royalty-reports`, { token: bank, body })).status).toBe(404);
    expect((await api(server.origin, "GET", `/licence-agreements/${agreementId}/royalty-reports`, { token: stranger })).status).toBe(404);
    expect(await reportsOf(agreementId)).toHaveLength(1);
  });

  it("a bad period, an overlapping period, a period before the licence or negative sales is refused and saves nothing", async () => {
    const post = (body: Record<string, unknown>) => api(server.origin, "POST", `/licence-agreements/${agreementId}/royalty-reports`, { token: licensee, body });
    const backwards = await post({ periodStart: "2026-06-30", periodEnd: "2026-04-01", netSales: 100 });
    expect(backwards.status).toBe(400);
    expect(JSON.stringify(backwards.body)).toContain("period_end_before_start");
    expect((await post({ periodStart: "2026-04-01", periodEnd: "2026-06-30", netSales: -1 })).status).toBe(400);
    const overlap = await post({ periodStart: "2026-03-01", periodEnd: "2026-05-31", netSales: 100 });
    expect(overlap.status).toBe(409);
    expect(overlap.body!.error.code).toBe("ROYALTY_PERIOD_OVERLAP");
    const early = await post({ periodStart: "2025-12-01", periodEnd: "2025-12-31", netSales: 100 });
    expect(early.status).toBe(422);
    expect(early.body!.error.code).toBe("ROYALTY_PERIOD_BEFORE_LICENCE");
    expect(await reportsOf(agreementId)).toHaveLength(1);
  });

  it("the licence page: the licensee reports in major units and is shown the royalty due and the reference; the licensor sees the table without the form", async () => {
    const visitor = new Visitor(server.origin);
    expect((await visitor.login("licensee@demo.ipx.example", DEMO_PASSWORD)).status).toBe(302);
    expect(await (await visitor.get("/licences")).text()).toContain("Royalty test licence");
    const refused = await visitor.post(`/licences/${agreementId}`, { periodStart: "2026-09-30", periodEnd: "2026-07-01", netSales: "1,000.00" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("期间结束日期不能早于开始日期。");
    const done = await visitor.post(`/licences/${agreementId}`, { periodStart: "2026-07-01", periodEnd: "2026-09-30", netSales: "20,000.00" });
    expect(done.status).toBe(302);
    const page = await (await visitor.get(done.headers.get("location")!)).text();
    const [report] = (await reportsOf(agreementId)).filter((r) => r.periodStart === "2026-07-01");
    expect(report!.royaltyDue).toBe(70_000n);
    const [payment] = await server.db.db.select().from(payments).where(eq(payments.royaltyReportId, report!.id));
    expect(page).toContain(payment!.reference);
    expect(page).toContain("待转账");

    const licensor = new Visitor(server.origin);
    expect((await licensor.login("bank@demo.ipx.example", DEMO_PASSWORD)).status).toBe(302);
    const seen = await (await licensor.get(`/licences/${agreementId}`)).text();
    expect(seen).toContain(payment!.reference);
    expect(seen).not.toContain('name="netSales"');
    expect(seen).toMatch(/data-testid="minimum-royalty".*年度最低许可费.*¥50,000\.00/s);
    const outsider = new Visitor(server.origin);
    expect((await outsider.login("vc@demo.ipx.example", DEMO_PASSWORD)).status).toBe(302);
    expect((await outsider.get(`/licences/${agreementId}`)).status).toBe(404);
  });
});
