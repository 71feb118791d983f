import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { payouts } from "../../db/schema";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { TEST_PASSWORD, demoToken, verifiedOrganisation } from "../support/organisations";
import { WORLD, buildRecoveriesWorld } from "../support/recoveries-world";
import { type TestServer, startTestServer } from "../support/test-server";
import { Visitor, api } from "../support/visitor";

/** Recoveries, dashboards and statements through API v1: scoped per party, figures equal to the hand computation in recoveries-world.ts. */
let server: TestServer;
let world: Awaited<ReturnType<typeof buildRecoveriesWorld>>;
const tokens: Record<"bank" | "guarantor" | "fund" | "otherBank" | "buyer" | "bystander", string> = { bank: "", guarantor: "", fund: "", otherBank: "", buyer: "", bystander: "" };

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: "always" });
  const buyer = await verifiedOrganisation(server.origin, "investor", "buyer@recoveries.example");
  const bank = await verifiedOrganisation(server.origin, "bank", "workout@recoveries.example", "回收测试银行 Recovery Test Bank");
  world = await buildRecoveriesWorld(server.db.db, server.origin, bank, buyer.organisationId);
  await server.db.db.insert(payouts).values({ distributionLineId: world.guarantorLine.id, organisationId: world.guarantor.id, currency: "CNY", amount: world.guarantorLine.amount, createdAt: new Date("2025-07-21T02:00:00Z") });
  tokens.bank = bank.token;
  tokens.guarantor = await demoToken(server.origin, "guarantor@demo.ipx.example");
  tokens.fund = await demoToken(server.origin, "fund@demo.ipx.example");
  tokens.otherBank = (await verifiedOrganisation(server.origin, "bank", "other@recoveries.example")).token;
  tokens.buyer = buyer.token;
  tokens.bystander = (await verifiedOrganisation(server.origin, "investor", "bystander@recoveries.example")).token;
});
afterAll(() => server?.stop());

const get = (path: string, who: keyof typeof tokens) => api(server.origin, "GET", path, { token: tokens[who] });

describe("a loan's recovery", () => {
  it("per party and component, rate, LGD at 5% and days to recovery, as worked out by hand", async () => {
    const res = await get(`/recoveries/loans/${world.sub.loan.id}`, "bank");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ exposureAtDefault: WORLD.subrogated.ead, recovered: WORLD.subrogated.recovered, recoveryRateBps: WORLD.subrogated.rateBps, lgdBps: WORLD.subrogated.lgdBps, daysToRecovery: 200, daysToFirstRecovery: 200, discountRateBps: 500, defaultedOn: "2025-01-01" });
    expect(res.body!.byComponent).toEqual({ enforcement_costs: 0, interest: 10_000_000, principal: 137_500_000 });
    expect(res.body!.byParty.map((p: { partyName: string; total: number }) => [p.partyName, p.total])).toEqual([[world.bank.name, 90_000_000], [world.guarantor.name, 57_500_000]]);
    expect(res.body!.sharers).toContainEqual(expect.objectContaining({ role: "guarantor", paid: WORLD.subrogated.guarantorPaid, recovered: WORLD.subrogated.guarantorRecovered }));
    const [d] = res.body!.distributions;
    expect(d.amount).toBe(WORLD.subrogated.price);
    expect(d.lines.reduce((s: number, l: { amount: number }) => s + l.amount, 0)).toBe(WORLD.subrogated.price);
    expect(d.lines.map((l: { component: string }) => l.component)).toEqual(["disposal_cost", "disposal_cost", "interest", "principal", "principal"]);
  });

  it("the loan's bank and its risk-sharers see it; another bank, a sharer not on the loan and a bidder are told it does not exist", async () => {
    expect((await get(`/recoveries/loans/${world.sub.loan.id}`, "guarantor")).status).toBe(200);
    expect((await get(`/recoveries/loans/${world.pro.loan.id}`, "fund")).body).toMatchObject({ recovered: WORLD.proRata.recovered, recoveryRateBps: WORLD.proRata.rateBps, lgdBps: WORLD.proRata.lgdBps, daysToRecovery: 100 });
    for (const [who, loan] of [["otherBank", world.sub.loan.id], ["guarantor", world.pro.loan.id], ["fund", world.sub.loan.id], ["buyer", world.sub.loan.id]] as const) {
      expect((await get(`/recoveries/loans/${loan}`, who)).status, who).toBe(404);
    }
    const lines = await get(`/distributions?caseId=${world.sub.kase.id}`, "guarantor");
    expect(lines.status).toBe(200);
    expect(lines.body!.distributions[0].lines.reduce((s: number, l: { amount: number }) => s + l.amount, 0)).toBe(WORLD.subrogated.price);
    expect((await get(`/distributions?caseId=${world.sub.kase.id}`, "fund")).status).toBe(404);
    expect((await get(`/distributions?caseId=${world.sub.kase.id}`, "otherBank")).status).toBe(404);
  });
});

