import { and, asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { auditEvents, disposalCaseAssets, disposalCases, listings, lotDeposits, notifications, organisations, parties, payments, pledgeAssets, pledges } from "../../db/schema";
import { TEST_PASSWORD, demoToken, verifiedOrganisation } from "../support/organisations";
import { pageText, signedInVisitor } from "../support/pages";
import { type TestServer, startTestServer } from "../support/test-server";
import { Visitor, api } from "../support/visitor";

/**
 * Registering to bid: a deposit by bank transfer with a bidder code shown once an operator confirms it, the
 * applicant creditor's credit bid, priority-right holders; who may register and who sees what, over the
 * API and the pages (a browser without JavaScript).
 */
let server: TestServer;
const token: Record<string, string> = {};
const org: Record<string, string> = {};
let caseAssetIds: string[];
let otherBank: string;
let unverified: string;

const DAY = 86_400_000;
const CODE = /^[2-9A-HJKMNP-Z]{4}$/;
const BANK = "91440300MA5FDM01XB";
const OWNER = "91440300MA5FDM09XB";
const VC = "91440300MA5FDM07XB";
const INVESTOR1 = "91440101MA5FDM05XB";
const INVESTOR2 = "91440101MA5FDM06XB";

const lots = (path: string) => `/lots/${path}`;
const rowsOf = (listingId: string) => server.db.db.select().from(lotDeposits).where(eq(lotDeposits.listingId, listingId));
/** The reference a bidder quotes: its deposit payment's. */
const referenceOf = async (depositId: string) => (await server.db.db.select({ reference: payments.reference }).from(payments).where(eq(payments.lotDepositId, depositId)))[0]!.reference;
const setListing = (id: string, values: Partial<typeof listings.$inferInsert>) => server.db.db.update(listings).set(values).where(eq(listings.id, id));

/** An English auction (or another mode) created, submitted and approved by the demo bank: announced. */
async function announcedLot(mode = "english_auction", title = `Deposit test ${mode}`): Promise<string> {
  const now = Date.now();
  const terms = { startPrice: 30_000_000, deposit: 3_000_000, increment: 100_000, announceAt: new Date(now + 60_000).toISOString(), opensAt: new Date(now + 8 * DAY).toISOString(), closesAt: new Date(now + 9 * DAY).toISOString() };
  const created = await api(server.origin, "POST", "/listings", { token: token.bank, body: { mode, preset: "private", title, assetIds: caseAssetIds, terms } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body!.id as string;
  expect((await api(server.origin, "POST", `/listings/${id}/submit`, { token: token.bank })).status).toBe(204);
  expect((await api(server.origin, "POST", `/operator/listings/${id}/review`, { token: token.operator, body: { verdict: "approve" } })).status).toBe(200);
  return id;
}

const signedIn = (email: string, locale: "zh" | "en" = "en", password = DEMO_PASSWORD) => signedInVisitor(server.origin, email, locale, password);
const page = pageText;

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: "always" });
  for (const who of ["bank", "operator", "investor1", "investor2", "vc", "owner"]) token[who] = await demoToken(server.origin, `${who}@demo.ipx.example`);
  for (const o of await server.db.db.select().from(organisations)) if (o.creditCode) org[o.creditCode] = o.id;
  const [kase] = await server.db.db.select().from(disposalCases).where(eq(disposalCases.organisationId, org[BANK]!)).limit(1);
  caseAssetIds = (await server.db.db.select().from(disposalCaseAssets).where(eq(disposalCaseAssets.caseId, kase!.id))).map((a) => a.assetId);
  otherBank = (await verifiedOrganisation(server.origin, "bank", "bank2@deposits.example", "Second Bank")).token;
  await api(server.origin, "POST", "/auth/register", { body: { email: "new@deposits.example", password: TEST_PASSWORD, name: "New", organisation: { name: "Unverified Capital", kind: "investor" } } });
  unverified = (await api(server.origin, "POST", "/auth/token", { body: { email: "new@deposits.example", password: TEST_PASSWORD } })).body!.token;
});
afterAll(() => server?.stop());

