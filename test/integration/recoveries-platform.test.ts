import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { recoveryEndpoints } from "../../server/http/api/endpoints/recoveries";
import { demoToken, verifiedOrganisation } from "../support/organisations";
import { buildRecoveriesWorld } from "../support/recoveries-world";
import { type TestServer, startTestServer } from "../support/test-server";
import { Visitor, api } from "../support/visitor";

/**
 * The platform's auditor and operator read every bank's recoveries: the demo bank's (the demo money seed sold lots with
 * recoveries) and a second bank's (recoveries-world.ts). Every expectation is computed from the banks' own dashboards
 * through the API, never from the function that builds the platform's.
 */
let server: TestServer;
const tokens: Record<"auditor" | "operator" | "demoBank" | "worldBank" | "emptyBank" | "bidder", string> = { auditor: "", operator: "", demoBank: "", worldBank: "", emptyBank: "", bidder: "" };
let world: Awaited<ReturnType<typeof buildRecoveriesWorld>>;

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: "always" });
  const buyer = await verifiedOrganisation(server.origin, "investor", "buyer@platform-recoveries.example");
  const bank = await verifiedOrganisation(server.origin, "bank", "workout@platform-recoveries.example", "第二银行 Second Test Bank");
  world = await buildRecoveriesWorld(server.db.db, server.origin, bank, buyer.organisationId);
  tokens.worldBank = bank.token;
  tokens.bidder = buyer.token;
  tokens.emptyBank = (await verifiedOrganisation(server.origin, "bank", "empty@platform-recoveries.example")).token;
  tokens.auditor = await demoToken(server.origin, "auditor@demo.ipx.example");
  tokens.operator = await demoToken(server.origin, "operator@demo.ipx.example");
  tokens.demoBank = await demoToken(server.origin, "bank@demo.ipx.example");
});
afterAll(() => server?.stop());

const get = (path: string, who: keyof typeof tokens) => api(server.origin, "GET", path, { token: tokens[who] });
const portfolioSchema = recoveryEndpoints.find((e) => e.path === "/recoveries")!.response!;

type Group = { key: string; currency: string; loans: number; exposureAtDefault: number; recovered: number; recoveryRateBps: number | null; lgdBps: number | null; averageDaysToRecovery: number | null };
type Loan = { loanId: string; reference: string; currency: string; exposureAtDefault: number; recovered: number; lgdBps: number | null; daysToRecovery: number | null };
type BankView = { loans: Loan[]; totals: Group[]; byMonth: Array<{ month: string; currency: string; recovered: number }>; accuracy: { sales: Array<{ settlementId: string; appraiser: string; ratioBps: number }> } };

async function bankView(who: "demoBank" | "worldBank"): Promise<BankView> {
  const res = await get("/recoveries", who);
  expect(res.body!.view, JSON.stringify(res.body)).toBe("bank");
  return res.body!.bank;
}

/** The platform's totals per currency, worked out from the banks' own loan rows: Σ, rate floored, LGD exposure-weighted. */
function expectedTotals(banks: readonly BankView[]) {
  const realised = banks.flatMap((b) => b.loans).filter((l) => l.recovered > 0);
  return [...new Set(realised.map((l) => l.currency))].sort().map((currency) => {
    const mine = realised.filter((l) => l.currency === currency);
    const ead = mine.reduce((s, l) => s + l.exposureAtDefault, 0);
    const recovered = mine.reduce((s, l) => s + l.recovered, 0);
    const weighted = mine.filter((l) => l.lgdBps !== null);
    const weight = weighted.reduce((s, l) => s + l.exposureAtDefault, 0);
    const days = mine.flatMap((l) => (l.daysToRecovery === null ? [] : [l.daysToRecovery]));
    return {
      key: "all",
      currency,
      loans: mine.length,
      exposureAtDefault: ead,
      recovered,
      recoveryRateBps: Math.floor((recovered * 10_000) / ead),
      lgdBps: Math.round(weighted.reduce((s, l) => s + l.lgdBps! * l.exposureAtDefault, 0) / weight),
      averageDaysToRecovery: Math.round(days.reduce((a, b) => a + b, 0) / days.length),
    };
  });
}