describe("dashboards by viewer", () => {
  it("a bank: totals, by month, by mode, by month of default, and each appraiser's price-to-appraisal", async () => {
    const { body, status } = await get("/recoveries", "bank");
    expect(status).toBe(200);
    expect(body!.view).toBe("bank");
    const b = body!.bank;
    expect(b.totals).toEqual([{ key: "all", currency: "CNY", loans: 2, exposureAtDefault: WORLD.totals.ead, recovered: WORLD.totals.recovered, recoveryRateBps: WORLD.totals.rateBps, lgdBps: WORLD.totals.lgdBps, averageDaysToRecovery: WORLD.totals.days }]);
    expect(b.loans.map((l: { reference: string }) => l.reference)).toEqual([WORLD.proRata.reference, WORLD.subrogated.reference]);
    expect(b.byMonth).toEqual([
      { month: "2025-04", currency: "CNY", recovered: 60_000_000, own: 15_600_000 },
      { month: "2025-07", currency: "CNY", recovered: 147_500_000, own: 90_000_000 },
    ]);
    expect(b.byMode.map((g: { key: string; recoveryRateBps: number; lgdBps: number }) => [g.key, g.recoveryRateBps, g.lgdBps])).toEqual([["english_auction", 7_023, 3_163], ["tender", 6_000, 4_080]]);
    expect(b.byDefaultMonth).toEqual([expect.objectContaining({ key: "2025-01", loans: 2, recoveryRateBps: WORLD.totals.rateBps, lgdBps: WORLD.totals.lgdBps })]);
    for (const g of b.byType) expect(g.loans).toBeGreaterThanOrEqual(1);
    expect(b.accuracy.sales.filter((s: { appraiser: string }) => s.appraiser === WORLD.appraiser).map((s: { appraisal: number; ratioBps: number; price: number }) => [s.price, s.appraisal, s.ratioBps])).toEqual([[60_000_000, 80_000_000, 7_500], [150_000_000, 180_000_000, 8_333]]);
    expect(b.accuracy.appraisers).toContainEqual({ appraiser: WORLD.appraiser, sales: 2, averageRatioBps: 7_917 });
  });

  it("another bank sees an empty book", async () => {
    const { body } = await get("/recoveries", "otherBank");
    expect(body!.bank).toMatchObject({ loans: [], totals: [], byMonth: [], accuracy: { sales: [], appraisers: [] } });
  });

  it("a guarantor sees only the loans it shares, what it paid and what came back", async () => {
    const { body } = await get("/recoveries", "guarantor");
    expect(body!.view).toBe("sharer");
    // Besides the demo bank's loans it shares (whatever the demo seed did with them), never one it is not a party to.
    expect(body!.sharer.loans.map((l: { reference: string }) => l.reference)).not.toContain(WORLD.proRata.reference);
    expect(body!.sharer.loans).toContainEqual(expect.objectContaining({ reference: WORLD.subrogated.reference, role: "guarantor", shareBps: 8_000, paid: 120_000_000, recovered: 57_500_000, netLoss: 62_500_000, loanRecoveryRateBps: 7_023, loanLgdBps: 3_163 }));
    const rows = body!.sharer.loans as Array<{ paid: number; recovered: number }>;
    expect(body!.sharer.totals).toEqual([{ currency: "CNY", loans: rows.length, paid: rows.reduce((s, r) => s + r.paid, 0), recovered: rows.reduce((s, r) => s + r.recovered, 0), netLoss: rows.reduce((s, r) => s + r.paid - r.recovered, 0) }]);
    const fund = (await get("/recoveries", "fund")).body!.sharer;
    expect(fund.loans.map((l: { reference: string }) => l.reference)).not.toContain(WORLD.subrogated.reference);
    expect(fund.loans.find((l: { reference: string }) => l.reference === WORLD.proRata.reference)).toMatchObject({ paid: WORLD.proRata.fundPaid, recovered: WORLD.proRata.fundRecovered });
  });

  it("a bidder sees only its own settlements and payments", async () => {
    const mine = (await get("/recoveries", "buyer")).body!;
    expect(mine.view).toBe("bidder");
    expect(mine.bidder.settlements.map((s: { price: number }) => s.price).sort((x: number, y: number) => x - y)).toEqual([60_000_000, 150_000_000]);
    expect(mine.bidder.payments).toHaveLength(2);
    const theirs = (await get("/recoveries", "bystander")).body!.bidder;
    expect([theirs.settlements, theirs.payments, theirs.deposits]).toEqual([[], [], []]);
  });
});