describe("deposits by bank transfer", () => {
  it("request → code hidden → the operator confirms → code shown; a second request answers the same registration", async () => {
    const id = await announcedLot();
    const first = await api(server.origin, "POST", lots(`${id}/deposits`), { token: token.vc });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ method: "bank_transfer", status: "requested", bidderCode: null, amount: 3_000_000, creditCap: null, reference: await referenceOf(first.body!.id) });
    const again = await api(server.origin, "POST", lots(`${id}/deposits`), { token: token.vc });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    // Requests racing each other (a double click, a retry) still make one registration.
    const raced = await Promise.all([1, 2, 3, 4].map(() => api(server.origin, "POST", lots(`${id}/deposits`), { token: token.vc })));
    expect(raced.map((r) => [r.status, r.body!.id])).toEqual(Array(4).fill([200, first.body!.id]));
    const [row] = await rowsOf(id);
    expect(row!.bidderCode).toMatch(CODE);
    expect((await rowsOf(id)).length).toBe(1);
    expect((await api(server.origin, "GET", lots(`${id}/deposits/mine`), { token: token.vc })).body).toMatchObject({ registration: { id: row!.id, bidderCode: null }, creditClaim: null });

    const queue = await api(server.origin, "GET", "/operator/lot-deposits", { token: token.operator });
    expect(queue.body!.find((d: { id: string }) => d.id === row!.id)).toMatchObject({ listingId: id, organisationName: "前海创投 Qianhai Ventures", amount: 3_000_000, reference: await referenceOf(row!.id) });
    // Only operators confirm: not the bidder, not a bank.
    for (const who of [token.vc, otherBank, token.bank]) expect((await api(server.origin, "POST", `/operator/lot-deposits/${row!.id}/confirm`, { token: who })).status).toBe(403);
    const confirmed = await api(server.origin, "POST", `/operator/lot-deposits/${row!.id}/confirm`, { token: token.operator });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body).toMatchObject({ status: "confirmed", bidderCode: row!.bidderCode });
    expect((await api(server.origin, "POST", `/operator/lot-deposits/${row!.id}/confirm`, { token: token.operator })).body!.error.code).toBe("DEPOSIT_ALREADY_CONFIRMED");
    expect((await api(server.origin, "GET", lots(`${id}/deposits/mine`), { token: token.vc })).body!.registration).toMatchObject({ status: "confirmed", bidderCode: row!.bidderCode });
    expect((await api(server.origin, "GET", "/operator/lot-deposits", { token: token.operator })).body!.some((d: { id: string }) => d.id === row!.id)).toBe(false);

    const audits = await server.db.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.subjectId, id));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(["deposit.requested", "deposit.confirmed"]));
    const told = await server.db.db.select().from(notifications).where(and(eq(notifications.organisationId, org[VC]!), eq(notifications.kind, "lot_deposit_confirmed")));
    expect(told.length).toBeGreaterThan(0);
  });

  it("the seller, the pledgor and an unverified organisation cannot register; nothing is written", async () => {
    const id = await announcedLot();
    const seller = await api(server.origin, "POST", lots(`${id}/deposits`), { token: token.bank });
    expect([seller.status, seller.body!.error.code]).toEqual([403, "SELLER_CANNOT_BID"]);
    // The pledgor of the listed rights joins the exchange as the demo IP owner.
    const pledgors = await server.db.db.selectDistinct({ id: pledges.pledgorId }).from(pledgeAssets).innerJoin(pledges, eq(pledges.id, pledgeAssets.pledgeId)).where(inArray(pledgeAssets.assetId, caseAssetIds));
    expect(pledgors.length).toBeGreaterThan(0);
    await server.db.db.update(parties).set({ organisationId: org[OWNER]! }).where(inArray(parties.id, pledgors.map((p) => p.id)));
    const pledgor = await api(server.origin, "POST", lots(`${id}/deposits`), { token: token.owner });
    expect([pledgor.status, pledgor.body!.error.code]).toEqual([403, "SELLER_CANNOT_BID"]);
    expect((await api(server.origin, "POST", lots(`${id}/deposits`), { token: unverified })).status).toBe(403);
    expect(await rowsOf(id)).toHaveLength(0);
  });

  it("refuses other modes, hidden listings and lots whose bidding is over", async () => {
    const transfer = await announcedLot("listed_transfer");
    expect((await api(server.origin, "POST", lots(`${transfer}/deposits`), { token: token.vc })).body!.error.code).toBe("WRONG_MODE");
    expect((await api(server.origin, "POST", lots(`${crypto.randomUUID()}/deposits`), { token: token.vc })).status).toBe(404);
    const id = await announcedLot();
    await setListing(id, { status: "in_review" });
    expect((await api(server.origin, "POST", lots(`${id}/deposits`), { token: token.vc })).status).toBe(404);
    await setListing(id, { status: "open", closesAt: new Date(Date.now() - 1000) });
    const ended = await api(server.origin, "POST", lots(`${id}/deposits`), { token: token.vc });
    expect([ended.status, ended.body!.error.code]).toEqual([409, "WRONG_STATUS"]);
    expect(ended.body!.error.details.biddingEndedAt).toBeTruthy();
    await setListing(id, { status: "closed", closesAt: new Date(Date.now() + DAY) });
    expect((await api(server.origin, "POST", lots(`${id}/deposits`), { token: token.vc })).body!.error).toMatchObject({ code: "WRONG_STATUS", details: { status: "closed" } });
    expect(await rowsOf(id)).toHaveLength(0);
  });

  it("a listed transfer turned auction takes only the buyers who qualified for it", async () => {
    const id = await announcedLot();
    const [l] = await server.db.db.select().from(listings).where(eq(listings.id, id));
    await setListing(id, { status: "open", terms: { ...(l!.terms as object), convertedFrom: "listed_transfer", eligibleBidders: [org[INVESTOR1]] } });
    const outsider = await api(server.origin, "POST", lots(`${id}/deposits`), { token: token.vc });
    expect([outsider.status, outsider.body!.error.code]).toEqual([403, "NOT_AMONG_BIDDERS"]);
    expect((await api(server.origin, "POST", lots(`${id}/deposits`), { token: token.investor1 })).status).toBe(201);
    expect((await rowsOf(id)).map((r) => r.organisationId)).toEqual([org[INVESTOR1]]);
  });
});

