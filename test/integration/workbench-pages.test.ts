import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { organisations } from "../../db/schema";
import { addDays, chinaDate } from "../../server/domain/calendar-date";
import { patentCheckDigit } from "../../server/domain/collateral/registry-numbers";
import { type TestServer, startTestServer } from "../support/test-server";
import { Visitor, api } from "../support/visitor";

/**
 * The bank's workbench through its pages, as a browser without JavaScript would use it: a loan, its
 * pledged rights, valuations, a pledge, risk sharing, the monitor, default, documents, and who may see what.
 */
let server: TestServer;
let bank: Visitor;
let guarantor: Visitor;

const today = chinaDate(new Date());
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const PATENT = (() => {
  const digits = `20231${"0456789"}`;
  return `${digits}.${patentCheckDigit(digits)}`;
})();
const BAD_PATENT = `${PATENT.slice(0, -1)}${PATENT.endsWith("0") ? "1" : "0"}`;

const state = { loanId: "", patentId: "", trademarkId: "", documentId: "", alertId: "", guarantorOrg: "", fundOrg: "" };

async function signedIn(email: string, password = DEMO_PASSWORD, locale = "zh") {
  const visitor = new Visitor(server.origin);
  visitor.cookies.set("ipx_lng", locale);
  expect((await visitor.login(email, password)).status).toBe(302);
  return visitor;
}

const cookieOf = (v: Visitor) => [...v.cookies].map(([k, value]) => `${k}=${value}`).join("; ");

