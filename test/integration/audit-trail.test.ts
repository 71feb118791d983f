import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { awards, listings } from "../../db/schema";
import { appendAudit } from "../../server/services/audit";
import { type Bidder, insertAuction, verifiedBidders } from "../support/lots";
import { demoToken } from "../support/organisations";
import { pageText, signedInVisitor } from "../support/pages";
import { type TestServer, startTestServer } from "../support/test-server";
import { api } from "../support/visitor";

/**
 * The audit trail (/audit and API v1) reads everything that may be read: filtered and paged, with a bidder's
 * identity withheld until the lot's award (also from the organisation filter) and sealed amounts until the opening.
 */
let server: TestServer;
let auditor: string;
let bidder: Bidder;
const db = () => server.db.db;

type Event = { id: number; action: string; actor: { id: string; name: string | null } | null; organisation: { id: string; name: string | null } | null; subject: { type: string; id: string | null; title: string | null } | null; data: Record<string, unknown> | null; withheld: string[]; occurredAt: string };
type Trail = { page: number; hasMore: boolean; events: Event[] };

async function trail(query: string): Promise<Trail> {
  const reply = await api(server.origin, "GET", `/audit/events?${query}`, { token: auditor });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body as unknown as Trail;
}

beforeAll(async () => {
  server = await startTestServer();
  auditor = await demoToken(server.origin, "auditor@demo.ipx.example");
  bidder = (await verifiedBidders(server.origin, 1, "trail"))[0]!;
});
afterAll(() => server?.stop());

describe("the audit trail", () => {
  it("pages newest first and filters by kind of action, organisation and Beijing day", async () => {
    // 60 sign-in events of one organisation, so the trail runs to a second page.
    await db().transaction(async (tx) => {
      for (let i = 0; i < 60; i++) await appendAudit(tx, { action: "auth.login", organisationId: bidder.organisationId, actorUserId: null, subjectType: "user", data: { n: i } }, new Date());
    });
    const first = await trail("kind=auth");
    expect(first.events).toHaveLength(50);
    expect(first.hasMore).toBe(true);
    expect(first.events.every((e) => e.action.startsWith("auth."))).toBe(true);
    const times = first.events.map((e) => e.occurredAt);
    expect(times).toEqual([...times].sort().reverse());
    const second = await trail("kind=auth&page=2");
    expect(second.events.length).toBeGreaterThan(0);
    expect(second.events.map((e) => e.id).filter((id) => first.events.some((e) => e.id === id))).toEqual([]);

    const own = await trail(`organisationId=${bidder.organisationId}`);
    expect(own.events.length).toBeGreaterThanOrEqual(50);
    expect(own.events.every((e) => e.organisation?.id === bidder.organisationId && e.organisation.name === "Bidder trail 0")).toBe(true);

    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
    expect((await trail(`kind=auth&from=${today}&to=${today}`)).events).toHaveLength(50);
    expect((await trail("kind=auth&to=2020-01-01")).events).toEqual([]);
    for (const bad of ["from=2026-02-01&to=2026-01-01", "kind=DROP%20TABLE", "organisationId=nope", "page=0", "whatever=1"]) {
      expect((await api(server.origin, "GET", `/audit/events?${bad}`, { token: auditor })).status, bad).toBe(400);
    }
  });

  it("withholds a bidder's identity until the lot's award, from the events and from the organisation filter", async () => {
    const { id: lotId } = await insertAuction(db(), { endsInMs: 10 * 60_000 });
    expect((await api(server.origin, "POST", `/lots/${lotId}/deposits`, { token: bidder.token })).status).toBe(201);
    const registration = async () => (await trail("kind=deposit")).events.find((e) => e.subject?.id === lotId && e.action === "deposit.requested")!;

    const before = await registration();
    expect(before).toMatchObject({ actor: null, organisation: null, withheld: ["bidder"], subject: { type: "listing", id: lotId, title: expect.stringContaining("Test auction") } });
    expect(before.data).toMatchObject({ amount: "100000" });
    expect((await trail(`organisationId=${bidder.organisationId}&kind=deposit`)).events).toEqual([]);

    await db().insert(awards).values({ listingId: lotId, buyerOrganisationId: bidder.organisationId, price: 1_000_000n, createdAt: new Date() });
    const after = await registration();
    expect(after).toMatchObject({ organisation: { id: bidder.organisationId }, actor: { name: "Bidder trail 0" }, withheld: [] });
    expect((await trail(`organisationId=${bidder.organisationId}&kind=deposit`)).events.map((e) => e.id)).toEqual([after.id]);
  });

  it("withholds a sealed tender's amounts until the opening", async () => {
    const { id: lotId } = await insertAuction(db(), { endsInMs: 10 * 60_000 });
    await db().update(listings).set({ mode: "tender" }).where(eq(listings.id, lotId));
    await db().transaction((tx) =>
      appendAudit(tx, { action: "tender.submitted", actorUserId: null, organisationId: bidder.organisationId, subjectType: "listing", subjectId: lotId, data: { revision: 1, commitment: "c0ffee", amount: "1234500" } }, new Date()),
    );
    const submitted = async () => (await trail("kind=tender")).events.find((e) => e.subject?.id === lotId)!;
    expect(await submitted()).toMatchObject({ organisation: null, withheld: ["bidder", "sealed"], data: { revision: 1, commitment: "c0ffee" } });
    expect((await submitted()).data).not.toHaveProperty("amount");

    // The opening decides the tender (here: unsold, so no award and the bidder stays unnamed).
    await db().update(listings).set({ status: "unsold" }).where(eq(listings.id, lotId));
    expect(await submitted()).toMatchObject({ organisation: null, withheld: ["bidder"], data: { amount: "1234500" } });
  });

  it("verifies the chains through API v1 for auditors and operators only", async () => {
    const report = await api(server.origin, "GET", "/audit/verify", { token: auditor });
    expect(report.status).toBe(200);
    expect(report.body!.chains).toEqual(expect.arrayContaining([{ chain: "global", events: expect.any(Number), firstBreak: null }]));
    expect((await api(server.origin, "GET", "/audit/verify", { token: await demoToken(server.origin, "operator@demo.ipx.example") })).status).toBe(200);
    expect((await api(server.origin, "GET", "/audit/verify", { token: bidder.token })).status).toBe(403);
    expect((await api(server.origin, "GET", "/audit/events", { token: bidder.token })).status).toBe(403);
  });

  it("the /audit page: the auditor reads, filters and verifies in Chinese; a bidder is refused; the auditor's nav leads there and to the platform's recoveries", async () => {
    const visitor = await signedInVisitor(server.origin, "auditor@demo.ipx.example", "zh", DEMO_PASSWORD);
    const page = await pageText(visitor, "/audit?kind=deposit");
    expect(page).toContain("审计日志");
    expect(page).toContain("deposit.requested");
    expect(page).toContain('href="/audit"');
    expect(page).toContain('href="/recoveries"');
    expect(await pageText(visitor, "/audit?from=2026-02-01&to=2026-01-01", 400)).toContain("筛选条件无效");
    const verified = await visitor.post("/audit", {}, { csrf: await visitor.csrfToken("/audit") });
    expect(verified.status).toBe(200);
    expect(await verified.text()).toMatch(/全部 \d+ 条链均完整/);

    const bank = await signedInVisitor(server.origin, "bank@demo.ipx.example");
    expect((await bank.get("/audit")).status).toBe(403);
    expect(await pageText(bank, "/")).not.toContain('href="/audit"');
  });
});