describe("the platform's recoveries through the API", () => {
  it("the auditor sees every bank's defaulted loans, in total and bank by bank, as the banks' own dashboards add up", async () => {
    const [demo, second] = [await bankView("demoBank"), await bankView("worldBank")];
    expect(demo.totals.length, "the demo seed recovered something").toBeGreaterThan(0);
    const res = await get("/recoveries", "auditor");
    expect(res.status).toBe(200);
    expect(portfolioSchema.safeParse(res.body).success).toBe(true);
    expect(res.body!.view).toBe("platform");
    const p = res.body!.platform;

    expect(p.loans.map((l: Loan) => l.loanId).sort()).toEqual([...demo.loans, ...second.loans].map((l) => l.loanId).sort());
    expect(p.loans.find((l: Loan) => l.loanId === world.sub.loan.id).bank).toBe("第二银行 Second Test Bank");
    expect(p.loans.every((l: object) => !("own" in l))).toBe(true);
    expect(p.totals).toEqual(expectedTotals([demo, second]));

    // Bank by bank: each bank's row is that bank's own headline figures.
    for (const [view, name] of [[demo, null], [second, "第二银行 Second Test Bank"]] as const) {
      for (const total of view.totals) {
        const row = p.byBank.find((g: { bank: string; currency: string }) => g.currency === total.currency && (name === null ? g.bank !== "第二银行 Second Test Bank" : g.bank === name));
        expect(row).toEqual({ ...total, key: row.key, bank: row.bank });
      }
    }
    expect(p.byBank).toHaveLength(demo.totals.length + second.totals.length);

    const months = new Map<string, number>();
    for (const m of [...demo.byMonth, ...second.byMonth]) months.set(`${m.currency} ${m.month}`, (months.get(`${m.currency} ${m.month}`) ?? 0) + m.recovered);
    expect(p.byMonth.map((m: { currency: string; month: string; recovered: number }) => [`${m.currency} ${m.month}`, m.recovered]).sort()).toEqual([...months].sort());

    const sale = (s: { settlementId: string; appraiser: string; ratioBps: number }) => `${s.settlementId} ${s.appraiser} ${s.ratioBps}`;
    expect(p.accuracy.sales.map(sale).sort()).toEqual([...demo.accuracy.sales, ...second.accuracy.sales].map(sale).sort());
  });

  it("the operator, who also holds audit:read, gets the same view; its CSV tables include the bank breakdown", async () => {
    const operator = (await get("/recoveries", "operator")).body!;
    const auditor = (await get("/recoveries", "auditor")).body!;
    expect(operator).toEqual(auditor);
    const csv = await get("/recoveries.csv?table=by_bank", "auditor");
    expect(csv.status).toBe(200);
    const rows = csv.text.replace(/^\uFEFF/, "").split("\r\n");
    expect(rows[0]).toBe("group,currency,loans,exposure_at_default,recovered,recovery_rate_pct,lgd_pct,average_days_to_recovery");
    expect(rows.some((r) => r.startsWith("第二银行 Second Test Bank,CNY,2,"))).toBe(true);
    const loans = (await get("/recoveries.csv?table=loans", "auditor")).text;
    expect(loans).toContain(`RW-SUB,第二银行 Second Test Bank,CNY,2025-01-01,2100000.00,1475000.00,70.23,31.63,200,english_auction`);
    expect((await get("/recoveries.csv?table=deposits", "auditor")).status).toBe(404);
  });

  it("a loan's recovery and its distributions are readable by the auditor, whichever bank lent", async () => {
    const demo = await bankView("demoBank");
    for (const loanId of [world.sub.loan.id, demo.loans[0]!.loanId]) {
      const mine = await get(`/recoveries/loans/${loanId}`, "auditor");
      expect(mine.status, loanId).toBe(200);
      const banks = await get(`/recoveries/loans/${loanId}`, loanId === world.sub.loan.id ? "worldBank" : "demoBank");
      expect(mine.body).toEqual(banks.body);
    }
    expect((await get(`/distributions?caseId=${world.sub.kase.id}`, "auditor")).status).toBe(200);
  });

  it("everyone else keeps their own view: a bidder its money, a bank only its own book", async () => {
    expect((await get("/recoveries", "bidder")).body!.view).toBe("bidder");
    const second = await bankView("worldBank");
    const demo = await bankView("demoBank");
    expect(second.loans.map((l) => l.reference).sort()).toEqual(["RW-PRO", "RW-SUB"]);
    expect(demo.loans.map((l) => l.loanId)).not.toContain(world.sub.loan.id);
    const empty = (await get("/recoveries", "emptyBank")).body!;
    expect(empty.view).toBe("bank");
    expect(empty.bank.loans).toEqual([]);
    expect((await get(`/recoveries/loans/${world.sub.loan.id}`, "emptyBank")).status).toBe(404);
    expect((await get(`/recoveries/loans/${world.sub.loan.id}`, "bidder")).status).toBe(404);
  });
});

describe("the platform's recoveries pages", () => {
  async function auditor(language: "en" | "zh") {
    const v = new Visitor(server.origin);
    v.cookies.set("ipx_lng", language);
    expect((await v.login("auditor@demo.ipx.example", DEMO_PASSWORD)).status).toBe(302);
    return v;
  }

  it("the dashboard shows every bank's loans and the bank breakdown, in both languages; the nav links to it", async () => {
    const demo = await bankView("demoBank");
    const v = await auditor("en");
    const res = await v.get("/recoveries");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('href="/recoveries"');
    expect(html).toContain("By bank");
    expect(html).toContain("第二银行 Second Test Bank");
    expect(html).toContain('data-loan="RW-SUB"');
    for (const l of demo.loans) expect(html).toContain(`data-loan="${l.reference}"`);
    expect(html).toContain("/recoveries.csv?table=by_bank");
    expect(html).not.toContain("None of your loans");
    const zh = await (await (await auditor("zh")).get("/recoveries")).text();
    expect(zh).toContain("按银行");
    expect((await v.get("/recoveries.csv?table=by_bank")).status).toBe(200);
  });

  it("a loan's recovery page opens for the auditor", async () => {
    const res = await (await auditor("en")).get(`/recoveries/loans/${world.sub.loan.id}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/data-stat="rate">70\.23%</);
  });
});