describe("credit bids", () => {
  it("the demo bank, applicant creditor of its judicial relist, bids on credit up to the claim frozen at default", async () => {
    const [relist] = await server.db.db.select().from(listings).where(and(eq(listings.organisationId, org[BANK]!), eq(listings.preset, "judicial"), eq(listings.status, "announced")));
    const [kase] = await server.db.db.select().from(disposalCases).where(eq(disposalCases.id, relist!.disposalCaseId!));
    const claim = Number(kase!.principalAtDefault + kase!.interestAtDefault + kase!.penaltyAtDefault + kase!.costsAtDefault);
    const mine = await api(server.origin, "GET", lots(`${relist!.id}/deposits/mine`), { token: token.bank });
    expect(mine.body).toMatchObject({ registration: { method: "credit_bid", status: "confirmed", amount: 0, creditCap: claim, reference: null }, creditClaim: claim });
    expect(mine.body!.registration.bidderCode).toMatch(CODE);
    const again = await api(server.origin, "POST", lots(`${relist!.id}/credit-bid`), { token: token.bank });
    expect([again.status, again.body!.id]).toEqual([200, mine.body!.registration.id]);
    // Nobody else is the applicant creditor; a private sale takes no credit bid.
    expect((await api(server.origin, "POST", lots(`${relist!.id}/credit-bid`), { token: token.investor1 })).status).toBe(404);
    expect((await api(server.origin, "POST", lots(`${relist!.id}/credit-bid`), { token: otherBank })).status).toBe(404);
    const privateSale = await announcedLot();
    const refused = await api(server.origin, "POST", lots(`${privateSale}/credit-bid`), { token: token.bank });
    expect([refused.status, refused.body!.error.code]).toEqual([403, "CREDIT_BID_NOT_ALLOWED"]);
    expect((await api(server.origin, "GET", lots(`${privateSale}/deposits/mine`), { token: token.bank })).body).toEqual({ registration: null, creditClaim: null });
    expect((await rowsOf(relist!.id)).filter((r) => r.method === "credit_bid")).toHaveLength(1);
  });

  it("the demo investors hold confirmed deposits on the auction that opens after the first start", async () => {
    // The demo's own lot: the first such listing (the tests above announce more of the same kind later).
    const [live] = await server.db.db.select().from(listings).where(and(eq(listings.organisationId, org[BANK]!), eq(listings.mode, "english_auction"), eq(listings.preset, "private"), eq(listings.status, "announced"))).orderBy(asc(listings.createdAt)).limit(1);
    const rows = await rowsOf(live!.id);
    expect(rows.map((r) => r.status)).toEqual(["confirmed", "confirmed"]);
    expect(new Set(rows.map((r) => r.bidderCode)).size).toBe(2);
  });
});

