import { createHash } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { and, eq, inArray } from "drizzle-orm";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { auditEvents, awards, disposalCaseAssets, disposalCases, jobs, listings, lotDeposits, notifications, tenderBids } from "../../db/schema";
import { fullPath } from "../support/routes";
import { connect } from "../support/sockets";
import { demoToken } from "../support/organisations";
import { type TestServer, startTestServer } from "../support/test-server";
import { Visitor, api } from "../support/visitor";

/** The sealed amount whose every written form must stay out of every answer, page, event and log line before the opening. */
const CANARY = 987_654_321;
/** A value declared for a weighted tender's criterion: as secret as an amount until the opening. */
const CANARY_VALUE = 246_813_579;
const CANARY_FORMS = ["987654321", "9876543.21", "9,876,543.21", "9876543", "9,876,543", "246813579", "246,813,579", "2468135.79", "2,468,135.79"];
const START = 100_000_000;
/** The weighted lot's published scoring: price 50%, days to pay the balance (lower) 30%, investment in the region (higher) 20%. */
const SCORING = {
  priceWeight: 50,
  criteria: [
    { label: "Days to pay the balance", weight: 30, better: "lower", min: 0, max: 90 },
    { label: "Investment in the region, yuan", weight: 20, better: "higher", min: 0, max: 1_000_000_000 },
  ],
};
const DAY = 86_400_000;

const logLines: string[] = [];
let server: TestServer;
let build: ServerBuild;
let lotId: string;
let weightedId: string;
const tokens: Record<string, string> = {};
const orgIds: Record<string, string> = {};
const visitors: Record<string, Visitor> = {};
let watcher: Socket;
const socketTraffic: unknown[] = [];