/** Forms with repeated fields (risk-sharing lines, several pledged rights), as a browser posts them. */
async function postEntries(v: Visitor, path: string, entries: Array<[string, string]>) {
  const csrf = await v.csrfToken(path.split("?")[0]);
  return fetch(`${server.origin}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: cookieOf(v), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams([["csrf", csrf], ...entries]),
  });
}

async function upload(v: Visitor, path: string, file: { name: string; type: string; bytes: Uint8Array<ArrayBuffer> }, csrf?: string) {
  const form = new FormData();
  form.set("csrf", csrf ?? (await v.csrfToken(path)));
  form.set("intent", "upload-document");
  form.set("kind", "appraisal_report");
  form.set("file", new Blob([file.bytes], { type: file.type }), file.name);
  return fetch(`${server.origin}${path}`, { method: "POST", redirect: "manual", headers: { cookie: cookieOf(v) }, body: form });
}

const html = async (v: Visitor, path: string) => {
  const response = await v.get(path);
  expect(response.status, path).toBe(200);
  const text = await response.text();
  // A missing translation shows its key: none may.
  expect(text.replace(/<script[\s\S]*?<\/script>/g, ""), path).not.toMatch(/>[^<]*\bcollateral\.[a-z]+\.[a-zA-Z_]+/);
  return text;
};

beforeAll(async () => {
  server = await startTestServer();
  bank = await signedIn("bank@demo.ipx.example");
  guarantor = await signedIn("guarantor@demo.ipx.example");
  const orgs = await server.db.db.select().from(organisations);
  state.guarantorOrg = orgs.find((o) => o.kind === "guarantor")!.id;
  state.fundOrg = orgs.find((o) => o.kind === "risk_fund")!.id;
});
afterAll(() => server?.stop());

describe("the bank's collateral workbench", () => {
  it("shows an empty book that points to the import and a new loan", async () => {
    const page = await html(bank, "/collateral");
    expect(page).toContain("台账中还没有贷款");
    expect(page).toContain('href="/collateral/import"');
    expect(page).toContain('href="/collateral/loans/new"');
    expect((await new Visitor(server.origin).get("/collateral")).headers.get("location")).toMatch(/^\/login/);
  });

  it("creates a loan through the page form, with exact amounts and translated errors", async () => {
    const loan = {
      reference: "WB-2026-001",
      borrowerName: "深圳光电科技有限公司",
      borrowerCreditCode: "91440300MA5FDM09XB",
      currency: "CNY",
      principal: "5,000,000.00",
      rate: "4.35",
      disbursedOn: "2024-03-01",
      maturesOn: "2027-02-28",
      status: "performing",
      outstandingPrincipal: "4,800,000.00",
      accruedInterest: "12,345.67",
    };
    const bad = await bank.post("/collateral/loans/new", { ...loan, principal: "5.000.000", rate: "abc" });
    expect(bad.status).toBe(400);
    const badText = await bad.text();
    expect(badText).toContain("请填写金额，例如 1,234,567.89");
    expect(badText).toContain("请填写 0 到 100% 之间的年利率");

    const created = await bank.post("/collateral/loans/new", loan);
    expect(created.status).toBe(302);
    state.loanId = created.headers.get("location")!.match(new RegExp(`^/collateral/loans/(${UUID})$`))![1]!;
    const page = await html(bank, `/collateral/loans/${state.loanId}`);
    expect(page).toContain("WB-2026-001");
    expect(page).toContain("¥4,812,345.67"); // exposure: outstanding principal + interest
    expect(page).toContain("4.35%");

    const again = await bank.post("/collateral/loans/new", loan);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("您的账簿中已有该编号的贷款。");
  });

  it("registers pledged rights, refusing a wrong check digit", async () => {
    const patent = {
      type: "patent_invention",
      registryNumber: PATENT,
      title: "一种高效光电转换装置",
      owners: "深圳光电科技有限公司",
      classes: "H01L 31/04",
      filedOn: "2023-01-10",
      grantedOn: "2024-05-20",
      expiresOn: "2043-01-10",
      legalStatus: "valid",
      nextAnnuityDue: addDays(today, 20),
    };
    const wrong = await bank.post("/collateral/assets/new", { ...patent, registryNumber: BAD_PATENT });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("校验位不符");

    const created = await bank.post("/collateral/assets/new", patent);
    expect(created.status).toBe(302);
    state.patentId = created.headers.get("location")!.match(new RegExp(`/collateral/assets/(${UUID})`))![1]!;
    const mark = await bank.post("/collateral/assets/new", { type: "trademark", registryNumber: "12345678", title: "光芯 GUANGXIN", owners: "深圳光电科技有限公司", classes: "9, 42", legalStatus: "valid" });
    expect(mark.status).toBe(302);
    state.trademarkId = mark.headers.get("location")!.match(new RegExp(`/collateral/assets/(${UUID})`))![1]!;

    const duplicate = await bank.post("/collateral/assets/new", patent);
    expect(duplicate.status).toBe(409);
    expect(await duplicate.text()).toContain("该权利已在交易所登记。");

    const list = await html(bank, "/collateral/assets");
    expect(list).toContain(PATENT);
    expect(list).toContain("光芯 GUANGXIN");
  });

  it("adds valuations on the asset page and draws them", async () => {
    const path = `/collateral/assets/${state.patentId}`;
    for (const [amount, valuedOn] of [["3,000,000.00", "2024-03-01"], ["2,000,000.00", "2025-03-01"]] as const) {
      const res = await bank.post(path, { intent: "add-valuation", appraiser: "中联资产评估", method: "income", amount, currency: "CNY", valuedOn });
      expect(res.status).toBe(302);
    }
    const same = await bank.post(path, { intent: "add-valuation", appraiser: "中联资产评估", method: "income", amount: "1.00", currency: "CNY", valuedOn: "2025-03-01" });
    expect(same.status).toBe(409);
    expect(await same.text()).toContain("该评估机构在该日期的评估已有记录。");
    expect((await bank.post(`/collateral/assets/${state.trademarkId}`, { intent: "add-valuation", appraiser: "北京天健兴业", method: "market", amount: "1,000,000.00", currency: "CNY", valuedOn: "2024-03-01" })).status).toBe(302);

    const page = await html(bank, path);
    expect(page).toContain("¥3,000,000.00");
    expect(page).toContain("¥2,000,000.00");
    expect(page).toContain("recharts-surface"); // the chart is in the server HTML
  });

  it("registers a pledge of both rights on the loan page and shows coverage", async () => {
    const path = `/collateral/loans/${state.loanId}`;
    const noAssets = await postEntries(bank, path, [["intent", "add-pledge"], ["registryPledgeNumber", "Y2024440000123"], ["registeredAt", "2024-03-05"], ["pledgorName", "深圳光电科技有限公司"], ["pledgorCreditCode", "91440300MA5FDM09XB"], ["securedAmount", "5,000,000.00"]]);
    expect(noAssets.status).toBe(400);
    expect(await noAssets.text()).toContain("请至少选择一项出质权利。");

    const res = await postEntries(bank, path, [
      ["intent", "add-pledge"],
      ["registryPledgeNumber", "Y2024440000123"],
      ["registeredAt", "2024-03-05"],
      ["pledgorName", "深圳光电科技有限公司"],
      ["pledgorCreditCode", "91440300MA5FDM09XB"],
      ["securedAmount", "5,000,000.00"],
      ["asset", `patent_invention|${PATENT}`],
      ["asset", "trademark|12345678"],
    ]);
    expect(res.status).toBe(302);
    const page = await html(bank, path);
    expect(page).toContain("Y2024440000123");
    expect(page).toContain(`href="/collateral/assets/${state.patentId}"`);
    expect(page).toContain("¥3,000,000.00"); // collateral: latest valuations 2,000,000 + 1,000,000
    expect(page).toContain('data-coverage="6233"'); // 3,000,000.00 / 4,812,345.67
    expect(page).toContain("0.62");
    expect(page).toContain("recharts-line"); // valuations over time

    const asset = await html(bank, `/collateral/assets/${state.patentId}`);
    expect(asset).toContain('data-rank="1"');
    expect(asset).toContain("WB-2026-001");
  });

  it("sets risk sharing: a preset one click away, a wrong total refused in words, then the parties saved", async () => {
    const path = `/collateral/loans/${state.loanId}`;
    const preset = await postEntries(bank, path, [["intent", "preset:fund54_bank26_insurer16_valuer4"], ["mode", "pro_rata"], ["role", "bank"], ["partyName", "粤海商业银行"], ["organisationId", ""], ["share", "100"]]);
    expect(preset.status).toBe(200);
    const presetPage = await preset.text();
    for (const share of ["54.00", "26.00", "16.00", "4.00"]) expect(presetPage).toContain(`value="${share}"`);
    expect(presetPage).toContain('value="粤海商业银行"');

    const wrong = await postEntries(bank, path, [
      ["intent", "risk-sharing"],
      ["mode", "pro_rata"],
      ...line("bank", "粤海商业银行", "", "60"),
      ...line("guarantor", "", state.guarantorOrg, "30"),
    ]);
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("各方比例之和必须正好为 100%。");

    const saved = await postEntries(bank, path, [
      ["intent", "risk-sharing"],
      ["mode", "pro_rata"],
      ["preset", "bank60_fund40"], // no longer the preset's lines: the label is dropped
      ...line("bank", "粤海商业银行", "", "60"),
      ...line("risk_fund", "", state.fundOrg, "20"),
      ...line("guarantor", "", state.guarantorOrg, "20"),
    ]);
    expect(saved.status).toBe(302);
    const page = await html(bank, path);
    expect(page).toContain('data-share="6000"');
    expect(page).toContain("广东省融资再担保 Guangdong Re-guarantee"); // the organisation's name fills an empty party name
    expect(page).toContain("按比例共担");
    expect(page).not.toContain("预设方案: 银行 60 / 基金 40");
  });

  it("shows the portfolio with coverage in colour, a chart and the open alerts", async () => {
    const page = await html(bank, "/collateral");
    expect(page).toContain('data-loan="WB-2026-001"');
    expect(page).toMatch(/text-red-700[^"]*" data-coverage="6233">0\.62</);
    expect(page).toContain("recharts-bar");
    expect(page).toContain("¥4,812,345.67");
  });

  it("lists the alerts on the monitor, critical first, with what to do; a bank user acknowledges one", async () => {
    bank.cookies.set("ipx_lng", "en");
    const page = await html(bank, "/collateral/monitor");
    bank.cookies.set("ipx_lng", "zh");
    expect(page).toContain("Annuity or renewal due within 90 days");
    expect(page).toContain("Pay the annuity (or renewal fee) before the due date");
    expect(page).toContain("20 days left");
    expect(page).toContain("Commission a new appraisal and ask the borrower for more collateral.");
    expect(page).toContain("Fell 33.33% (2024-03-01 → 2025-03-01)");
    expect(page).toContain("Top up the collateral");
    expect(page.indexOf('data-rule="coverage_below_one"')).toBeLessThan(page.indexOf('data-rule="valuation_fell"'));

    const id = page.match(new RegExp(`data-alert-id="(${UUID})" data-rule="valuation_fell"`))![1]!;
    state.alertId = page.match(new RegExp(`data-alert-id="(${UUID})" data-rule="coverage_below_one"`))![1]!;
    const acked = await bank.post("/collateral/monitor", { intent: "acknowledge", id });
    expect(acked.status).toBe(302);
    expect(acked.headers.get("location")).toBe("/collateral/monitor?done=acknowledged");
    expect(await html(bank, "/collateral/monitor")).not.toContain(`data-alert-id="${id}"`);
    expect(await html(bank, "/collateral/monitor?view=acknowledged")).toContain(`data-alert-id="${id}"`);
    const chinese = await html(bank, "/collateral/monitor");
    expect(chinese).toContain("在到期日前缴纳年费");
    expect(chinese).toContain("质押物覆盖率低于 1.0");
  });

  it("declares default after confirmation and shows the disposal case snapshot", async () => {
    const path = `/collateral/loans/${state.loanId}`;
    const form = { intent: "declare-default", defaultedOn: today, principal: "4,800,000.00", interest: "12,345.67", penaltyInterest: "1,000.00", costs: "20,000.00" };
    const unconfirmed = await bank.post(path, form);
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain("请勾选以确认。");

    const declared = await bank.post(path, { ...form, confirm: "yes" });
    expect(declared.status).toBe(302);
    const page = await html(bank, path);
    expect(page).toContain('data-testid="disposal-case"');
    expect(page).toMatch(/data-testid="exposure-at-default"><span[^>]*>¥4,833,345\.67/);
    expect(page).not.toContain('value="declare-default"');

    const twice = await bank.post(path, { ...form, confirm: "yes" });
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain("该贷款已处于违约状态。");
  });

  it("uploads a PDF and downloads the same bytes; other types and forged tokens are refused", async () => {
    const path = `/collateral/assets/${state.patentId}`;
    const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    const uploaded = await upload(bank, path, { name: "评估报告 2025.pdf", type: "application/pdf", bytes: pdf });
    expect(uploaded.status).toBe(302);
    const page = await html(bank, path);
    expect(page).toContain("评估报告 2025.pdf");
    state.documentId = page.match(new RegExp(`/collateral/documents/(${UUID})`))![1]!;

    const download = await bank.get(`/collateral/documents/${state.documentId}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(download.headers.get("content-disposition")).toContain(`filename*=UTF-8''${encodeURIComponent("评估报告 2025.pdf")}`);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(pdf);

    const text = await upload(bank, path, { name: "notes.pdf", type: "application/pdf", bytes: new TextEncoder().encode("just text") });
    expect(text.status).toBe(415);
    expect(await text.text()).toContain("只接受 PDF、PNG 和 JPEG 文件。");
    const forged = await upload(bank, path, { name: "x.pdf", type: "application/pdf", bytes: pdf }, "forged");
    expect(forged.status).toBe(403);
  });
});

