import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, awards, disposalCaseAssets, disposalCases, jobs, licenceAgreements, listingAssets, listings, lotDeposits, notifications, organisations, parties, pledgeAssets, pledges, valuations } from "../../db/schema";
import { demoToken, verifiedOrganisation } from "../support/organisations";
import { type TestServer, startTestServer } from "../support/test-server";
import { api } from "../support/visitor";

let server: TestServer;
let bank: string;
let operator: string;
let licensee: string;
let investor: string;
let vc: string;
let assetIds: string[];

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: "always" });
  const tokens = await Promise.all(
    ["bank", "operator", "licensee", "investor1", "vc"].map((who) => demoToken(server.origin, `${who}@demo.ipx.example`)),
  );
  [bank, operator, licensee, investor, vc] = tokens as [string, string, string, string, string];
  const [bankOrg] = await server.db.db.select().from(organisations).where(eq(organisations.kind, "bank"));
  const [kase] = await server.db.db.select().from(disposalCases).where(eq(disposalCases.organisationId, bankOrg!.id)).limit(1);
  assetIds = (await server.db.db.select().from(disposalCaseAssets).where(eq(disposalCaseAssets.caseId, kase!.id))).map((a) => a.assetId);
});
afterAll(async () => {
  await server?.stop();
});

/** Creates, submits and approves a listing as the demo bank: it is announced and takes offers. */
async function announced(mode: string, terms: Record<string, unknown>, title = `Offer test ${mode}`): Promise<string> {
  const created = await api(server.origin, "POST", "/listings", { token: bank, body: { mode, preset: "private", title, assetIds, terms } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body!.id as string;
  expect((await api(server.origin, "POST", `/listings/${id}/submit`, { token: bank })).status).toBe(204);
  expect((await api(server.origin, "POST", `/operator/listings/${id}/review`, { token: operator, body: { verdict: "approve" } })).body).toEqual({ status: "announced" });
  return id;
}

function licenceTerms(kind: string) {
  const now = Date.now();
  return { kind, fieldOfUse: "Industrial fibre sensing", territory: "Mainland China", termMonths: 36, upfrontFee: 2_000_000, royaltyBps: 350, minimumAnnualRoyalty: 500_000, announceAt: iso(now + 60_000), closesAt: iso(now + 60 * DAY) };
}

const counter = { kind: "counter_offer", terms: { upfrontFee: 1_500_000, royaltyBps: 300, minimumAnnualRoyalty: 400_000, termMonths: 24, fieldOfUse: "Industrial fibre sensing", territory: "Guangdong" } };
const statusOf = async (id: string) => (await server.db.db.select().from(listings).where(eq(listings.id, id)))[0]!.status;

describe("licence listings", () => {
  it("exclusive: accepting one licensee awards the listing, declines the others and records the agreement", async () => {
    const id = await announced("licence", licenceTerms("exclusive"));
    const a = await api(server.origin, "POST", `/listings/${id}/licence-applications`, { token: licensee, body: { kind: "apply" } });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect((await api(server.origin, "POST", `/listings/${id}/licence-applications`, { token: licensee, body: { kind: "apply" } })).body!.error.code).toBe("ALREADY_APPLIED");
    const b = await api(server.origin, "POST", `/listings/${id}/licence-applications`, { token: investor, body: counter });
    expect(b.status).toBe(201);

    // Another organisation cannot decide an application, nor can an applicant decide its own.
    expect((await api(server.origin, "POST", `/licence-applications/${a.body!.id}/accept`, { token: investor })).status).toBe(404);
    expect((await api(server.origin, "POST", `/licence-applications/${a.body!.id}/accept`, { token: licensee })).status).toBe(404);

    const accepted = await api(server.origin, "POST", `/licence-applications/${b.body!.id}/accept`, { token: bank });
    expect(accepted.body).toMatchObject({ status: "accepted", listingStatus: "awarded" });
    expect(await statusOf(id)).toBe("awarded");
    const [agreement] = await server.db.db.select().from(licenceAgreements).where(eq(licenceAgreements.listingId, id));
    expect(agreement).toMatchObject({ kind: "exclusive", terms: counter.terms });
    const [award] = await server.db.db.select().from(awards).where(eq(awards.listingId, id));
    expect(award!.price).toBe(1_500_000n);

    // The seller sees both; each applicant sees only its own.
    const all = await api(server.origin, "GET", `/listings/${id}/offers`, { token: bank });
    expect(all.body!.applications.map((x: { status: string }) => x.status).sort()).toEqual(["accepted", "declined"]);
    const own = await api(server.origin, "GET", `/listings/${id}/offers`, { token: licensee });
    expect(own.body!.applications).toHaveLength(1);
    expect(own.body!.applications[0]).toMatchObject({ id: a.body!.id, status: "declined", terms: { upfrontFee: 2_000_000, royaltyBps: 350 } });
    expect(own.body!.award).toBeNull();

    expect((await api(server.origin, "POST", `/licence-applications/${a.body!.id}/accept`, { token: bank })).body!.error.code).toBe("WRONG_STATUS");
    expect((await api(server.origin, "POST", `/listings/${id}/licence-applications`, { token: vc, body: { kind: "apply" } })).body!.error.code).toBe("WRONG_STATUS");
    const licenseeOrg = (await server.db.db.select().from(organisations).where(eq(organisations.creditCode, "91441900MA5FDM08XB")))[0]!;
    const told = await server.db.db.select().from(notifications).where(and(eq(notifications.organisationId, licenseeOrg.id), eq(notifications.kind, "licence_application_declined")));
    expect(told.length).toBeGreaterThan(0);
  });

  it("non-exclusive: the seller accepts several, each with its own agreement, and may decline", async () => {
    const id = await announced("licence", licenceTerms("non_exclusive"));
    const ids: string[] = [];
    for (const token of [licensee, investor, vc]) ids.push((await api(server.origin, "POST", `/listings/${id}/licence-applications`, { token, body: { kind: "apply" } })).body!.id);
    expect((await api(server.origin, "POST", `/licence-applications/${ids[0]}/accept`, { token: bank })).body).toMatchObject({ status: "accepted", listingStatus: "announced" });
    expect((await api(server.origin, "POST", `/licence-applications/${ids[1]}/accept`, { token: bank })).body).toMatchObject({ status: "accepted", listingStatus: "announced" });
    expect((await api(server.origin, "POST", `/licence-applications/${ids[2]}/decline`, { token: bank })).body).toMatchObject({ status: "declined" });
    expect((await api(server.origin, "POST", `/licence-applications/${ids[2]}/accept`, { token: bank })).body!.error.code).toBe("OFFER_NOT_PENDING");
    expect(await server.db.db.select().from(licenceAgreements).where(eq(licenceAgreements.listingId, id))).toHaveLength(2);
    expect(await statusOf(id)).toBe("announced");
    const audits = await server.db.db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, id), eq(auditEvents.action, "licence.accepted")));
    expect(audits).toHaveLength(2);
  });
});

