import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import {
  awards,
  discountConfirmations,
  disposalCaseAssets,
  disposalCases,
  equityProposals,
  licenceAgreements,
  licenceApplications,
  listingAssets,
  listingIntents,
  listings,
  organisations,
  parties,
  payments,
  pledgeAssets,
  pledges,
  valuations,
} from "../../db/schema";
import { TEST_PASSWORD, demoToken, verifiedOrganisation } from "../support/organisations";
import { pageText, signedInVisitor } from "../support/pages";
import { type TestServer, startTestServer } from "../support/test-server";
import { Visitor, api } from "../support/visitor";

/**
 * The offers tab and the operator's deposit queue as a browser without JavaScript uses them: licensees
 * apply and counter-offer, a fund proposes an equity contribution, a buyer registers intent and the operator
 * confirms its deposit, both sides confirm a discount; the seller decides. Refusals write nothing.
 */
let server: TestServer;
let bankToken: string;
let operatorToken: string;
let caseAssetIds: string[];
const demo: Record<string, string> = {};
const org: Record<string, string> = {};
const DAY = 86_400_000;

const signedIn = (email: string, locale: "zh" | "en" = "en", password = DEMO_PASSWORD) => signedInVisitor(server.origin, email, locale, password);
const page = pageText;

const tab = (id: string) => `/listings/${id}/offers`;

async function postTab(v: Visitor, id: string, fields: Record<string, string>) {
  return v.post(tab(id), fields);
}

function expectDone(res: Response, id: string, done: string) {
  expect(res.status).toBe(302);
  expect(res.headers.get("location")).toBe(`${tab(id)}?done=${done}`);
}

/** Creates, submits and approves a listing as the demo bank over the API: it is announced and takes offers. */
async function announced(mode: string, terms: Record<string, unknown>, title: string): Promise<string> {
  const created = await api(server.origin, "POST", "/listings", { token: bankToken, body: { mode, preset: "private", title, assetIds: caseAssetIds, terms } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body!.id as string;
  expect((await api(server.origin, "POST", `/listings/${id}/submit`, { token: bankToken })).status).toBe(204);
  expect((await api(server.origin, "POST", `/operator/listings/${id}/review`, { token: operatorToken, body: { verdict: "approve" } })).status).toBe(200);
  return id;
}

const applicationsOf = (listingId: string) => server.db.db.select().from(licenceApplications).where(eq(licenceApplications.listingId, listingId));
const statusOf = async (id: string) => (await server.db.db.select().from(listings).where(eq(listings.id, id)))[0]!.status;

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: "always" });
  [bankToken, operatorToken] = await Promise.all([demoToken(server.origin, "bank@demo.ipx.example"), demoToken(server.origin, "operator@demo.ipx.example")]);
  for (const o of await server.db.db.select().from(organisations)) if (o.creditCode) org[o.creditCode] = o.id;
  const bankId = org["91440300MA5FDM01XB"]!;
  // The demo's listing of each mode that still takes offers (the demo also holds decided ones).
  for (const l of await server.db.db.select().from(listings).where(eq(listings.organisationId, bankId))) if (["announced", "open"].includes(l.status)) demo[l.mode] ??= l.id;
  const [kase] = await server.db.db.select().from(disposalCases).where(eq(disposalCases.organisationId, bankId)).limit(1);
  caseAssetIds = (await server.db.db.select().from(disposalCaseAssets).where(eq(disposalCaseAssets.caseId, kase!.id))).map((a) => a.assetId);
});
afterAll(() => server?.stop());

const LICENSEE = "91441900MA5FDM08XB";
const INVESTOR = "91440101MA5FDM05XB";
const VC = "91440300MA5FDM07XB";