const leaks = (text: string) => CANARY_FORMS.filter((form) => text.includes(form));
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const EN = { "accept-language": "en" };
const submit = (who: string, body: unknown, lot = lotId) => api(server.origin, "POST", `/lots/${lot}/tender`, { token: tokens[who], body });

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: "always", LOG_LEVEL: "debug" }, { write: (line: string) => void logLines.push(line) });
  build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  for (const who of ["bank", "operator", "investor1", "investor2", "vc", "licensee"]) {
    tokens[who] = await demoToken(server.origin, `${who}@demo.ipx.example`);
    const me = await api(server.origin, "GET", "/me", { token: tokens[who] });
    orgIds[who] = me.body!.organisation.id;
    visitors[who] = new Visitor(server.origin);
    expect((await visitors[who].login(`${who}@demo.ipx.example`, DEMO_PASSWORD)).status).toBe(302);
  }
  lotId = await announcedTender("Sealed tender test", "price");
  weightedId = await announcedTender("Weighted tender test", "weighted", SCORING);
  // Deposits are confirmed by another engineer's flow; here they are simply on record.
  for (const [i, who] of (["investor1", "vc", "licensee"] as const).entries()) {
    await depositFor(lotId, who, `T-${i + 1}`);
    await depositFor(weightedId, who, `W-${i + 1}`);
  }
  watcher = await connect(server.origin, { cookie: `ipx_session=${visitors.investor2!.cookies.get("ipx_session")}`, origin: server.origin });
  watcher.onAny((event, ...args) => socketTraffic.push({ event, args }));
  for (const lot of [lotId, weightedId]) socketTraffic.push(await watcher.timeout(5_000).emitWithAck("lot:join", { lotId: lot, sinceSeq: 0 }).catch((error: Error) => ({ error: error.message })));
});
/** A tender by the demo bank, approved: bidding opens in eight days (tests move the dates). */
async function announcedTender(title: string, evaluation: "price" | "weighted", scoring?: unknown): Promise<string> {
  const [kase] = await server.db.db.select().from(disposalCases).where(eq(disposalCases.organisationId, orgIds.bank!)).limit(1);
  const assetIds = (await server.db.db.select().from(disposalCaseAssets).where(eq(disposalCaseAssets.caseId, kase!.id))).map((a) => a.assetId);
  const now = Date.now();
  const opensAt = now + 60_000 + 8 * DAY;
  const closesAt = opensAt + 2 * DAY;
  const terms = {
    startPrice: START,
    reserve: 150_000_000,
    deposit: 10_000_000,
    increment: 100_000,
    announceAt: new Date(now + 60_000).toISOString(),
    opensAt: new Date(opensAt).toISOString(),
    closesAt: new Date(closesAt).toISOString(),
    tender: { openingAt: new Date(closesAt + 3_600_000).toISOString(), evaluation, ...(scoring ? { scoring } : {}) },
  };
  const created = await api(server.origin, "POST", "/listings", { token: tokens.bank, body: { mode: "tender", preset: "private", title, assetIds, terms } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body!.id as string;
  expect((await api(server.origin, "POST", `/listings/${id}/submit`, { token: tokens.bank })).status).toBe(204);
  expect((await api(server.origin, "POST", `/operator/listings/${id}/review`, { token: tokens.operator, body: { verdict: "approve" } })).body).toEqual({ status: "announced" });
  return id;
}

async function depositFor(lot: string, who: string, bidderCode: string) {
  await server.db.db.insert(lotDeposits).values({ listingId: lot, organisationId: orgIds[who]!, bidderCode, method: "bank_transfer", status: "confirmed", amount: 10_000_000n, requestedAt: new Date(), confirmedAt: new Date() });
}

/** Time passes: bidding opens. */
async function openBidding(lot: string) {
  await server.db.db.update(listings).set({ status: "open", opensAt: new Date(Date.now() - 1_000) }).where(eq(listings.id, lot));
}

/** Time passes: the deadline is behind us and the opening falls due in a moment; waits for the outcome. */
async function openTenders(lot: string, outcome: "awarded" | "unsold") {
  const [l] = await server.db.db.select().from(listings).where(eq(listings.id, lot));
  const terms = l!.terms as Record<string, any>;
  const soon = new Date(Date.now() + 300);
  await server.db.db.update(listings).set({ closesAt: new Date(Date.now() - 1), terms: { ...terms, tender: { ...terms.tender, openingAt: soon.toISOString() } } }).where(eq(listings.id, lot));
  await server.db.db.update(jobs).set({ runAt: soon }).where(eq(jobs.dedupeKey, `listing:${lot}:tender-open`));
  await expect.poll(async () => (await server.db.db.select().from(listings).where(eq(listings.id, lot)))[0]!.status, { timeout: 15_000 }).toBe(outcome);
}

afterAll(async () => {
  watcher?.close();
  await server?.stop();
});

const receipts: Record<string, { receipt: Record<string, any>; salt: string }> = {};

describe("a sealed tender before its opening", () => {
  it("queues the opening when the listing is approved, and refuses bids before bidding opens", async () => {
    const [job] = await server.db.db.select().from(jobs).where(eq(jobs.dedupeKey, `listing:${lotId}:tender-open`));
    expect(job).toMatchObject({ kind: "tender:open", payload: { listingId: lotId } });
    expect((await submit("investor1", { amount: 200_000_000 })).body!.error.code).toBe("LOT_NOT_OPEN");
    await openBidding(lotId);
  });

  it("takes one sealed bid per bidder; a revision replaces it and returns a new commitment and salt", async () => {
    const first = await submit("investor1", { amount: 950_000_000 });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body!.receipt).toMatchObject({ lotId, organisationId: orgIds.investor1, bidderCode: "T-1", revision: 1 });
    const revised = await submit("investor1", { amount: CANARY });
    expect(revised.status).toBe(201);
    expect(revised.body!.receipt.revision).toBe(2);
    expect(revised.body!.salt).toMatch(/^[0-9a-f]{64}$/);
    expect(revised.body!.salt).not.toBe(first.body!.salt);
    expect(revised.body!.receipt.commitment).toBe(sha256(`ipx-tender-v1|${lotId}|${orgIds.investor1}|${CANARY}|${revised.body!.salt}`));
    expect(revised.body!.receipt.recipe).toContain("ipx-tender-v1|<lotId>|<organisationId>|<amount>|<salt>");
    receipts.investor1 = revised.body as never;
    const rows = await server.db.db.select().from(tenderBids).where(and(eq(tenderBids.listingId, lotId), eq(tenderBids.organisationId, orgIds.investor1!)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ revision: 2, commitment: revised.body!.receipt.commitment, openedAmount: null, rank: null });
    expect(leaks(JSON.stringify(rows[0]))).toEqual([]);

    const vc = await submit("vc", { amount: 300_000_000 });
    expect(vc.status).toBe(201);
    receipts.vc = vc.body as never;
    expect((await submit("licensee", { amount: 400_000_000 })).status).toBe(201);
  });

  it("refuses the ineligible and the invalid without ever repeating the amount", async () => {
    const unverified = await api(server.origin, "POST", "/auth/register", { body: { email: "unverified@tender.example", password: "tender-test-2026", name: "U", organisation: { name: "Unverified Capital", kind: "investor" } } });
    expect(unverified.status).toBe(201);
    tokens.unverified = (await api(server.origin, "POST", "/auth/token", { body: { email: "unverified@tender.example", password: "tender-test-2026" } })).body!.token;
    const refusals: Array<[string, unknown, number, string]> = [
      ["investor2", { amount: CANARY }, 403, "NO_DEPOSIT"],
      ["unverified", { amount: CANARY }, 403, "FORBIDDEN"],
      ["bank", { amount: CANARY }, 403, "SELLER_CANNOT_BID"],
      ["operator", { amount: CANARY }, 403, "FORBIDDEN"],
      ["vc", { amount: START - 1 }, 409, "BID_TOO_LOW"],
      ["vc", { amount: String(CANARY) }, 400, "INVALID"],
      ["vc", { amount: CANARY + 0.5 }, 400, "INVALID"],
      ["vc", { amount: -CANARY }, 400, "INVALID"],
      ["vc", { amount: CANARY, note: CANARY }, 400, "INVALID"],
    ];
    for (const [who, body, status, code] of refusals) {
      const res = await submit(who, body);
      expect([res.status, res.body!.error.code], who).toEqual([status, code]);
      expect(leaks(JSON.stringify(res.body)), `${who} ${JSON.stringify(body)}`).toEqual([]);
      expect(JSON.stringify(res.body)).not.toContain(String(START - 1));
    }
    const bad = await api(server.origin, "POST", `/lots/${lotId}/tender`, { token: tokens.vc, rawBody: `{"amount": ${CANARY},` });
    expect(bad.status).toBe(400);
    expect(leaks(JSON.stringify(bad.body))).toEqual([]);
  });

  it("the page takes a sealed bid, shows the salt once, and never the amount", async () => {
    const page = `/listings/${lotId}/tender`;
    const shown = await (await visitors.vc!.get(page, EN)).text();
    expect(shown).toContain("Seal the revision");
    const res = await visitors.vc!.post(page, { amount: "3,100,000.00", confirm: "yes" }, { headers: EN });
    expect(res.status).toBe(200);
    const html = await res.text();
    const salt = html.match(/data-testid="tender-salt">([0-9a-f]{64})</)?.[1];
    expect(salt).toBeDefined();
    const [row] = await server.db.db.select().from(tenderBids).where(and(eq(tenderBids.listingId, lotId), eq(tenderBids.organisationId, orgIds.vc!)));
    expect(row!.commitment).toBe(sha256(`ipx-tender-v1|${lotId}|${orgIds.vc}|310000000|${salt}`));
    receipts.vc = { receipt: { commitment: row!.commitment }, salt: salt! };
    expect(html).not.toContain("3,100,000");
    expect(await (await visitors.vc!.get(page)).text()).not.toContain(salt!);
    const unconfirmed = await visitors.vc!.post(page, { amount: "3,200,000.00" }, { headers: EN });
    expect(await unconfirmed.text()).toContain("Tick the confirmation to submit.");
    expect((await server.db.db.select().from(tenderBids).where(eq(tenderBids.id, row!.id)))[0]!.revision).toBe(row!.revision);
  });

  it("a weighted tender publishes its scoring, or is refused with the field at fault and nothing saved", async () => {
    const count = async () => (await server.db.db.select({ id: listings.id }).from(listings).where(eq(listings.title, "Unscored weighted tender"))).length;
    const before = await count();
    const [kase] = await server.db.db.select().from(disposalCases).where(eq(disposalCases.organisationId, orgIds.bank!)).limit(1);
    const assetIds = (await server.db.db.select().from(disposalCaseAssets).where(eq(disposalCaseAssets.caseId, kase!.id))).map((a) => a.assetId);
    const [listing] = await server.db.db.select().from(listings).where(eq(listings.id, weightedId));
    const terms = listing!.terms as Record<string, any>;
    const refusals: Array<[unknown, string, string]> = [
      [{ openingAt: terms.tender.openingAt, evaluation: "weighted" }, "terms.tender.scoring", "scoring_required"],
      [{ ...terms.tender, scoring: { ...SCORING, priceWeight: 40 } }, "terms.tender.scoring.priceWeight", "weights_sum"],
      [{ ...terms.tender, scoring: { ...SCORING, criteria: [{ ...SCORING.criteria[0], min: 90, max: 0 }, SCORING.criteria[1]] } }, "terms.tender.scoring.criteria.0.max", "range_invalid"],
      [{ ...terms.tender, evaluation: "price" }, "terms.tender.scoring", "scoring_not_expected"],
    ];
    for (const [tender, path, code] of refusals) {
      const res = await api(server.origin, "POST", "/listings", { token: tokens.bank, body: { mode: "tender", preset: "private", title: "Unscored weighted tender", assetIds, terms: { ...terms, tender } } });
      expect([res.status, res.body!.error.code], code).toEqual([400, "INVALID"]);
      expect(res.body!.error.details.issues, code).toEqual([{ path, code }]);
    }
    expect(await count()).toBe(before);
    const overview = await (await visitors.investor2!.get(`/listings/${weightedId}`, EN)).text();
    expect(overview).toContain("How bids are scored");
    expect(overview).toContain("Days to pay the balance: 30%, lower is better, a whole number from 0 to 90");
    expect(overview).toContain("Price: 50%, higher is better");
  });

  it("a weighted tender seals the declared values with the amount, refuses missing or out-of-range values without repeating them, and takes a revision of them", async () => {
    await openBidding(weightedId);
    const refusals: Array<[string, unknown, Array<{ path: string; code: string }> | null, string]> = [
      ["investor1", { amount: 400_000_000 }, [{ path: "criteria", code: "criteria_required" }], weightedId],
      ["investor1", { amount: 400_000_000, criteria: [10] }, [{ path: "criteria", code: "criteria_required" }], weightedId],
      ["investor1", { amount: 400_000_000, criteria: [91, CANARY_VALUE] }, [{ path: "criteria.0", code: "criterion_out_of_range" }], weightedId],
      ["investor1", { amount: 400_000_000, criteria: [10, 1_000_000_001] }, [{ path: "criteria.1", code: "criterion_out_of_range" }], weightedId],
      ["investor1", { amount: 400_000_000, criteria: [10, String(CANARY_VALUE)] }, null, weightedId],
      ["investor1", { amount: 400_000_000, criteria: [10, CANARY_VALUE + 0.5] }, null, weightedId],
      ["vc", { amount: 310_000_000, criteria: [CANARY_VALUE] }, [{ path: "criteria", code: "criteria_not_expected" }], lotId],
    ];
    for (const [who, body, issues, lot] of refusals) {
      const res = await submit(who, body, lot);
      expect([res.status, res.body!.error.code], JSON.stringify(body)).toEqual([400, "INVALID"]);
      if (issues) expect(res.body!.error.details.issues).toEqual(issues);
      expect(leaks(JSON.stringify(res.body)), JSON.stringify(body)).toEqual([]);
      expect(JSON.stringify(res.body)).not.toContain("1000000001");
    }
    expect(await server.db.db.select().from(tenderBids).where(eq(tenderBids.listingId, weightedId))).toHaveLength(0);

    const first = await submit("investor1", { amount: 400_000_000, criteria: [90, 0] }, weightedId);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body!.receipt).toMatchObject({ lotId: weightedId, bidderCode: "W-1", revision: 1, scheme: "ipx-tender-v2" });
    expect(first.body!.receipt.recipe).toContain("ipx-tender-v2|<lotId>|<organisationId>|<amount>|<values>|<salt>");
    expect(first.body!.receipt.commitment).toBe(sha256(`ipx-tender-v2|${weightedId}|${orgIds.investor1}|400000000|90,0|${first.body!.salt}`));
    expect((await submit("vc", { amount: 300_000_000, criteria: [60, 1_000] }, weightedId)).status).toBe(201);
    const revised = await submit("vc", { amount: 300_000_000, criteria: [10, CANARY_VALUE] }, weightedId);
    expect(revised.body!.receipt).toMatchObject({ revision: 2, scheme: "ipx-tender-v2" });
    expect(revised.body!.receipt.commitment).toBe(sha256(`ipx-tender-v2|${weightedId}|${orgIds.vc}|300000000|10,${CANARY_VALUE}|${revised.body!.salt}`));
    receipts.weightedVc = revised.body as never;
    const [row] = await server.db.db.select().from(tenderBids).where(and(eq(tenderBids.listingId, weightedId), eq(tenderBids.organisationId, orgIds.vc!)));
    expect(leaks(JSON.stringify(row))).toEqual([]);

    // The page: one input per criterion, the scoring in plain words, a value out of range refused at its input.
    const page = `/listings/${weightedId}/tender`;
    const shown = await (await visitors.licensee!.get(page, EN)).text();
    expect(shown).toContain("How bids are scored");
    expect(shown).toContain('name="criterion2"');
    const outOfRange = await visitors.licensee!.post(page, { amount: "2,000,000.00", criterion1: "91", criterion2: "100000000", confirm: "yes" }, { headers: EN });
    expect(outOfRange.status).toBe(400);
    expect(await outOfRange.text()).toContain("Enter a whole number from 0 to 90.");
    const sealed = await visitors.licensee!.post(page, { amount: "2,000,000.00", criterion1: "30", criterion2: "100000000", confirm: "yes" }, { headers: EN });
    expect(sealed.status).toBe(200);
    const html = await sealed.text();
    const salt = html.match(/data-testid="tender-salt">([0-9a-f]{64})</)?.[1];
    const [licensee] = await server.db.db.select().from(tenderBids).where(and(eq(tenderBids.listingId, weightedId), eq(tenderBids.organisationId, orgIds.licensee!)));
    expect(licensee).toMatchObject({ revision: 1, commitment: sha256(`ipx-tender-v2|${weightedId}|${orgIds.licensee}|200000000|30,100000000|${salt}`) });
    expect(html).toContain("Your amount and declared values are sealed");
  });

  it("no API answer, page, socket event or log line holds the amount — for the seller, the operator, other bidders or the bidder", async () => {
    const document = (await api(server.origin, "GET", "/openapi.json")).body!;
    const templates = Object.entries(document.paths as Record<string, Record<string, unknown>>).filter(([, ops]) => "get" in ops).map(([p]) => p);
    const gets = [lotId, weightedId].flatMap((lot) => templates.map((p) => p.replace(/\{[^}]+\}/g, lot)));
    expect(gets).toContain(`/lots/${weightedId}/tender/results`);
    for (const who of ["bank", "operator", "vc", "investor2", "investor1"]) {
      for (const url of new Set(gets)) {
        const res = await api(server.origin, "GET", url, { token: tokens[who] });
        expect(leaks(res.text), `${who} GET ${url}`).toEqual([]);
      }
      for (const lot of [lotId, weightedId]) {
        const results = await api(server.origin, "GET", `/lots/${lot}/tender/results`, { token: tokens[who] });
        expect([results.status, results.body!.error.code], who).toEqual([409, "TENDER_SEALED"]);
      }
    }
    const weightedReceipt = await api(server.origin, "GET", `/lots/${weightedId}/tender/receipt`, { token: tokens.vc });
    expect(weightedReceipt.body).toMatchObject({ receipt: { commitment: receipts.weightedVc!.receipt.commitment, scheme: "ipx-tender-v2" }, opened: null });
    const receipt = await api(server.origin, "GET", `/lots/${lotId}/tender/receipt`, { token: tokens.investor1 });
    expect(receipt.body).toMatchObject({ receipt: { commitment: receipts.investor1!.receipt.commitment, revision: 2 }, opened: null });
    expect(JSON.stringify(receipt.body)).not.toContain(receipts.investor1!.salt);

    const pages = Object.keys(build.routes)
      .map((id) => fullPath(build, id))
      .filter((p) => !/:(?!listingId)\w+|\*|^\/(logout|language)$/.test(p))
      .flatMap((p) => [lotId, weightedId].map((lot) => p.replace(":listingId", lot)));
    expect(pages).toContain(`/listings/${weightedId}/tender`);
    for (const who of ["bank", "operator", "vc", "investor2", "investor1"]) {
      for (const page of new Set(pages)) {
        const html = await (await visitors[who]!.get(page)).text();
        expect(leaks(html), `${who} ${page}`).toEqual([]);
      }
    }
    expect(await (await new Visitor(server.origin).get(`/listings/${lotId}/tender`, EN)).text()).toContain("Sign in to submit a sealed bid.");

    expect(leaks(JSON.stringify(socketTraffic))).toEqual([]);
    const log = logLines.join("");
    expect(log.length).toBeGreaterThan(1_000);
    expect(log).toContain(`/lots/${lotId}/tender`);
    expect(leaks(log)).toEqual([]);
    expect(log).not.toContain(receipts.investor1!.salt);
    expect(log).not.toContain(receipts.weightedVc!.salt);
    const audit = await server.db.db.select().from(auditEvents).where(inArray(auditEvents.subjectId, [lotId, weightedId]));
    expect(audit.filter((a) => a.subjectId === weightedId).map((a) => a.action)).toContain("tender.revised");
    expect(leaks(JSON.stringify(audit))).toEqual([]);
  });
});