describe("equity contribution", () => {
  it("the agreed value rests on a named valuation; accepting one proposal awards the listing", async () => {
    const now = Date.now();
    const id = await announced("equity", { askingValue: 80_000_000, conditions: "Board seat", announceAt: iso(now + 60_000), closesAt: iso(now + 60 * DAY) });
    const proposal = { targetCompanyName: "深圳光感科技有限公司", targetCreditCode: "91440300MA5FDM99XB", agreedValue: 75_000_000, equityBps: 1_500, conditions: "Lock-up 3 years" };
    expect((await api(server.origin, "POST", `/listings/${id}/equity-proposals`, { token: vc, body: proposal })).body!.error.code).toBe("VALUATION_REQUIRED");
    expect((await api(server.origin, "POST", `/listings/${id}/equity-proposals`, { token: vc, body: { ...proposal, valuationId: "00000000-0000-4000-8000-000000000000" } })).body!.error.code).toBe("VALUATION_NOT_FOUND");
    const [valuation] = await server.db.db.select({ id: valuations.id }).from(valuations).innerJoin(listingAssets, eq(listingAssets.assetId, valuations.assetId)).where(eq(listingAssets.listingId, id)).limit(1);
    const first = await api(server.origin, "POST", `/listings/${id}/equity-proposals`, { token: vc, body: { ...proposal, valuationId: valuation!.id } });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const second = await api(server.origin, "POST", `/listings/${id}/equity-proposals`, { token: investor, body: { ...proposal, agreedValue: 70_000_000, valuationAppraiser: "中联资产评估", valuationDate: "2026-09-30" } });
    expect(second.status).toBe(201);

    expect((await api(server.origin, "POST", `/equity-proposals/${first.body!.id}/accept`, { token: investor })).status).toBe(404);
    expect((await api(server.origin, "POST", `/equity-proposals/${first.body!.id}/accept`, { token: bank })).body).toEqual({ status: "accepted", listingStatus: "awarded" });
    expect(await statusOf(id)).toBe("awarded");
    const offers = await api(server.origin, "GET", `/listings/${id}/offers`, { token: bank });
    expect(offers.body!.proposals.map((p: { status: string }) => p.status).sort()).toEqual(["accepted", "declined"]);
    expect(offers.body!.award).toMatchObject({ price: 75_000_000 });
    expect((await api(server.origin, "POST", `/equity-proposals/${second.body!.id}/accept`, { token: bank })).body!.error.code).toBe("WRONG_STATUS");
  });
});