describe("priority-purchase-right holders", () => {
  it("only the seller names them, by credit code and distinct rank, before bidding opens", async () => {
    const id = await announcedLot();
    const path = lots(`${id}/priority-rights`);
    const named = await api(server.origin, "POST", path, { token: token.bank, body: { creditCode: VC, rank: 1 } });
    expect([named.status, named.body]).toEqual([201, { organisationId: org[VC], organisationName: "前海创投 Qianhai Ventures", rank: 1 }]);
    expect((await api(server.origin, "POST", path, { token: token.bank, body: { creditCode: INVESTOR2, rank: 1 } })).body!.error.code).toBe("PRIORITY_RANK_TAKEN");
    expect((await api(server.origin, "POST", path, { token: token.bank, body: { creditCode: "91440300MA5FDM99XB", rank: 2 } })).body!.error.code).toBe("ORGANISATION_NOT_FOUND");
    expect((await api(server.origin, "POST", path, { token: token.bank, body: { creditCode: BANK, rank: 2 } })).body!.error.code).toBe("PRIORITY_HOLDER_INVALID");
    expect((await api(server.origin, "POST", path, { token: token.bank, body: { creditCode: "nonsense", rank: 0 } })).status).toBe(400);
    expect((await api(server.origin, "POST", path, { token: token.bank, body: { creditCode: INVESTOR2, rank: 2 } })).status).toBe(201);
    expect((await api(server.origin, "POST", path, { token: token.investor1, body: { creditCode: INVESTOR2, rank: 3 } })).status).toBe(404);

    expect((await api(server.origin, "GET", path, { token: token.bank })).body).toEqual({
      editable: true,
      holders: [
        { organisationId: org[VC], organisationName: "前海创投 Qianhai Ventures", creditCode: VC, rank: 1 },
        { organisationId: org[INVESTOR2], organisationName: "珠江投资 Pearl River Investments", creditCode: INVESTOR2, rank: 2 },
      ],
    });
    expect((await api(server.origin, "GET", path, { token: token.investor1 })).status).toBe(404);
    expect((await api(server.origin, "GET", path, { token: token.operator })).body!.holders).toHaveLength(2);
    const told = await server.db.db.select().from(notifications).where(and(eq(notifications.organisationId, org[VC]!), eq(notifications.kind, "priority_right_named")));
    expect(told.length).toBeGreaterThan(0);

    expect((await api(server.origin, "DELETE", `${path}/${org[INVESTOR2]}`, { token: token.investor1 })).status).toBe(404);
    expect((await api(server.origin, "DELETE", `${path}/${org[INVESTOR2]}`, { token: token.bank })).status).toBe(204);
    expect((await api(server.origin, "DELETE", `${path}/${org[INVESTOR2]}`, { token: token.bank })).status).toBe(404);
    await setListing(id, { status: "open" });
    expect((await api(server.origin, "POST", path, { token: token.bank, body: { creditCode: INVESTOR2, rank: 2 } })).body!.error.code).toBe("WRONG_STATUS");
    expect((await api(server.origin, "DELETE", `${path}/${org[VC]}`, { token: token.bank })).body!.error.code).toBe("WRONG_STATUS");
    expect((await api(server.origin, "GET", path, { token: token.bank })).body).toMatchObject({ editable: false, holders: [{ rank: 1 }] });
  });
});

describe("who sees the bidders", () => {
  it("the seller sees codes and states but no names until the award; operators see everything; others nothing", async () => {
    const id = await announcedLot();
    for (const who of ["investor1", "investor2"]) expect((await api(server.origin, "POST", lots(`${id}/deposits`), { token: token[who] })).status).toBe(201);
    const [pending] = await rowsOf(id);
    await api(server.origin, "POST", `/operator/lot-deposits/${pending!.id}/confirm`, { token: token.operator });

    const seller = await api(server.origin, "GET", lots(`${id}/bidders`), { token: token.bank });
    expect(seller.body!.identities).toBe(false);
    expect(seller.body!.bidders).toHaveLength(2);
    for (const b of seller.body!.bidders) expect(b).toMatchObject({ organisationId: null, organisationName: null, reference: null });
    expect(seller.body!.bidders.map((b: { status: string; bidderCode: string | null }) => [b.status, b.bidderCode === null]).sort()).toEqual([["confirmed", false], ["requested", true]]);
    expect(JSON.stringify(seller.body)).not.toMatch(/华南资本|珠江投资/);

    const operator = await api(server.origin, "GET", lots(`${id}/bidders`), { token: token.operator });
    expect(operator.body!.bidders.map((b: { organisationName: string }) => b.organisationName).sort()).toEqual(["华南资本 South China Capital", "珠江投资 Pearl River Investments"]);
    for (const who of [token.investor1, otherBank]) expect((await api(server.origin, "GET", lots(`${id}/bidders`), { token: who })).status).toBe(404);
    // Another bank reads only its own (absent) registration, never another's.
    expect((await api(server.origin, "GET", lots(`${id}/deposits/mine`), { token: otherBank })).body).toEqual({ registration: null, creditClaim: null });

    await setListing(id, { status: "awarded" });
    const awarded = await api(server.origin, "GET", lots(`${id}/bidders`), { token: token.bank });
    expect(awarded.body!.identities).toBe(true);
    expect(awarded.body!.bidders.map((b: { organisationName: string }) => b.organisationName).sort()).toEqual(["华南资本 South China Capital", "珠江投资 Pearl River Investments"]);
  });
});