describe("statements and CSV", () => {
  it("a statement lists what was allotted and paid out; its CSV and the dashboard's carry the same figures", async () => {
    const g = (await get("/statements", "guarantor")).body!;
    expect(g.allotted.filter((a: { loanReference: string }) => a.loanReference === WORLD.subrogated.reference)).toEqual([expect.objectContaining({ amount: 57_500_000, component: "principal", payoutStatus: "recorded" })]);
    const bank = (await get("/statements", "bank")).body!;
    expect(bank.totals).toEqual([{ currency: "CNY", allotted: 106_600_000, paidOut: 0, payable: 106_600_000, paymentsMade: 0 }]);

    const csv = await fetch(`${server.origin}/api/v1/statements.csv`, { headers: { authorization: `Bearer ${tokens.guarantor}` } });
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString("utf8");
    expect(text.split("\r\n")[0]).toBe("date,entry,description,reference,currency,amount,received");
    expect(text).toContain("2025-07-20,allotted,principal Sale of case");
    expect(text).toContain("2025-07-21,paid_out,principal Sale of case");
    expect(text).toContain(",CNY,575000.00,");

    const loans = await (await fetch(`${server.origin}/api/v1/recoveries.csv?table=loans`, { headers: { authorization: `Bearer ${tokens.bank}` } })).text();
    expect(loans).toContain(`${WORLD.subrogated.reference},CNY,2025-01-01,2100000.00,1475000.00,900000.00,70.23,31.63,200,english_auction`);
    const refused = await fetch(`${server.origin}/api/v1/recoveries.csv?table=deposits`, { headers: { authorization: `Bearer ${tokens.bank}` } });
    expect(refused.status).toBe(404);
  });
});

describe("pages", () => {
  async function visitor(email: string, password: string, language: "en" | "zh" = "en") {
    const v = new Visitor(server.origin);
    v.cookies.set("ipx_lng", language);
    expect((await v.login(email, password)).status).toBe(302);
    return v;
  }
  const text = async (v: Visitor, path: string) => {
    const res = await v.get(path);
    expect(res.status, path).toBe(200);
    return res.text();
  };

  it("the loan page shows the hand-computed rate, LGD and days, and every line; its parties only", async () => {
    const bank = await visitor("workout@recoveries.example", TEST_PASSWORD);
    const html = await text(bank, `/recoveries/loans/${world.sub.loan.id}`);
    expect(html).toMatch(/data-stat="rate">70\.23%</);
    expect(html).toMatch(/data-stat="lgd">31\.63%</);
    expect(html).toMatch(/data-stat="days">200 days/);
    expect(html).toContain("¥1,500,000.00"); // the distribution's total, as its lines sum
    expect(html.match(/data-line="/g)).toHaveLength(5);
    const guarantor = await visitor("guarantor@demo.ipx.example", DEMO_PASSWORD, "zh");
    const zh = await text(guarantor, `/recoveries/loans/${world.sub.loan.id}`);
    expect(zh).toContain("回收率");
    expect(zh).toMatch(/data-stat="days">200 天/);
    expect((await guarantor.get(`/recoveries/loans/${world.pro.loan.id}`)).status).toBe(404);
    const other = await visitor("other@recoveries.example", TEST_PASSWORD);
    expect((await other.get(`/recoveries/loans/${world.sub.loan.id}`)).status).toBe(404);
  });

  it("the dashboards: the bank's totals, the guarantor's shares, a bidder's settlements, and empty states", async () => {
    const bank = await visitor("workout@recoveries.example", TEST_PASSWORD);
    const html = await text(bank, "/recoveries");
    expect(html).toMatch(/data-stat="rate">66\.93%</);
    expect(html).toMatch(/data-stat="lgd">34\.59%</);
    expect(html).toContain(WORLD.appraiser);
    expect(html).toContain("83.33%");
    const guarantor = await text(await visitor("guarantor@demo.ipx.example", DEMO_PASSWORD), "/recoveries");
    expect(guarantor).toContain('data-loan="RW-SUB"');
    expect(guarantor).not.toContain('data-loan="RW-PRO"');
    const buyer = await text(await visitor("buyer@recoveries.example", TEST_PASSWORD), "/recoveries");
    expect(buyer).toContain(`RW-${world.saleSub.id.slice(0, 8).toUpperCase()}`);
    expect(await text(await visitor("other@recoveries.example", TEST_PASSWORD), "/recoveries")).toContain("None of your loans is in default yet");
  });

  it("the statement page and the CSV downloads of the pages", async () => {
    const bank = await visitor("workout@recoveries.example", TEST_PASSWORD);
    const html = await text(bank, "/statements");
    expect(html).toMatch(/data-stat="allotted"><span[^>]*>CN¥1,066,000\.00</);
    const csv = await bank.get("/recoveries.csv?table=by_mode");
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const body = (await csv.text()).replace(/^\uFEFF/, "");
    expect(body.split("\r\n").slice(0, 3)).toEqual([
      "group,currency,loans,exposure_at_default,recovered,recovery_rate_pct,lgd_pct,average_days_to_recovery",
      "english_auction,CNY,1,2100000.00,1475000.00,70.23,31.63,200",
      "tender,CNY,1,1000000.00,600000.00,60.00,40.80,100",
    ]);
    expect((await bank.get("/recoveries.csv?table=nonsense")).status).toBe(404);
    expect((await bank.get("/statements.csv")).status).toBe(200);
  });
});