function transferTerms() {
  const now = Date.now();
  return { startPrice: 30_000_000, deposit: 3_000_000, increment: 100_000, announceAt: iso(now + 60_000), opensAt: iso(now + 60_000 + 8 * DAY), closesAt: iso(now + 60_000 + 9 * DAY) };
}

/** Time passes: the notice period ends a moment from now, and the clock's jobs fall due with it. */
async function endNotice(id: string) {
  const soon = new Date(Date.now() + 500);
  await server.db.db.update(listings).set({ opensAt: soon }).where(eq(listings.id, id));
  for (const key of [`listing:${id}:open`, `listing:${id}:resolve-transfer`]) await server.db.db.update(jobs).set({ runAt: soon }).where(eq(jobs.dedupeKey, key));
}

async function intent(id: string, token: string, confirm: boolean): Promise<string> {
  const res = await api(server.origin, "POST", `/listings/${id}/intents`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body!.depositAmount).toBe(3_000_000);
  if (confirm) expect((await api(server.origin, "POST", `/operator/intents/${res.body!.id}/confirm-deposit`, { token: operator })).status).toBe(200);
  return res.body!.id;
}

describe("listed transfer and fixed price", () => {
  it("one confirmed buyer at the end of the notice: awarded at the posted price", async () => {
    const id = await announced("listed_transfer", transferTerms());
    const confirmed = await intent(id, investor, true);
    await intent(id, vc, false);
    expect((await api(server.origin, "POST", `/listings/${id}/intents`, { token: investor })).body!.error.code).toBe("INTENT_EXISTS");
    expect((await api(server.origin, "POST", `/operator/intents/${confirmed}/confirm-deposit`, { token: operator })).body!.error.code).toBe("DEPOSIT_ALREADY_CONFIRMED");
    expect((await api(server.origin, "POST", `/operator/intents/${confirmed}/confirm-deposit`, { token: investor })).status).toBe(403);
    await endNotice(id);
    await expect.poll(() => statusOf(id), { timeout: 15_000 }).toBe("awarded");
    const investorOrg = (await server.db.db.select().from(organisations).where(eq(organisations.creditCode, "91440101MA5FDM05XB")))[0]!;
    expect((await server.db.db.select().from(awards).where(eq(awards.listingId, id)))[0]).toMatchObject({ buyerOrganisationId: investorOrg.id, price: 30_000_000n });
    const resolved = await server.db.db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, id), eq(auditEvents.action, "listing.awarded")));
    expect(resolved).toHaveLength(1);
  });

  it("two confirmed buyers: the listing becomes an English auction among them for a day, from the posted price", async () => {
    const id = await announced("listed_transfer", transferTerms());
    await intent(id, investor, true);
    await intent(id, vc, true);
    await intent(id, licensee, false);
    await endNotice(id);
    await expect.poll(() => statusOf(id), { timeout: 15_000 }).toBe("open");
    await expect.poll(async () => (await server.db.db.select().from(listings).where(eq(listings.id, id)))[0]!.mode, { timeout: 15_000 }).toBe("english_auction");
    const [l] = await server.db.db.select().from(listings).where(eq(listings.id, id));
    expect(l!.closesAt!.getTime() - l!.opensAt!.getTime()).toBe(DAY);
    const terms = l!.terms as { startPrice: number; eligibleBidders: string[] };
    expect(terms.startPrice).toBe(30_000_000);
    const orgs = await server.db.db.select().from(organisations);
    const orgOf = (code: string) => orgs.find((o) => o.creditCode === code)!.id;
    expect([...terms.eligibleBidders].sort()).toEqual([orgOf("91440101MA5FDM05XB"), orgOf("91440300MA5FDM07XB")].sort());
    expect(await server.db.db.select().from(awards).where(eq(awards.listingId, id))).toHaveLength(0);
    // The two buyers paid their deposits already: they are registered to bid, with codes, and may bid at once.
    const registered = await server.db.db.select().from(lotDeposits).where(eq(lotDeposits.listingId, id));
    expect(registered.map((d) => [d.organisationId, d.status, d.amount]).sort()).toEqual([orgOf("91440101MA5FDM05XB"), orgOf("91440300MA5FDM07XB")].sort().map((o) => [o, "confirmed", 3_000_000n]));
    const bid = await api(server.origin, "POST", `/lots/${id}/bids`, { token: vc, body: { amount: 30_000_000, clientBidId: "first" } });
    expect([bid.status, bid.body!.bid?.seq]).toEqual([201, 1]);
    expect((await api(server.origin, "POST", `/lots/${id}/bids`, { token: licensee, body: { amount: 31_000_000, clientBidId: "outsider" } })).body!.error.code).toBe("NO_DEPOSIT");
  });

  it("no confirmed buyer: unsold", async () => {
    const id = await announced("listed_transfer", transferTerms());
    const late = await intent(id, investor, false);
    await endNotice(id);
    await expect.poll(() => statusOf(id), { timeout: 15_000 }).toBe("unsold");
    // After the notice: no new intent, no late deposit.
    expect((await api(server.origin, "POST", `/listings/${id}/intents`, { token: vc })).body!.error.code).toBe("WRONG_STATUS");
    expect((await api(server.origin, "POST", `/operator/intents/${late}/confirm-deposit`, { token: operator })).body!.error.code).toBe("WRONG_STATUS");
  });

  it("fixed price: the first confirmed buyer wins at once", async () => {
    const id = await announced("fixed_price", transferTerms());
    const first = await intent(id, vc, false);
    const second = await intent(id, investor, false);
    expect((await api(server.origin, "POST", `/operator/intents/${second}/confirm-deposit`, { token: operator })).body).toEqual({ listingStatus: "awarded" });
    expect((await api(server.origin, "POST", `/operator/intents/${first}/confirm-deposit`, { token: operator })).body!.error.code).toBe("WRONG_STATUS");
    expect(await statusOf(id)).toBe("awarded");
    expect((await server.db.db.select().from(awards).where(eq(awards.listingId, id)))[0]!.price).toBe(30_000_000n);
  });
});

