import fs from "node:fs";
import { and, eq, inArray, like, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import {
  alerts,
  auditEvents,
  importJobs,
  ipAssets,
  loans,
  notifications,
  organisations,
  parties,
  pledgeAssets,
  pledges,
  registryEvents,
  riskShares,
  riskSharingAgreements,
  valuations,
} from "../../db/schema";
import { generateLoanBook } from "../support/loan-book-generator";
import { TEST_PASSWORD, demoToken, verifiedOrganisation } from "../support/organisations";
import { type TestServer, startTestServer } from "../support/test-server";
import { Visitor, api } from "../support/visitor";

const FIXTURES = "test/fixtures/imports";
const read = (path: string) => fs.readFileSync(`${FIXTURES}/${path}`, "utf8");
const BOOK_FILES = ["assets", "loans", "pledges", "valuations", "risk-shares"].map((n) => ({ name: `${n}.csv`, content: read(`loan-book/${n}.csv`) }));

let server: TestServer;
let bank: string;
let bankOrg: string;
beforeAll(async () => {
  server = await startTestServer();
  bank = await demoToken(server.origin, "bank@demo.ipx.example");
  bankOrg = (await api(server.origin, "GET", "/me", { token: bank })).body!.organisation.id;
});
afterAll(() => server?.stop());

type ImportBody = Record<string, any>;

/** Posts an import over the API and waits for the background job to finish it. */
async function runImport(token: string, kind: string, files: Array<{ name: string; content: string }>, timeoutMs = 30_000): Promise<ImportBody> {
  const created = await api(server.origin, "POST", "/imports", { token, body: { kind, files } });
  expect(created.status, JSON.stringify(created.body)).toBe(202);
  expect(["queued", "running"]).toContain(created.body!.status);
  return waitFor(token, created.body!.id, timeoutMs);
}

async function waitFor(token: string, id: string, timeoutMs = 30_000): Promise<ImportBody> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api(server.origin, "GET", `/imports/${id}`, { token });
    expect(res.status).toBe(200);
    if (res.body!.status === "done" || res.body!.status === "failed") return res.body!;
    if (Date.now() > deadline) throw new Error(`import ${id} still ${res.body!.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Rows per table: what "changes nothing" is measured by. */
async function tableCounts() {
  const db = server.db.db;
  const count = async (table: PgTable) => (await db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
  return {
    assets: await count(ipAssets),
    loans: await count(loans),
    parties: await count(parties),
    pledges: await count(pledges),
    pledgeAssets: await count(pledgeAssets),
    valuations: await count(valuations),
    agreements: await count(riskSharingAgreements),
    shares: await count(riskShares),
    events: await count(registryEvents),
    alerts: await count(alerts),
  };
}

async function assetByNumber(registryNumber: string) {
  const [row] = await server.db.db.select().from(ipAssets).where(eq(ipAssets.registryNumber, registryNumber));
  return row!;
}

async function rulesFor(registryNumber: string) {
  const asset = await assetByNumber(registryNumber);
  return (await server.db.db.select({ rule: alerts.rule }).from(alerts).where(eq(alerts.assetId, asset.id))).map((a) => a.rule).sort();
}

describe("loan book import", () => {
  let firstCounts: Record<string, unknown>;

  it("imports the sample book: counts per kind, exact amounts, links, risk sharing and alerts", async () => {
    const done = await runImport(bank, "loan_book", BOOK_FILES);
    expect(done.status, JSON.stringify(done.errors)).toBe("done");
    expect(done.errors).toEqual([]);
    expect(done.rows).toBe(21 + 10 + 14 + 32 + 12);
    expect(done.progress).toEqual({ processedRows: 89, totalRows: 89 });
    expect(done.counts).toEqual({
      assets: { created: 21, updated: 0, unchanged: 0 },
      loans: { created: 10, updated: 0, unchanged: 0 },
      parties: { created: 11, updated: 0, unchanged: 0 },
      pledges: { created: 14, updated: 0, unchanged: 0 },
      valuations: { created: 32, updated: 0, unchanged: 0 },
      risk_sharing: { created: 5, updated: 0, unchanged: 0 },
    });
    expect(done.files.map((f: { name: string; kind: string; rows: number }) => [f.name, f.kind, f.rows])).toEqual([
      ["assets.csv", "assets", 21],
      ["loans.csv", "loans", 10],
      ["pledges.csv", "pledges", 14],
      ["valuations.csv", "valuations", 32],
      ["risk-shares.csv", "risk_shares", 12],
    ]);
    firstCounts = done.counts;

    const db = server.db.db;
    const [first] = await db.select().from(loans).where(and(eq(loans.organisationId, bankOrg), eq(loans.reference, "YH-IPL-2024-001")));
    expect(first).toMatchObject({ principal: 1_000_000_000n, outstandingPrincipal: 850_000_000n, accruedInterest: 2_798_611n, rateBps: 395, status: "performing" });
    // "ZL202110345678.3" in the file is the registry's number 202110345678.3, registered by the importing bank.
    const p1 = await assetByNumber("202110345678.3");
    expect(p1).toMatchObject({ type: "patent_invention", registeredBy: bankOrg, classes: ["H01L 29/778", "H01L 21/335"], nextAnnuityDue: "2027-06-18" });
    const [pledge] = await db.select().from(pledges).where(eq(pledges.registryPledgeNumber, "Y2024440000312"));
    expect(pledge!.loanId).toBe(first!.id);
    expect(pledge!.securedAmount).toBe(1_000_000_000n);
    expect(pledge!.registeredAt.toISOString()).toBe("2024-03-11T16:00:00.000Z");
    expect((await db.select().from(pledgeAssets).where(eq(pledgeAssets.pledgeId, pledge!.id))).length).toBe(3);
    const [timed] = await db.select().from(pledges).where(eq(pledges.registryPledgeNumber, "Y2025440000118"));
    expect(timed!.registeredAt.toISOString()).toBe("2025-01-22T02:30:00.000Z");
    const [holding] = await db.select().from(parties).where(eq(parties.creditCode, "91440300MA5FTW5R1L"));
    expect(holding!.name).toBe("深圳语联控股有限公司");

    const [fund] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.creditCode, "12440000MA5FDM03XB"));
    const shares = await db.select().from(riskShares).where(eq(riskShares.loanId, first!.id));
    expect(shares.map((s) => [s.role, s.shareBps, s.organisationId]).sort()).toEqual(
      [
        ["bank", 2_600, bankOrg],
        ["insurer", 1_600, expect.any(String)],
        ["risk_fund", 5_400, fund!.id],
        ["valuer", 400, null],
      ].sort(),
    );
    const [agreement] = await db.select().from(riskSharingAgreements).where(eq(riskSharingAgreements.loanId, first!.id));
    expect(agreement).toMatchObject({ mode: "pro_rata", preset: "fund54_bank26_insurer16_valuer4" });

    // The monitor ran after commit: a fall of 32%, an annuity in grace, and two loans under-covered.
    expect(await rulesFor("202310127759.5")).toContain("valuation_fell");
    expect(await rulesFor("202320412278.4")).toContain("in_grace_period");
    const underCovered = await db
      .select({ reference: loans.reference })
      .from(alerts)
      .innerJoin(loans, eq(loans.id, alerts.loanId))
      .where(eq(alerts.rule, "coverage_below_one"));
    expect(underCovered.map((r) => r.reference).sort()).toEqual(["YH-IPL-2024-004", "YH-IPL-2025-007"]);

    const [audit] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "import.completed"), eq(auditEvents.subjectId, done.id)));
    expect(audit!.data).toMatchObject({ kind: "loan_book", rows: 89 });
  });

  it("imports the same files a second time without changing anything", async () => {
    const before = await tableCounts();
    const again = await runImport(bank, "loan_book", BOOK_FILES);
    expect(again.status).toBe("done");
    const unchanged = Object.fromEntries(Object.entries(firstCounts).map(([kind, c]) => [kind, { created: 0, updated: 0, unchanged: (c as { created: number }).created }]));
    expect(again.counts).toEqual(unchanged);
    expect(await tableCounts()).toEqual(before);
  });

  it("updates only what differs, and keeps facts the file leaves empty", async () => {
    const loansCsv = read("loan-book/loans.csv").replace('"8,500,000.00",27986.11', '"8,400,000.00",27986.11');
    const assetsCsv = read("loan-book/assets.csv").replace(",valid,2027-09-02,\n", ",,,\n");
    const result = await runImport(bank, "loan_book", [
      { name: "loans.csv", content: loansCsv },
      { name: "assets.csv", content: assetsCsv },
    ]);
    expect(result.counts.loans).toEqual({ created: 0, updated: 1, unchanged: 9 });
    expect(result.counts.assets).toEqual({ created: 0, updated: 0, unchanged: 21 });
    const [loan] = await server.db.db.select().from(loans).where(eq(loans.reference, "YH-IPL-2024-001"));
    expect(loan!.outstandingPrincipal).toBe(840_000_000n);
    expect((await assetByNumber("202110588213.0")).nextAnnuityDue).toBe("2027-09-02");
    await runImport(bank, "loan_book", [{ name: "loans.csv", content: read("loan-book/loans.csv") }]);
  });

  it("imports nothing from a file set with errors, and says where each one is", async () => {
    const before = await tableCounts();
    const failed = await runImport(bank, "loan_book", [
      { name: "assets.csv", content: read("loan-book/assets.csv") },
      { name: "loans.csv", content: read("with-errors/loans.csv") },
      { name: "pledges.csv", content: read("with-errors/pledges.csv") },
      { name: "risk-shares.csv", content: read("with-errors/risk-shares.csv") },
    ]);
    expect(failed.status).toBe("failed");
    expect(failed.counts).toBeNull();
    const where = failed.errors.map((e: { file: string; line: number; column: string; code: string }) => [e.file, e.line, e.column, e.code]);
    expect(where).toEqual([
      ["loans.csv", 3, "borrower_credit_code", "credit_code_invalid"],
      ["loans.csv", 4, "principal", "amount_invalid"],
      ["loans.csv", 5, "disbursed_on", "date_invalid"],
      ["loans.csv", 6, "loan_reference", "duplicate_row"],
      ["loans.csv", 7, "status", "declare_default_instead"],
      ["pledges.csv", 2, "assets", "registry_number_check_digit"],
      ["pledges.csv", 3, "loan_reference", "loan_not_found"],
      ["pledges.csv", 4, "secured_amount", "amount_not_positive"],
      ["pledges.csv", 5, "assets", "asset_ref_invalid"],
      ["pledges.csv", 6, "registered_at", "datetime_invalid"],
      ["pledges.csv", 7, "assets", "asset_not_found"],
      ["risk-shares.csv", 2, "share_percent", "shares_not_100"],
    ]);
    expect(failed.errorCount).toBe(12);
    expect(failed.errors[3].params).toEqual({ file: "loans.csv", line: 2 });
    expect(failed.errors[6].params).toEqual({ reference: "YH-ERR-404" });
    expect(failed.errors[11].params).toEqual({ loan: "YH-ERR-001", total: "90.00%" });
    expect(await tableCounts()).toEqual(before);
    expect(await server.db.db.select().from(loans).where(like(loans.reference, "YH-ERR-%"))).toEqual([]);
  });

  it("refuses files that are not CSV, or not text, before queueing anything", async () => {
    const notCsv = await api(server.origin, "POST", "/imports", { token: bank, body: { kind: "loan_book", files: [{ name: "book.xlsx", content: "x" }] } });
    expect(notCsv.status).toBe(415);
    expect(notCsv.body!.error.code).toBe("IMPORT_FILE_TYPE");
    const json = await api(server.origin, "POST", "/imports", { token: bank, body: { kind: "loan_book", files: [{ name: "feed.json", content: "[]" }] } });
    expect(json.body!.error.code).toBe("IMPORT_FILE_TYPE");
    const binary = await api(server.origin, "POST", "/imports", { token: bank, body: { kind: "registry_feed", files: [{ name: "feed.csv", content: "a\u0000b" }] } });
    expect(binary.status).toBe(415);
    expect(binary.body!.error.code).toBe("IMPORT_NOT_TEXT");
    const none = await api(server.origin, "POST", "/imports", { token: bank, body: { kind: "loan_book", files: [] } });
    expect(none.status).toBe(400);
  });
});

describe("registry feed import", () => {
  it("records CSV events once, updates statuses, and the monitor raises alerts for the bank and its sharers", async () => {
    const done = await runImport(bank, "registry_feed", [{ name: "registry-feed.csv", content: read("registry-feed.csv") }]);
    expect(done.status, JSON.stringify(done.errors)).toBe("done");
    expect(done.counts).toEqual({ events: { created: 4, updated: 0, unchanged: 0 }, assets: { created: 0, updated: 2, unchanged: 2 } });
    expect((await assetByNumber("202110588213.0")).legalStatus).toBe("lapsed");
    expect(await assetByNumber("202110214587.6")).toMatchObject({ legalStatus: "in_grace", nextAnnuityDue: "2026-10-27" });
    expect(await rulesFor("202110588213.0")).toContain("lapsed");
    expect(await rulesFor("48120356")).toContain("preservation_order");
    expect(await rulesFor("202110214587.6")).toContain("in_grace_period");

    // The lapse is on loan YH-IPL-2024-001, whose loss the demo fund shares: the fund is told too.
    const [fund] = await server.db.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.creditCode, "12440000MA5FDM03XB"));
    const told = await server.db.db.select({ data: notifications.data }).from(notifications).where(and(eq(notifications.organisationId, fund!.id), eq(notifications.kind, "alert")));
    expect(told.some((n) => (n.data as { rule: string; loanReference: string }).rule === "lapsed" && (n.data as { loanReference: string }).loanReference === "YH-IPL-2024-001")).toBe(true);

    const before = await tableCounts();
    const again = await runImport(bank, "registry_feed", [{ name: "registry-feed.csv", content: read("registry-feed.csv") }]);
    expect(again.counts).toEqual({ events: { created: 0, updated: 0, unchanged: 4 }, assets: { created: 0, updated: 0, unchanged: 4 } });
    expect(await tableCounts()).toEqual(before);
  });

  it("takes the same feed as JSON, with errors pointing at the line of each element", async () => {
    const done = await runImport(bank, "registry_feed", [{ name: "registry-feed.json", content: read("registry-feed.json") }]);
    expect(done.status, JSON.stringify(done.errors)).toBe("done");
    expect(done.counts.events).toEqual({ created: 3, updated: 0, unchanged: 0 });
    expect((await assetByNumber("202310127759.5")).legalStatus).toBe("invalidation_pending");
    expect(await assetByNumber("202120718843.0")).toMatchObject({ legalStatus: "valid", nextAnnuityDue: "2027-05-30" });
    expect(await rulesFor("202310127759.5")).toContain("invalidation_pending");
    expect(await rulesFor("9875531")).toContain("ownership_changed");

    const broken = read("registry-feed.json").replace('"kind": "transfer"', '"kind": "sale"').replace('"occurred_on": "2026-11-20"', '"occurred_on": "20 Nov 2026"');
    const failed = await runImport(bank, "registry_feed", [{ name: "feed.json", content: broken }]);
    expect(failed.errors.map((e: { line: number; column: string; code: string }) => [e.line, e.column, e.code])).toEqual([
      [12, "kind", "event_kind_invalid"],
      [21, "occurred_on", "date_invalid"],
    ]);
  });

  it("never lets an older event wind a status back", async () => {
    const older = "asset_type,registry_number,kind,occurred_on,source,source_ref,new_status\npatent_invention,202110588213.0,status_change,2026-01-05,CNIPA,CNIPA-2026-OLD-1,valid\n";
    const done = await runImport(bank, "registry_feed", [{ name: "late.csv", content: older }]);
    expect(done.counts.events.created).toBe(1);
    expect((await assetByNumber("202110588213.0")).legalStatus).toBe("lapsed");
  });
});

describe("who may import, and what", () => {
  it("another bank cannot read our imports, target our rights, or take our pledge numbers", async () => {
    const other = await verifiedOrganisation(server.origin, "bank", "imports@otherbank.example", "Other Bank");
    const ours = (await api(server.origin, "GET", "/imports", { token: bank })).body!.imports;
    expect(ours.length).toBeGreaterThan(3);
    expect((await api(server.origin, "GET", `/imports/${ours[0].id}`, { token: other.token })).status).toBe(404);
    expect((await api(server.origin, "GET", "/imports", { token: other.token })).body!.imports).toEqual([]);

    const feed = await runImport(other.token, "registry_feed", [{ name: "feed.csv", content: read("registry-feed.csv") }]);
    expect(feed.status).toBe("failed");
    expect(new Set(feed.errors.map((e: { code: string }) => e.code))).toEqual(new Set(["asset_not_found"]));
    expect((await assetByNumber("202110345678.3")).legalStatus).toBe("valid");

    const loansCsv = "loan_reference,borrower_name,borrower_credit_code,principal,rate_percent,disbursed_on,matures_on,outstanding_principal\nOB-1,深圳微光半导体有限公司,91440300MA5G7K2L3P,1000000,4,2025-01-01,2027-01-01,1000000\n";
    const pledgesCsv =
      "pledge_number,loan_reference,registered_at,pledgor_name,pledgor_credit_code,secured_amount,assets\n" +
      "Y2024440000312,OB-1,2025-01-02,深圳微光半导体有限公司,91440300MA5G7K2L3P,1000000,patent_invention:202110588213.0\n" +
      "OB-PLEDGE-2,OB-1,2025-01-02,深圳微光半导体有限公司,91440300MA5G7K2L3P,1000000,patent_invention:202110345678.3\n";
    const taken = await runImport(other.token, "loan_book", [
      { name: "loans.csv", content: loansCsv },
      { name: "pledges.csv", content: pledgesCsv },
    ]);
    expect(taken.errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([
      [2, "asset_not_found"],
      [2, "pledge_number_taken"],
      [3, "asset_not_found"],
    ]);

    // Naming the right in its own assets file lets the other bank pledge it (second rank), never rewrite it.
    const assetsCsv = "asset_type,registry_number,title,owners\npatent_invention,202110345678.3,A title of the other bank's choosing,Someone Else\n";
    const second = await runImport(other.token, "loan_book", [
      { name: "assets.csv", content: assetsCsv },
      { name: "loans.csv", content: loansCsv },
      { name: "pledges.csv", content: pledgesCsv.split("\n").filter((l) => !l.startsWith("Y2024")).join("\n") },
    ]);
    expect(second.status, JSON.stringify(second.errors)).toBe("done");
    expect(second.counts.assets).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(await assetByNumber("202110345678.3")).toMatchObject({ title: "一种低导通电阻氮化镓功率器件及其制备方法", registeredBy: bankOrg });
    const [stillOurs] = await server.db.db.select({ loanId: pledges.loanId }).from(pledges).where(eq(pledges.registryPledgeNumber, "Y2024440000312"));
    const [ourLoan] = await server.db.db.select({ organisationId: loans.organisationId }).from(loans).where(eq(loans.id, stillOurs!.loanId));
    expect(ourLoan!.organisationId).toBe(bankOrg);
  });

  it("an investor is refused", async () => {
    const investor = await demoToken(server.origin, "investor1@demo.ipx.example");
    expect((await api(server.origin, "GET", "/imports", { token: investor })).status).toBe(403);
    expect((await api(server.origin, "POST", "/imports", { token: investor, body: { kind: "loan_book", files: BOOK_FILES } })).status).toBe(403);
  });
});

describe("10,000 rows", () => {
  it("imports a generated book of 10,000 rows in the background, correctly", { timeout: 180_000 }, async () => {
    const book = generateLoanBook({ rows: 10_000, series: 1 });
    expect(book.rows).toBe(10_000);
    const done = await runImport(bank, "loan_book", book.files, 170_000);
    expect(done.status, JSON.stringify(done.errors?.slice(0, 5))).toBe("done");
    expect(done.progress).toEqual({ processedRows: 10_000, totalRows: 10_000 });
    expect(done.counts).toMatchObject({
      loans: { created: 1_250, updated: 0, unchanged: 0 },
      assets: { created: 2_500, updated: 0, unchanged: 0 },
      pledges: { created: 1_250, updated: 0, unchanged: 0 },
      valuations: { created: 2_500, updated: 0, unchanged: 0 },
      risk_sharing: { created: 1_250, updated: 0, unchanged: 0 },
    });
    const db = server.db.db;
    const generated = await db.select({ id: loans.id, principal: loans.principal }).from(loans).where(like(loans.reference, "GEN-1-%"));
    expect(generated).toHaveLength(1_250);
    expect(generated.reduce((sum, l) => sum + l.principal, 0n)).toBe(1_250n * 1_000_000_00n + 25n * (49n * 50n / 2n) * 100_000_00n);
    const links = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(pledgeAssets)
      .innerJoin(pledges, eq(pledges.id, pledgeAssets.pledgeId))
      .where(like(pledges.registryPledgeNumber, "GENP1%"));
    expect(links[0]!.n).toBe(2_500);
    const shareRows = await db.select({ n: sql<number>`count(*)::int` }).from(riskShares).where(inArray(riskShares.loanId, generated.map((l) => l.id)));
    expect(shareRows[0]!.n).toBe(2_500);
  });
});

describe("the import page", () => {
  async function signedIn(email: string) {
    const visitor = new Visitor(server.origin);
    await visitor.login(email, DEMO_PASSWORD);
    return visitor;
  }

  function upload(visitor: Visitor, csrf: string, kind: string, files: Array<{ name: string; content: string }>) {
    const form = new FormData();
    form.set("csrf", csrf);
    form.set("kind", kind);
    for (const f of files) form.append("files", new Blob([f.content], { type: "text/csv" }), f.name);
    const cookie = [...visitor.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    return fetch(`${server.origin}/collateral/import`, { method: "POST", body: form, redirect: "manual", headers: { cookie } });
  }

  it("uploads files as multipart with the CSRF token, shows progress, then the result", async () => {
    const visitor = await signedIn("bank@demo.ipx.example");
    const page = await visitor.get("/collateral/import");
    expect(page.status).toBe(200);
    const csrf = await visitor.csrfToken("/collateral/import");
    const res = await upload(visitor, csrf, "loan_book", BOOK_FILES);
    expect(res.status).toBe(302);
    const location = res.headers.get("location")!;
    expect(location).toMatch(/^\/collateral\/import\?id=[0-9a-f-]{36}$/);
    const id = location.split("=")[1]!;
    const shown = await (await visitor.get(location)).text();
    expect(shown).toContain('data-testid="import-detail"');
    const done = await waitFor(bank, id);
    expect(done.status).toBe("done");
    const html = await (await visitor.get(location)).text();
    expect(html).toContain('data-status="done"');
    expect(html).toContain('data-testid="import-counts"');
  });

  it("shows the errors of a failed import in a table, translated", async () => {
    const failed = await runImport(bank, "loan_book", [{ name: "loans.csv", content: read("with-errors/loans.csv") }]);
    const visitor = await signedIn("bank@demo.ipx.example");
    const html = await (await visitor.get(`/collateral/import?id=${failed.id}`)).text();
    expect(html).toContain('data-testid="import-errors"');
    expect(html).toContain("borrower_credit_code");
    // The default language is Chinese: the message, not the code, is what a person reads.
    expect(html).toContain("这不是统一社会信用代码");
    expect(html).not.toContain(">credit_code_invalid<");
  });

  it("refuses a forged CSRF token and queues nothing", async () => {
    const visitor = await signedIn("bank@demo.ipx.example");
    await visitor.get("/collateral/import");
    const [{ n: before }] = (await server.db.db.select({ n: sql<number>`count(*)::int` }).from(importJobs)) as [{ n: number }];
    const res = await upload(visitor, "forged-token", "loan_book", BOOK_FILES);
    expect(res.status).toBe(403);
    const [{ n: after }] = (await server.db.db.select({ n: sql<number>`count(*)::int` }).from(importJobs)) as [{ n: number }];
    expect(after).toBe(before);
  });

  it("sends the anonymous to sign in, refuses other kinds of organisation, and checks CSRF on any body", async () => {
    const anonymous = new Visitor(server.origin);
    const page = await anonymous.get("/collateral/import");
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    await anonymous.get("/");
    expect((await anonymous.post("/collateral/import", { kind: "loan_book" }, { csrf: "" })).status).toBe(403);
    expect((await anonymous.post("/collateral/import", { kind: "loan_book" }, { csrf: await anonymous.csrfToken("/") })).status).toBe(302);
    const investor = await signedIn("investor1@demo.ipx.example");
    expect((await investor.get("/collateral/import")).status).toBe(403);
    expect((await upload(investor, await investor.csrfToken("/"), "loan_book", BOOK_FILES)).status).toBe(403);
    const bankVisitor = await signedIn("bank@demo.ipx.example");
    expect((await bankVisitor.get("/collateral/import?id=00000000-0000-4000-8000-000000000000")).status).toBe(404);
    const ours = (await api(server.origin, "GET", "/imports", { token: bank })).body!.imports[0].id;
    await verifiedOrganisation(server.origin, "bank", "page@rival.example");
    const rival = new Visitor(server.origin);
    await rival.login("page@rival.example", TEST_PASSWORD);
    expect((await rival.get(`/collateral/import?id=${ours}`)).status).toBe(404);
    expect(await (await rival.get("/collateral/import")).text()).not.toContain(ours);
  });

  it("serves the sample files to the bank, from the fixtures the tests import", async () => {
    const visitor = await signedIn("bank@demo.ipx.example");
    const sample = await visitor.get("/collateral/samples/pledges.csv");
    expect(sample.status).toBe(200);
    expect(sample.headers.get("content-type")).toContain("text/csv");
    expect(await sample.text()).toBe(read("loan-book/pledges.csv"));
    expect((await visitor.get("/collateral/samples/..%2F..%2Fpackage.json")).status).toBe(404);
    expect((await new Visitor(server.origin).get("/collateral/samples/pledges.csv")).status).toBe(302);
  });
});