describe("the Register to bid tab and the operator's queue", () => {
  it("a bidder registers, the operator confirms, the code shows; the seller sees codes and names holders; both languages", async () => {
    const id = await announcedLot("english_auction", "Register page test");
    const tab = `/listings/${id}/offers`;
    const anonymous = new Visitor(server.origin);
    anonymous.cookies.set("ipx_lng", "en");
    expect(await page(anonymous, tab)).toContain("Sign in to register to bid");
    const vc = await signedIn("vc@demo.ipx.example");
    const before = await page(vc, tab);
    expect(before).toContain("Register to bid");
    expect(before).toContain('value="request-deposit"');
    const requested = await vc.post(tab, { intent: "request-deposit" });
    expect([requested.status, requested.headers.get("location")]).toEqual([302, `${tab}?done=registered`]);
    const [row] = await rowsOf(id);
    const waiting = await page(vc, `${tab}?done=registered`);
    expect(waiting).toContain(await referenceOf(row!.id));
    expect(waiting).toContain("Shown once your deposit is confirmed");
    expect(waiting).not.toContain(row!.bidderCode);

    const operator = await signedIn("operator@demo.ipx.example", "zh");
    const queue = await page(operator, "/operator/deposits");
    expect(queue).toContain("竞买保证金（拍卖与招标）");
    expect(queue).toContain(await referenceOf(row!.id));
    const confirmed = await operator.post("/operator/deposits", { intent: "confirm-lot-deposit", id: row!.id });
    expect([confirmed.status, confirmed.headers.get("location")]).toEqual([302, "/operator/deposits?done=lotConfirmed"]);
    expect(await page(vc, tab)).toContain(row!.bidderCode);
    const zh = await page(await signedIn("vc@demo.ipx.example", "zh"), tab);
    expect(zh).toContain("报名竞买");
    expect(zh).toContain(row!.bidderCode);

    const bank = await signedIn("bank@demo.ipx.example");
    const sellerView = await page(bank, tab);
    expect(sellerView).toContain("Registered bidders");
    expect(sellerView).toContain(row!.bidderCode);
    expect(sellerView).not.toContain("前海创投");
    expect(sellerView).not.toContain('value="request-deposit"');
    const invalid = await bank.post(tab, { intent: "name-priority-right", creditCode: "bad", rank: "1" });
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain("A unified social credit code has 18 characters");
    const named = await bank.post(tab, { intent: "name-priority-right", creditCode: INVESTOR2, rank: "1" });
    expect([named.status, named.headers.get("location")]).toEqual([302, `${tab}?done=holderNamed`]);
    expect(await page(bank, `${tab}?done=holderNamed`)).toContain("珠江投资 Pearl River Investments");
    expect(await page(await signedIn("bank@demo.ipx.example", "zh"), tab)).toContain("优先购买权人");
  });

  it("the applicant creditor sees its credit bid and cap; an unverified organisation is told why", async () => {
    const [relist] = await server.db.db.select().from(listings).where(and(eq(listings.organisationId, org[BANK]!), eq(listings.preset, "judicial"), eq(listings.status, "announced")));
    const bank = await page(await signedIn("bank@demo.ipx.example", "zh"), `/listings/${relist!.id}/offers`);
    expect(bank).toContain("抵价额度（您的债权）");
    expect(bank).toContain("报名竞买");
    const newcomer = await page(await signedIn("new@deposits.example", "en", TEST_PASSWORD), `/listings/${relist!.id}/offers`);
    expect(newcomer).toContain("Your organisation is not verified yet");
    expect(newcomer).not.toContain('value="request-deposit"');
  });
});