describe("negotiated discount", () => {
  let owner: string;
  beforeAll(async () => {
    // The pledgor of the listed rights joins the exchange as the demo IP owner.
    owner = await demoToken(server.origin, "owner@demo.ipx.example");
    const [ownerOrg] = await server.db.db.select().from(organisations).where(eq(organisations.creditCode, "91440300MA5FDM09XB"));
    const pledgors = await server.db.db.selectDistinct({ id: pledges.pledgorId }).from(pledgeAssets).innerJoin(pledges, eq(pledges.id, pledgeAssets.pledgeId)).where(inArray(pledgeAssets.assetId, assetIds));
    expect(pledgors.length).toBeGreaterThan(0);
    await server.db.db.update(parties).set({ organisationId: ownerOrg!.id }).where(inArray(parties.id, pledgors.map((p) => p.id)));
  });
  const discountTerms = { proposedValue: 20_000_000, takerName: "Bank's asset-management subsidiary", pledgorPartyName: "Pledgor" };

  it("both confirmations award the listing as a settlement at the agreed value", async () => {
    const id = await announced("negotiated_discount", discountTerms);
    expect((await api(server.origin, "POST", `/listings/${id}/discount/confirm`, { token: investor, body: { confirm: true } })).status).toBe(404);
    expect((await api(server.origin, "POST", `/listings/${id}/discount/confirm`, { token: bank, body: { confirm: true } })).body).toEqual({ role: "creditor", listingStatus: "announced" });
    expect((await api(server.origin, "POST", `/listings/${id}/discount/confirm`, { token: bank, body: { confirm: true } })).body!.error.code).toBe("OFFER_NOT_PENDING");
    expect((await api(server.origin, "POST", `/listings/${id}/discount/confirm`, { token: owner, body: { confirm: true } })).body).toEqual({ role: "pledgor", listingStatus: "awarded" });
    expect(await statusOf(id)).toBe("awarded");
    const offers = await api(server.origin, "GET", `/listings/${id}/offers`, { token: bank });
    expect(offers.body!.confirmations.map((c: { role: string; confirmed: boolean }) => `${c.role}:${c.confirmed}`).sort()).toEqual(["creditor:true", "pledgor:true"]);
    expect(offers.body!.award).toMatchObject({ price: 20_000_000 });
    expect((await api(server.origin, "GET", `/listings/${id}/offers`, { token: owner })).body!.confirmations).toHaveLength(2);
    expect((await api(server.origin, "GET", `/listings/${id}/offers`, { token: investor })).body!.confirmations).toHaveLength(0);
  });

  it("the pledgor's decline withdraws the listing", async () => {
    const id = await announced("negotiated_discount", discountTerms);
    await api(server.origin, "POST", `/listings/${id}/discount/confirm`, { token: bank, body: { confirm: true } });
    expect((await api(server.origin, "POST", `/listings/${id}/discount/confirm`, { token: owner, body: { confirm: false } })).body).toEqual({ role: "pledgor", listingStatus: "withdrawn" });
    expect(await statusOf(id)).toBe("withdrawn");
    expect(await server.db.db.select().from(awards).where(eq(awards.listingId, id))).toHaveLength(0);
  });
});