describe("the deadline and the opening", () => {
  it("refuses bids at the deadline; results stay sealed until the opening", async () => {
    await server.db.db.update(listings).set({ closesAt: new Date(Date.now() - 1) }).where(eq(listings.id, lotId));
    expect((await submit("vc", { amount: 500_000_000 })).body!.error.code).toBe("LOT_CLOSED");
    expect((await api(server.origin, "GET", `/lots/${lotId}/tender/results`, { token: tokens.bank })).body!.error.code).toBe("TENDER_SEALED");

    // Someone with database access alters the licensee's ciphertext: the opening must notice.
    const [licensee] = await server.db.db.select().from(tenderBids).where(and(eq(tenderBids.listingId, lotId), eq(tenderBids.organisationId, orgIds.licensee!)));
    const bytes = Buffer.from(licensee!.ciphertext, "base64");
    bytes[0] = bytes[0]! ^ 0xff;
    await server.db.db.update(tenderBids).set({ ciphertext: bytes.toString("base64") }).where(eq(tenderBids.id, licensee!.id));
    await openTenders(lotId, "awarded");
  });

  it("ranks the verified bids by price, excludes the tampered one, awards the top and releases the other deposits", async () => {
    const results = await api(server.origin, "GET", `/lots/${lotId}/tender/results`, { token: tokens.vc });
    expect(results.status, JSON.stringify(results.body)).toBe(200);
    expect(results.body!.bids.map((b: any) => [b.bidderCode, b.rank, b.amount, b.verified, b.own])).toEqual([
      ["T-1", 1, CANARY, true, false],
      ["T-2", 2, 310_000_000, true, true],
      ["T-3", null, null, false, false],
    ]);
    expect(results.body!.bids.map((b: any) => b.organisationName)).toEqual([null, expect.any(String), null]);
    const seller = await api(server.origin, "GET", `/lots/${lotId}/tender/results`, { token: tokens.bank });
    expect(seller.body!.bids.map((b: any) => b.organisationName)).toEqual([expect.stringContaining("South China Capital"), null, null]);

    const [award] = await server.db.db.select().from(awards).where(eq(awards.listingId, lotId));
    expect(award).toMatchObject({ buyerOrganisationId: orgIds.investor1, price: BigInt(CANARY) });
    const deposits = await server.db.db.select().from(lotDeposits).where(eq(lotDeposits.listingId, lotId));
    expect(Object.fromEntries(deposits.map((d) => [d.bidderCode, d.status]))).toEqual({ "T-1": "applied", "T-2": "released", "T-3": "released" });
    const opened = await server.db.db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, lotId), eq(auditEvents.action, "tender.opened")));
    expect(opened).toHaveLength(1);
    expect((opened[0]!.data as { rejected: string[] }).rejected).toHaveLength(1);
    expect(logLines.join("")).toContain("failed verification at the opening");
    for (const [who, kind] of [["investor1", "tender_won"], ["vc", "tender_lost"], ["licensee", "tender_lost"], ["bank", "tender_opened"]] as const) {
      const told = await server.db.db.select().from(notifications).where(and(eq(notifications.organisationId, orgIds[who]!), eq(notifications.kind, kind)));
      expect(told.length, `${who} ${kind}`).toBeGreaterThan(0);
    }
  });

  it("every bidder verifies its receipt with an independent SHA-256, and the page shows the check", async () => {
    for (const who of ["investor1", "vc"] as const) {
      const mine = await api(server.origin, "GET", `/lots/${lotId}/tender/receipt`, { token: tokens[who] });
      const { receipt, opened } = mine.body!;
      expect(opened.salt).toBe(receipts[who]!.salt);
      expect(receipt.commitment).toBe(receipts[who]!.receipt.commitment);
      expect(sha256(`ipx-tender-v1|${lotId}|${orgIds[who]}|${opened.amount}|${opened.salt}`)).toBe(receipt.commitment);
    }
    const html = await (await visitors.investor1!.get(`/listings/${lotId}/tender`, EN)).text();
    expect(html).toContain("Verify my receipt");
    expect(html).toContain(`ipx-tender-v1|${lotId}|${orgIds.investor1}|${CANARY}|${receipts.investor1!.salt}`);
    expect(html).toContain("Proposed for award");
  });

  it("a weighted tender: the best score wins though another bid is higher; the results show each bid's values and points; receipts verify under v2", async () => {
    await openTenders(weightedId, "awarded");
    const results = await api(server.origin, "GET", `/lots/${weightedId}/tender/results`, { token: tokens.vc });
    expect(results.status, JSON.stringify(results.body)).toBe(200);
    expect(results.body).toMatchObject({ evaluation: "weighted", rankedBy: "weighted", scoring: SCORING });
    // Price 300 of 200..400 → 2500; days 10 is the best → 3000; the canary investment is the best → 2000.
    expect(results.body!.bids.map((b: any) => [b.bidderCode, b.rank, b.amount, b.values, b.score, b.winner])).toEqual([
      ["W-2", 1, 300_000_000, [10, CANARY_VALUE], { total: 7500, price: 2500, criteria: [3000, 2000] }, true],
      ["W-1", 2, 400_000_000, [90, 0], { total: 5000, price: 5000, criteria: [0, 0] }, false],
      ["W-3", 3, 200_000_000, [30, 100_000_000], { total: 3060, price: 0, criteria: [2250, 810] }, false],
    ]);
    const [award] = await server.db.db.select().from(awards).where(eq(awards.listingId, weightedId));
    expect(award).toMatchObject({ buyerOrganisationId: orgIds.vc, price: 300_000_000n });
    const deposits = await server.db.db.select().from(lotDeposits).where(eq(lotDeposits.listingId, weightedId));
    expect(Object.fromEntries(deposits.map((d) => [d.bidderCode, d.status]))).toEqual({ "W-1": "released", "W-2": "applied", "W-3": "released" });
    const [opened] = await server.db.db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, weightedId), eq(auditEvents.action, "tender.opened")));
    expect(Object.values((opened!.data as { scores: Record<string, number> }).scores).sort()).toEqual([3060, 5000, 7500]);
    expect(opened!.data).toMatchObject({ rankedBy: "weighted", bids: 3, verified: 3 });

    const mine = await api(server.origin, "GET", `/lots/${weightedId}/tender/receipt`, { token: tokens.vc });
    const { receipt, opened: revealed } = mine.body!;
    expect(revealed).toMatchObject({ amount: 300_000_000, values: [10, CANARY_VALUE], salt: receipts.weightedVc!.salt, rank: 1 });
    expect(sha256(`ipx-tender-v2|${weightedId}|${orgIds.vc}|${revealed.amount}|${revealed.values.join(",")}|${revealed.salt}`)).toBe(receipt.commitment);
    const html = await (await visitors.vc!.get(`/listings/${weightedId}/tender`, EN)).text();
    expect(html).toContain(`ipx-tender-v2|${weightedId}|${orgIds.vc}|300000000|10,${CANARY_VALUE}|${receipts.weightedVc!.salt}`);
    expect(html).toContain("Investment in the region, yuan");
    expect(html).toContain("246,813,579");
    expect(html).toContain("75.00");
    expect(html).toContain("Ranked by score under the published scoring");
  });

  it("below the reserve the lot is unsold and every deposit released; a second run changes nothing", async () => {
    const lot = await announcedTender("Sealed tender below reserve", "price");
    await depositFor(lot, "vc", "R-1");
    await depositFor(lot, "investor2", "R-2");
    await openBidding(lot);
    expect((await api(server.origin, "POST", `/lots/${lot}/tender`, { token: tokens.vc, body: { amount: 120_000_000 } })).status).toBe(201);
    await openTenders(lot, "unsold");
    const results = await api(server.origin, "GET", `/lots/${lot}/tender/results`, { token: tokens.bank });
    expect(results.body).toMatchObject({ status: "unsold", evaluation: "price", rankedBy: "price", scoring: null, bids: [{ bidderCode: "R-1", rank: 1, amount: 120_000_000, values: null, score: null, winner: false, organisationName: null }] });
    expect(await server.db.db.select().from(awards).where(eq(awards.listingId, lot))).toHaveLength(0);
    const deposits = await server.db.db.select().from(lotDeposits).where(eq(lotDeposits.listingId, lot));
    expect(deposits.map((d) => d.status)).toEqual(["released", "released"]);

    await server.db.db.insert(jobs).values({ kind: "tender:open", payload: { listingId: lot }, runAt: new Date() });
    await expect.poll(async () => (await server.db.db.select().from(jobs).where(eq(jobs.kind, "tender:open"))).filter((j) => (j.payload as { listingId?: string }).listingId === lot).map((j) => j.doneAt !== null && j.lastError === null), { timeout: 15_000 }).toEqual([true, true]);
    const opened = await server.db.db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, lot), eq(auditEvents.action, "tender.opened")));
    expect(opened).toHaveLength(1);
    expect(opened[0]!.data).toMatchObject({ evaluation: "price", rankedBy: "price", bids: 1, verified: 1 });
  });
});