describe("licence", () => {
  it("non-exclusive: one applies on the posted terms, another counter-offers, the seller accepts one and the listing stays open", async () => {
    const id = demo.licence!;
    const licensee = await signedIn("licensee@demo.ipx.example");
    expect(await page(licensee, tab(id))).toContain("Apply on the posted terms");
    expectDone(await postTab(licensee, id, { intent: "apply" }), id, "applied");
    const investor = await signedIn("investor1@demo.ipx.example");
    const counter = { intent: "counter-offer", upfrontFee: "250,000.00", minimumAnnualRoyalty: "40000", royalty: "3.25", termMonths: "24", fieldOfUse: "Dental imaging", territory: "Guangdong" };
    expectDone(await postTab(investor, id, counter), id, "applied");

    const rows = await applicationsOf(id);
    const mine = rows.find((a) => a.applicantOrganisationId === org[LICENSEE])!;
    const theirs = rows.find((a) => a.applicantOrganisationId === org[INVESTOR])!;
    expect(mine).toMatchObject({ kind: "apply", status: "pending", terms: { upfrontFee: 30_000_000, royaltyBps: 350 } });
    expect(theirs).toMatchObject({ kind: "counter_offer", terms: { upfrontFee: 25_000_000, minimumAnnualRoyalty: 4_000_000, royaltyBps: 325, termMonths: 24, territory: "Guangdong" } });

    // The applicant sees its own application, never the other applicant.
    const own = await page(licensee, tab(id));
    expect(own).toContain("Your applications");
    expect(own).not.toContain("华南资本");
    expect(own).not.toContain("Send counter-offer"); // one pending application at a time
    const twice = await postTab(licensee, id, { intent: "apply" });
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain("Your organisation already has a pending offer on this listing.");
    expect(await applicationsOf(id)).toHaveLength(2);

    // The seller sees both, named, and accepts one: a non-exclusive listing stays open.
    const bank = await signedIn("bank@demo.ipx.example");
    const sellerView = await page(bank, tab(id));
    expect(sellerView).toContain("东莞智造 Dongguan Smart Manufacturing");
    expect(sellerView).toContain("华南资本 South China Capital");
    expectDone(await postTab(bank, id, { intent: "accept-application", id: mine.id }), id, "accepted");
    expect(await statusOf(id)).toBe("open");
    const after = await applicationsOf(id);
    expect(after.find((a) => a.id === mine.id)!.status).toBe("accepted");
    expect(after.find((a) => a.id === theirs.id)!.status).toBe("pending");
    expect(await server.db.db.select().from(licenceAgreements).where(eq(licenceAgreements.listingId, id))).toHaveLength(1);
    expect(await page(bank, `${tab(id)}?done=accepted`)).toContain("Non-exclusive licence agreement with 东莞智造");
  });

  it("exclusive: accepting the counter-offer awards the listing and declines the other application", async () => {
    const now = Date.now();
    const id = await announced("licence", { kind: "exclusive", fieldOfUse: "Fibre sensing", territory: "Mainland China", termMonths: 36, upfrontFee: 2_000_000, royaltyBps: 350, minimumAnnualRoyalty: 500_000, announceAt: new Date(now + 60_000).toISOString(), closesAt: new Date(now + 60 * DAY).toISOString() }, "Exclusive licence page test");
    const licensee = await signedIn("licensee@demo.ipx.example", "zh");
    expect(await page(licensee, tab(id))).toContain("独占许可");
    expectDone(await postTab(licensee, id, { intent: "apply" }), id, "applied");
    const vc = await signedIn("vc@demo.ipx.example");
    expectDone(await postTab(vc, id, { intent: "counter-offer", upfrontFee: "18000", minimumAnnualRoyalty: "", royalty: "3", termMonths: "36", fieldOfUse: "Fibre sensing", territory: "Guangdong" }), id, "applied");
    const vcApp = (await applicationsOf(id)).find((a) => a.applicantOrganisationId === org[VC])!;
    expect(vcApp.terms).toMatchObject({ upfrontFee: 1_800_000, minimumAnnualRoyalty: 0, royaltyBps: 300 });

    const bank = await signedIn("bank@demo.ipx.example");
    expectDone(await postTab(bank, id, { intent: "accept-application", id: vcApp.id }), id, "accepted");
    expect(await statusOf(id)).toBe("awarded");
    expect((await applicationsOf(id)).map((a) => `${a.applicantOrganisationId === org[VC] ? "vc" : "licensee"}:${a.status}`).sort()).toEqual(["licensee:declined", "vc:accepted"]);
    expect((await server.db.db.select().from(awards).where(eq(awards.listingId, id)))[0]).toMatchObject({ buyerOrganisationId: org[VC], price: 1_800_000n });
    const sellerView = await page(bank, tab(id));
    expect(sellerView).toContain("Awarded to 前海创投 Qianhai Ventures at");
    expect(sellerView).not.toContain('value="accept-application"');
    const declined = await page(licensee, tab(id));
    expect(declined).toContain("已拒绝");
    expect(declined).toContain("该挂牌项目已有结果。");
  });

  it("an invalid counter-offer shows each field's error and writes nothing", async () => {
    const id = demo.licence!;
    const vc = await signedIn("vc@demo.ipx.example");
    const before = (await applicationsOf(id)).length;
    const res = await postTab(vc, id, { intent: "counter-offer", upfrontFee: "1,2", minimumAnnualRoyalty: "-5", royalty: "150", termMonths: "0", fieldOfUse: "", territory: "Guangdong" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Enter an amount such as 1,234,567.89");
    expect(html).toContain("The amount cannot be negative.");
    expect(html).toContain("Enter a royalty between 0 and 100%");
    expect(html).toContain("Enter a whole number of months between 1 and 600.");
    expect(html).toContain("Please fill this in.");
    expect(html).toContain('value="Guangdong"'); // what was typed comes back
    expect(await applicationsOf(id)).toHaveLength(before);
  });

  it("refuses an unverified organisation and a bank deciding on another bank's listing", async () => {
    const id = demo.licence!;
    const registered = await api(server.origin, "POST", "/auth/register", { body: { email: "unverified-licensee@example.com", password: TEST_PASSWORD, name: "Pending", organisation: { name: "Pending Licensee Co", kind: "licensee" } } });
    expect(registered.status).toBe(201);
    const pending = await signedIn("unverified-licensee@example.com", "en", TEST_PASSWORD);
    const gate = await page(pending, tab(id));
    expect(gate).toContain("Your organisation is not verified yet.");
    expect(gate).not.toContain('value="apply"');
    const refused = await postTab(pending, id, { intent: "apply" });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("Only verified organisations may take part in listings.");
    expect((await applicationsOf(id)).filter((a) => a.applicantOrganisationId === registered.body!.organisationId)).toHaveLength(0);

    await verifiedOrganisation(server.origin, "bank", "other-bank@example.com", "Other Bank");
    const otherBank = await signedIn("other-bank@example.com", "en", TEST_PASSWORD);
    const target = (await applicationsOf(id)).find((a) => a.status === "pending")!;
    const denied = await postTab(otherBank, id, { intent: "accept-application", id: target.id });
    expect(denied.status).toBe(404);
    expect((await applicationsOf(id)).find((a) => a.id === target.id)!.status).toBe("pending");
    expect(await server.db.db.select().from(licenceAgreements).where(eq(licenceAgreements.applicationId, target.id))).toHaveLength(0);
  });
});

describe("equity", () => {
  it("a fund proposes resting on a recorded valuation and the seller accepts", async () => {
    const id = demo.equity!;
    const [valuation] = await server.db.db.select({ id: valuations.id }).from(valuations).innerJoin(listingAssets, eq(listingAssets.assetId, valuations.assetId)).where(eq(listingAssets.listingId, id)).limit(1);
    const vc = await signedIn("vc@demo.ipx.example");
    const form = await page(vc, tab(id));
    expect(form).toContain(`value="${valuation!.id}"`);
    const missing = await postTab(vc, id, { intent: "propose", targetCompanyName: "深圳石墨烯科技有限公司", targetCreditCode: "91440300MA5FDM99XB", agreedValue: "1,100,000.00", valuation: "named", equity: "0", conditions: "" });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("Enter an equity share above 0");
    expectDone(await postTab(vc, id, { intent: "propose", targetCompanyName: "深圳石墨烯科技有限公司", targetCreditCode: "91440300MA5FDM99XB", agreedValue: "1,100,000.00", valuation: valuation!.id, equity: "12.5", conditions: "Lock-up 3 years" }), id, "proposed");
    const [proposal] = await server.db.db.select().from(equityProposals).where(eq(equityProposals.listingId, id));
    expect(proposal).toMatchObject({ proposerOrganisationId: org[VC], agreedValue: 110_000_000n, equityBps: 1_250, valuationId: valuation!.id, valuationAppraiser: null, status: "pending" });

    const bank = await signedIn("bank@demo.ipx.example", "zh");
    const sellerView = await page(bank, tab(id));
    expect(sellerView).toContain("前海创投 Qianhai Ventures");
    expect(sellerView).toContain("深圳石墨烯科技有限公司");
    expectDone(await postTab(bank, id, { intent: "accept-proposal", id: proposal!.id }), id, "accepted");
    expect(await statusOf(id)).toBe("awarded");
    expect((await server.db.db.select().from(awards).where(eq(awards.listingId, id)))[0]).toMatchObject({ buyerOrganisationId: org[VC], price: 110_000_000n });
    expect(await page(vc, tab(id))).toContain("Awarded to 前海创投 Qianhai Ventures at");
  });
});

describe("listed transfer", () => {
  it("a buyer registers intent, quotes the reference, and the operator confirms the deposit", async () => {
    const id = demo.listed_transfer!;
    const operator = await signedIn("operator@demo.ipx.example");
    expect(await page(operator, "/operator/deposits")).toContain('data-testid="deposits-empty"');
    const investor = await signedIn("investor1@demo.ipx.example");
    expect(await page(investor, tab(id))).toContain("Register intent");
    expectDone(await postTab(investor, id, { intent: "register-intent" }), id, "intent");
    const [intent] = await server.db.db.select().from(listingIntents).where(eq(listingIntents.listingId, id));
    const [payment] = await server.db.db.select().from(payments).where(eq(payments.listingIntentId, intent!.id));
    expect(payment).toMatchObject({ purpose: "deposit", method: "bank_transfer", status: "pending", amount: 1_500_000n });
    const reference = payment!.reference;
    const mine = await page(investor, tab(id));
    expect(mine).toContain(reference);
    expect(mine).toContain("Awaiting deposit");
    expect(await page(await signedIn("bank@demo.ipx.example"), tab(id))).toContain("华南资本 South China Capital");

    const queued = await page(operator, "/operator/deposits");
    expect(queued).toContain(reference);
    expect(queued).toContain("华南资本 South China Capital");
    expect((await api(server.origin, "GET", "/operator/intents", { token: operatorToken })).body).toEqual([expect.objectContaining({ id: intent!.id, reference, buyerName: "华南资本 South China Capital", amount: 1_500_000 })]);
    const confirmed = await operator.post("/operator/deposits", { id: intent!.id });
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("location")).toBe("/operator/deposits?done=confirmed");
    expect((await server.db.db.select().from(listingIntents).where(eq(listingIntents.id, intent!.id)))[0]!.depositConfirmedAt).not.toBeNull();
    expect(await page(operator, "/operator/deposits?done=confirmed")).toContain('data-testid="deposits-empty"');
    expect(await page(investor, tab(id))).toContain("Your deposit is in");
    // The operator's confirmation is a receipt through the payments port: the payment is paid, the ledger holds the deposit.
    expect((await server.db.db.select().from(payments).where(eq(payments.id, payment!.id)))[0]).toMatchObject({ status: "succeeded", received: 1_500_000n });
    // Buyers cannot reach the queue.
    expect((await investor.get("/operator/deposits")).status).toBe(403);
  });
});

describe("negotiated discount", () => {
  it("the creditor and the pledgor confirm on the page; both confirmations award the listing", async () => {
    const id = await announced("negotiated_discount", { proposedValue: 20_000_000, takerName: "粤海资产管理", pledgorPartyName: "Pledgor" }, "Discount page test");
    const pledgors = await server.db.db.selectDistinct({ id: pledges.pledgorId }).from(pledgeAssets).innerJoin(pledges, eq(pledges.id, pledgeAssets.pledgeId)).where(inArray(pledgeAssets.assetId, caseAssetIds));
    await server.db.db.update(parties).set({ organisationId: org["91440300MA5FDM09XB"]! }).where(inArray(parties.id, pledgors.map((p) => p.id)));

    const outsider = await signedIn("investor1@demo.ipx.example");
    const outside = await page(outsider, tab(id));
    expect(outside).toContain("Only the creditor and the pledgor take part");
    expect(outside).not.toContain('value="confirm-discount"');

    const bank = await signedIn("bank@demo.ipx.example");
    expectDone(await postTab(bank, id, { intent: "confirm-discount" }), id, "confirmed");
    const owner = await signedIn("owner@demo.ipx.example", "zh");
    const ownerView = await page(owner, tab(id));
    expect(ownerView).toContain("确认人：Bai Workout 白");
    expect(ownerView).toContain('value="confirm-discount"');
    expectDone(await postTab(owner, id, { intent: "confirm-discount" }), id, "confirmed");
    expect(await statusOf(id)).toBe("awarded");
    const rows = await server.db.db.select().from(discountConfirmations).where(eq(discountConfirmations.listingId, id));
    expect(rows.map((r) => `${r.role}:${r.confirmed}`).sort()).toEqual(["creditor:true", "pledgor:true"]);
    // A second answer is refused and changes nothing.
    const again = await postTab(bank, id, { intent: "decline-discount" });
    expect(again.status).toBe(409);
    expect(await statusOf(id)).toBe("awarded");
    expect((await page(bank, tab(id))).match(/Confirmed/g)!.length).toBeGreaterThanOrEqual(2);
  });
});

describe("every mode renders in both languages", () => {
  it("for anonymous visitors (sign in to take part) and participants, without missing keys", async () => {
    const anonymous = new Visitor(server.origin);
    anonymous.cookies.set("ipx_lng", "en");
    const licence = await page(anonymous, tab(demo.licence!));
    expect(licence).toContain(`/login?redirectTo=${encodeURIComponent(tab(demo.licence!))}`);
    expect(licence).toContain("Sign in to take part");
    expect(licence).not.toContain('name="intent"');
    const headings: Record<string, Record<"zh" | "en", string>> = {
      listed_transfer: { zh: "挂牌转让：流程说明", en: "Listed transfer: how it works" },
      fixed_price: { zh: "定价变卖：流程说明", en: "Fixed-price sale: how it works" },
      licence: { zh: "许可条件", en: "Licence terms" },
      equity: { zh: "知识产权期望作价", en: "Asking IP value" },
    };
    for (const locale of ["zh", "en"] as const) {
      const visitor = await signedIn("investor2@demo.ipx.example", locale);
      for (const [mode, heading] of Object.entries(headings)) expect(await page(visitor, tab(demo[mode]!)), mode).toContain(heading[locale]);
      expect(await page(visitor, tab(demo.fixed_price!))).toContain(locale === "zh" ? "登记意向" : "Register intent");
    }
    // Hidden listings stay hidden on this tab too.
    expect((await anonymous.get(tab(demo.negotiated_discount!))).status).toBe(404);
  });
});