describe("refusals", () => {
  it("the seller cannot take part, unverified organisations are refused, and modes do not mix", async () => {
    const id = await announced("licence", licenceTerms("sole"));
    expect((await api(server.origin, "POST", `/listings/${id}/licence-applications`, { token: bank, body: { kind: "apply" } })).body!.error.code).toBe("SELLER_CANNOT_TAKE_PART");
    expect((await api(server.origin, "POST", `/listings/${id}/intents`, { token: licensee })).body!.error.code).toBe("WRONG_MODE");
    const registered = await api(server.origin, "POST", "/auth/register", { body: { email: "pending-licensee@example.com", password: "test-password-2026", name: "Pending", organisation: { name: "Pending Licensee", kind: "licensee" } } });
    expect(registered.status).toBe(201);
    const pending = (await api(server.origin, "POST", "/auth/token", { body: { email: "pending-licensee@example.com", password: "test-password-2026" } })).body!.token;
    expect((await api(server.origin, "POST", `/listings/${id}/licence-applications`, { token: pending, body: { kind: "apply" } })).status).toBe(403);
    expect((await api(server.origin, "POST", `/listings/${id}/equity-proposals`, { token: licensee, body: { targetCompanyName: "X", targetCreditCode: "91440300MA5FDM99XB", agreedValue: 1, equityBps: 1, valuationAppraiser: "A", valuationDate: "2026-01-01" } })).body!.error.code).toBe("WRONG_MODE");
    const fresh = await verifiedOrganisation(server.origin, "licensee", "fresh-licensee@example.com");
    const applied = await api(server.origin, "POST", `/listings/${id}/licence-applications`, { token: fresh.token, body: counter });
    expect(applied.status).toBe(201);
    // A bad counter-offer names the field.
    const bad = await api(server.origin, "POST", `/listings/${id}/licence-applications`, { token: licensee, body: { kind: "counter_offer", terms: { ...counter.terms, royaltyBps: 20_000 } } });
    expect(bad.status).toBe(400);
    // Another organisation's application is not visible to it.
    const seen = await api(server.origin, "GET", `/listings/${id}/offers`, { token: licensee });
    expect(seen.body!.applications).toEqual([]);
  });
});
