import { and, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { disposalCases, disposalCosts, riskShares, riskSharePayments } from "../../db/schema";
import { demoToken, verifiedOrganisation } from "../support/organisations";
import { type TestServer, startTestServer } from "../support/test-server";
import { Visitor, api } from "../support/visitor";

/** Costs and risk-sharers' payments a bank records on its disposal case: the waterfall's inputs besides the proceeds. */
let server: TestServer;
let bankToken: string;
let caseId: string;
let sharer: typeof riskShares.$inferSelect;
let ceiling: number;

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: "always" });
  bankToken = await demoToken(server.origin, "bank@demo.ipx.example");
  // A demo case whose loan has a risk-sharer besides the bank; its ceiling worked out here: share × exposure at default, floored.
  const rows = await server.db.db.select({ kase: disposalCases, share: riskShares }).from(disposalCases).innerJoin(riskShares, and(eq(riskShares.loanId, disposalCases.loanId), ne(riskShares.role, "bank")));
  // One whose sharer has paid nothing yet (the demo money seed records payments on the cases it sells).
  const paidShares = new Set((await server.db.db.select({ id: riskSharePayments.riskShareId }).from(riskSharePayments)).map((p) => p.id));
  const { kase, share } = rows.find((r) => !paidShares.has(r.share.id))!;
  caseId = kase.id;
  sharer = share;
  const ead = Number(kase.principalAtDefault + kase.interestAtDefault + kase.penaltyAtDefault + kase.costsAtDefault);
  ceiling = Math.floor((ead * share.shareBps) / 10_000);
});
afterAll(() => server?.stop());

describe("a disposal case's costs and risk-sharers' payments", () => {
  it("the bank records costs and payments through the API, never beyond a sharer's share; others are refused", async () => {
    const inputs = await api(server.origin, "GET", `/disposal-cases/${caseId}/recovery-inputs`, { token: bankToken });
    expect(inputs.status).toBe(200);
    expect(inputs.body!.sharers).toContainEqual(expect.objectContaining({ id: sharer.id, ceiling, paid: 0 }));

    const cost = await api(server.origin, "POST", `/disposal-cases/${caseId}/costs`, { token: bankToken, body: { kind: "appraisal", description: "评估报告", amount: 12_000_00, incurredOn: "2026-10-01" } });
    expect(cost.status).toBe(201);
    const future = await api(server.origin, "POST", `/disposal-cases/${caseId}/costs`, { token: bankToken, body: { kind: "annuity", amount: 900_00, incurredOn: "2099-01-01" } });
    expect([future.status, future.body!.error.code]).toEqual([400, "INVALID"]);
    expect((await api(server.origin, "POST", `/disposal-cases/${caseId}/costs`, { token: bankToken, body: { kind: "bribe", amount: 1, incurredOn: "2026-10-01" } })).status).toBe(400);

    const first = await api(server.origin, "POST", `/disposal-cases/${caseId}/risk-share-payments`, { token: bankToken, body: { riskShareId: sharer.id, amount: ceiling - 1, paidOn: "2026-10-15" } });
    expect(first.status).toBe(201);
    const over = await api(server.origin, "POST", `/disposal-cases/${caseId}/risk-share-payments`, { token: bankToken, body: { riskShareId: sharer.id, amount: 2, paidOn: "2026-10-16" } });
    expect([over.status, over.body!.error.code]).toEqual([422, "OVER_SHARE"]);
    expect((await api(server.origin, "POST", `/disposal-cases/${caseId}/risk-share-payments`, { token: bankToken, body: { riskShareId: sharer.id, amount: 1, paidOn: "2026-10-16" } })).status).toBe(201);
    const bankShare = (await server.db.db.select().from(riskShares).where(and(eq(riskShares.loanId, sharer.loanId), eq(riskShares.role, "bank"))))[0];
    if (bankShare) expect((await api(server.origin, "POST", `/disposal-cases/${caseId}/risk-share-payments`, { token: bankToken, body: { riskShareId: bankShare.id, amount: 1, paidOn: "2026-10-16" } })).status).toBe(400);

    const after = await api(server.origin, "GET", `/disposal-cases/${caseId}/recovery-inputs`, { token: bankToken });
    expect(after.body!.sharers).toContainEqual(expect.objectContaining({ id: sharer.id, paid: ceiling }));
    expect(after.body!.costs).toEqual([expect.objectContaining({ kind: "appraisal", amount: 12_000_00, incurredOn: "2026-10-01" })]);

    // The guarantor shares the loss but does not manage the bank's case; another bank does not see it at all.
    expect((await api(server.origin, "GET", `/disposal-cases/${caseId}/recovery-inputs`, { token: await demoToken(server.origin, "guarantor@demo.ipx.example") })).status).toBe(403);
    const other = await verifiedOrganisation(server.origin, "bank", "third@bank.example");
    expect((await api(server.origin, "POST", `/disposal-cases/${caseId}/costs`, { token: other.token, body: { kind: "appraisal", amount: 1, incurredOn: "2026-10-01" } })).status).toBe(404);
    expect(await server.db.db.select().from(disposalCosts).where(eq(disposalCosts.disposalCaseId, caseId))).toHaveLength(1);
  });

  it("the case page shows them and takes them through plain forms, in both languages", async () => {
    const bank = new Visitor(server.origin);
    bank.cookies.set("ipx_lng", "zh");
    expect((await bank.login("bank@demo.ipx.example", DEMO_PASSWORD)).status).toBe(302);
    const html = await (await bank.get(`/collateral/cases/${caseId}`)).text();
    expect(html).toContain("处置费用与风险分担方代偿");
    expect(html).toContain(sharer.partyName);
    const posted = await bank.post(`/collateral/cases/${caseId}`, { intent: "cost", kind: "registry_fee", amount: "1,250.50", incurredOn: "2026-11-01", description: "变更登记" });
    expect(posted.status).toBe(302);
    expect(posted.headers.get("location")).toContain("done=cost");
    const refused = await bank.post(`/collateral/cases/${caseId}`, { intent: "cost", kind: "registry_fee", amount: "abc", incurredOn: "2026-11-01" });
    expect(refused.status).toBe(400);
    bank.cookies.set("ipx_lng", "en");
    const page = await (await bank.get(`/collateral/cases/${caseId}?done=cost`)).text();
    expect(page).toContain("Cost recorded.");
    expect(page).toContain("Registry fee");
    expect(page).toContain("1,250.50");
    expect(await server.db.db.select().from(riskSharePayments).where(eq(riskSharePayments.riskShareId, sharer.id))).toHaveLength(2);
  });
});