describe("who else sees the loan", () => {
  it("a guarantor that is a party sees it read-only, with its share, and is told of the default", async () => {
    const list = await html(guarantor, "/shared-loans");
    expect(list).toContain('data-loan="WB-2026-001"');
    expect(list).toMatch(/data-testid="my-share">20\.00%/);

    const page = await html(guarantor, `/shared-loans/${state.loanId}`);
    expect(page).toContain("本页面为只读");
    expect(page).toContain('data-testid="disposal-case"');
    expect(page).toContain("recharts-line");
    expect(page).toContain("质押物覆盖率低于 1.0");
    for (const intent of ["declare-default", "acknowledge", "risk-sharing", "add-pledge"]) expect(page).not.toContain(`value="${intent}"`);
    expect(page).not.toContain(`href="/collateral/assets/`);
    expect((await guarantor.get(`/collateral/loans/${state.loanId}`)).status).toBe(403);

    const inbox = await html(guarantor, "/notifications");
    expect(inbox).toContain("贷款 WB-2026-001 已于");
    expect(inbox).toContain("¥4,833,345.67");
    expect(inbox).toContain('data-testid="unread-count"');
    const marked = await guarantor.post("/notifications", { intent: "mark-all-read" });
    expect(marked.status).toBe(302);
    expect(await html(guarantor, "/notifications")).not.toContain('data-testid="unread-count"');
  });

  it("opening a notice takes a sharing party to its read-only view of the loan", async () => {
    const fund = await signedIn("fund@demo.ipx.example");
    const inbox = await html(fund, "/notifications");
    const id = inbox.match(new RegExp(`name="id" value="(${UUID})"`))![1]!;
    const opened = await fund.post("/notifications", { intent: "open", id });
    expect(opened.status).toBe(302);
    expect(opened.headers.get("location")).toBe(`/shared-loans/${state.loanId}`);
  });

  it("a risk sharer that is not a party, and another bank, get 404 for the loan, the asset and the document", async () => {
    const insurer = await signedIn("insurer@demo.ipx.example");
    expect((await insurer.get(`/shared-loans/${state.loanId}`)).status).toBe(404);
    expect(await html(insurer, "/shared-loans")).not.toContain("WB-2026-001");

    const email = "credit@otherbank.example";
    const password = "other-bank-password-1";
    const registered = await api(server.origin, "POST", "/auth/register", { body: { email, password, name: "Olga Other", organisation: { name: "Other Bank", kind: "bank" } } });
    expect(registered.status).toBe(201);
    const operator = await api(server.origin, "POST", "/auth/token", { body: { email: "operator@demo.ipx.example", password: DEMO_PASSWORD, name: "test" } });
    const verified = await api(server.origin, "POST", `/operator/verifications/${registered.body!.organisationId}/verify`, { token: operator.body!.token });
    expect(verified.status).toBe(200);
    const [org] = await server.db.db.select().from(organisations).where(eq(organisations.id, registered.body!.organisationId));
    expect(org!.verification).toBe("verified");

    const other = await signedIn(email, password);
    expect(await html(other, "/collateral")).toContain("台账中还没有贷款");
    for (const path of [`/collateral/loans/${state.loanId}`, `/collateral/assets/${state.patentId}`, `/collateral/documents/${state.documentId}`]) {
      expect((await other.get(path)).status, path).toBe(404);
    }
    const ack = await other.post(`/collateral/loans/${state.loanId}`, { intent: "declare-default", defaultedOn: today, principal: "1", interest: "0", penaltyInterest: "0", costs: "0", confirm: "yes" }, { csrf: await other.csrfToken("/collateral") });
    expect(ack.status).toBe(404);
    expect((await other.post("/collateral/monitor", { intent: "acknowledge", id: state.alertId })).status).toBe(404);
    const valuation = { intent: "add-valuation", appraiser: "x", method: "income", amount: "1.00", currency: "CNY", valuedOn: today };
    expect((await other.post(`/collateral/assets/${state.patentId}`, valuation, { csrf: await other.csrfToken("/collateral") })).status).toBe(404);
    expect(await html(other, "/collateral/monitor")).not.toContain("WB-2026-001");
  });
});

function line(role: string, partyName: string, organisationId: string, share: string): Array<[string, string]> {
  return [
    ["role", role],
    ["partyName", partyName],
    ["organisationId", organisationId],
    ["share", share],
  ];
}
