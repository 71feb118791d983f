import { eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox } from "../../db/schema";
import { addDays, chinaDate } from "../../server/domain/calendar-date";
import { demoToken, patentNumber, verifiedOrganisation } from "../support/organisations";
import { type TestServer, startTestServer } from "../support/test-server";
import { api } from "../support/visitor";

let server: TestServer;
let bank: string;
let guarantor: string;
let guarantorOrgId: string;
const ids: { loan?: string; patent?: string; trademark?: string; alert?: string } = {};
const PATENT = patentNumber(2021, 1, 123456);
const TRADEMARK = "35123456";

beforeAll(async () => {
  server = await startTestServer();
  bank = await demoToken(server.origin, "bank@demo.ipx.example");
  guarantor = await demoToken(server.origin, "guarantor@demo.ipx.example");
  guarantorOrgId = (await api(server.origin, "GET", "/me", { token: guarantor })).body!.organisation.id;
});
afterAll(() => server?.stop());

const call = (method: string, path: string, token: string | undefined, body?: unknown) => api(server.origin, method, path, { token, body });

describe("a bank's book over the API", () => {
  it("records assets, a loan, a pledge, valuations and risk sharing, and the monitor raises the right alerts", async () => {
    const today = chinaDate(new Date());
    const patent = await call("POST", "/assets", bank, {
      type: "patent_invention", registryNumber: `ZL${PATENT}`, title: "一种光纤传感器的信号解调方法", owners: ["深圳光电科技有限公司"], classes: ["G01D 5/353"],
      filedOn: "2021-03-02", grantedOn: "2023-05-09", expiresOn: "2041-03-01", nextAnnuityDue: addDays(today, 30),
    });
    expect(patent.status).toBe(201);
    ids.patent = patent.body!.id;
    const trademark = await call("POST", "/assets", bank, { type: "trademark", registryNumber: TRADEMARK, title: "光讯 GUANGXUN", owners: ["深圳光电科技有限公司"], classes: ["9", "42"] });
    ids.trademark = trademark.body!.id;
    expect((await call("POST", "/assets", bank, { type: "trademark", registryNumber: TRADEMARK, title: "dup", owners: ["x"] })).body!.error.code).toBe("ASSET_EXISTS");

    const loan = await call("POST", "/loans", bank, {
      reference: "YH-2024-001", borrowerName: "深圳光电科技有限公司", borrowerCreditCode: "91440300MA5FDM09XB", currency: "CNY",
      principal: 1_000_000_000, rateBps: 450, disbursedOn: "2024-01-15", maturesOn: "2027-01-14", outstandingPrincipal: 1_000_000_000,
    });
    expect(loan.status).toBe(201);
    ids.loan = loan.body!.id;

    expect(
      (await call("POST", "/pledges", bank, {
        loanReference: "YH-2024-001", registryPledgeNumber: "Y2024440000123", registeredAt: "2024-01-20", pledgorName: "深圳光电科技有限公司",
        pledgorCreditCode: "91440300MA5FDM09XB", securedAmount: 1_000_000_000, assets: [{ type: "patent_invention", registryNumber: PATENT }, { type: "trademark", registryNumber: TRADEMARK }],
      })).status,
    ).toBe(201);
    const sharing = await call("PUT", `/loans/${ids.loan}/risk-sharing`, bank, {
      mode: "pro_rata", shares: [{ role: "bank", partyName: "粤海商业银行", shareBps: 5_000 }, { role: "guarantor", partyName: "广东再担保", organisationId: guarantorOrgId, shareBps: 5_000 }],
    });
    expect(sharing.status).toBe(204);
    for (const [asset, amount, on] of [[{ type: "patent_invention", registryNumber: PATENT }, 800_000_000, "2024-01-10"], [{ type: "patent_invention", registryNumber: PATENT }, 500_000_000, "2025-06-01"], [{ type: "trademark", registryNumber: TRADEMARK }, 300_000_000, "2024-01-10"]] as const) {
      expect((await call("POST", "/valuations", bank, { asset, appraiser: "中联资产评估", method: "income", amount, valuedOn: on })).status).toBe(201);
    }
    expect((await call("POST", "/registry-events", bank, { asset: { type: "trademark", registryNumber: TRADEMARK }, kind: "preservation_order", occurredOn: "2025-09-01", source: "court", sourceRef: "(2025)粤03执保123号" })).status).toBe(201);
    expect((await call("POST", "/registry-events", bank, { asset: { type: "trademark", registryNumber: TRADEMARK }, kind: "preservation_order", occurredOn: "2025-09-01", source: "court", sourceRef: "(2025)粤03执保123号" })).body).toEqual({ id: null, duplicate: true });

    const alerts = await call("GET", `/alerts?loanId=${ids.loan}`, bank);
    const rules = alerts.body!.alerts.map((a: { rule: string }) => a.rule).sort();
    expect(rules).toEqual(["annuity_due_soon", "coverage_below_one", "preservation_order", "valuation_fell"]);
    ids.alert = alerts.body!.alerts.find((a: { rule: string }) => a.rule === "coverage_below_one").id;

    const portfolio = await call("GET", "/loans", bank);
    expect(portfolio.body!.loans).toEqual([expect.objectContaining({ reference: "YH-2024-001", exposure: 1_000_000_000, collateral: 800_000_000, coverageBps: 8_000, openAlerts: 4 })]);
  });

  it("tells every risk-sharing party, in the inbox and by e-mail", async () => {
    const inbox = await call("GET", "/notifications", guarantor);
    expect(inbox.body!.notifications.filter((n: { kind: string }) => n.kind === "alert").map((n: { data: { rule: string } }) => n.data.rule)).toEqual(
      expect.arrayContaining(["preservation_order", "valuation_fell", "coverage_below_one"]),
    );
    const mails = await server.db.db.select().from(outbox).where(eq(outbox.recipient, "guarantor@demo.ipx.example"));
    expect(mails.length).toBeGreaterThanOrEqual(3);
    // The outbox job delivers them (the development transport writes to the log).
    await expect.poll(async () => (await server.db.db.select().from(outbox).where(isNull(outbox.sentAt))).length, { timeout: 10_000 }).toBe(0);
  });

  it("stores documents checked by their bytes, readable only by the bank that uploaded them", async () => {
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n").toString("base64");
    const uploaded = await call("POST", `/assets/${ids.patent}/documents`, bank, { filename: "评估报告.pdf", kind: "appraisal_report", contentBase64: pdf });
    expect(uploaded.status).toBe(201);
    const fake = await call("POST", `/assets/${ids.patent}/documents`, bank, { filename: "evil.pdf", kind: "other", contentBase64: Buffer.from("MZ not a pdf").toString("base64") });
    expect(fake.body!.error.code).toBe("DOCUMENT_TYPE");
    const read = await call("GET", `/documents/${uploaded.body!.id}`, bank);
    expect(read.body).toEqual({ filename: "评估报告.pdf", contentType: "application/pdf", contentBase64: pdf });
    const other = (await verifiedOrganisation(server.origin, "bank", "docs@bank.example")).token;
    expect((await call("GET", `/documents/${uploaded.body!.id}`, other)).status).toBe(404);
    expect((await call("POST", `/assets/${ids.patent}/documents`, other, { filename: "x.pdf", kind: "other", contentBase64: pdf })).status).toBe(404);
  });

  it("acknowledges an alert once, and refuses bad input with clear codes", async () => {
    expect((await call("POST", `/alerts/${ids.alert}/acknowledge`, bank)).status).toBe(200);
    expect((await call("POST", `/alerts/${ids.alert}/acknowledge`, guarantor)).status).toBe(403);
    const uneven = await call("PUT", `/loans/${ids.loan}/risk-sharing`, bank, { mode: "pro_rata", shares: [{ role: "bank", partyName: "x", shareBps: 9_900 }] });
    expect(uneven.body!.error.details.issues[0].code).toBe("shares_not_100");
    const badNumber = await call("POST", "/assets", bank, { type: "patent_invention", registryNumber: PATENT.replace(/.$/, (d) => (d === "1" ? "2" : "1")), title: "x", owners: ["y"] });
    expect(badNumber.body!.error.details.issues[0].code).toBe("registry_number_check_digit");
  });

  it("declares default once: exposure at default frozen, a disposal case with the pledged assets", async () => {
    const body = { defaultedOn: "2026-10-01", principal: 950_000_000, interest: 12_345_678, penaltyInterest: 1_000_000, costs: 500_000 };
    const declared = await call("POST", `/loans/${ids.loan}/default`, bank, body);
    expect(declared.status).toBe(201);
    expect(declared.body).toMatchObject({ exposureAtDefault: 963_845_678, assets: 2 });
    expect((await call("POST", `/loans/${ids.loan}/default`, bank, body)).body!.error.code).toBe("ALREADY_DEFAULTED");
    const detail = await call("GET", `/loans/${ids.loan}`, bank);
    expect(detail.body!.loan.status).toBe("defaulted");
    expect(detail.body!.exposure).toBe(963_845_678);
    expect(detail.body!.disposalCase).toMatchObject({ principalAtDefault: 950_000_000, interestAtDefault: 12_345_678 });
    const inbox = await call("GET", "/notifications", guarantor);
    expect(inbox.body!.notifications.map((n: { kind: string }) => n.kind)).toContain("loan_defaulted");
  });

  it("shows the shared loan to the guarantor read-only", async () => {
    const shared = await call("GET", "/shared-loans", guarantor);
    expect(shared.body!.loans).toEqual([expect.objectContaining({ id: ids.loan, myShareBps: 5_000 })]);
    const detail = await call("GET", `/loans/${ids.loan}`, guarantor);
    expect(detail.body!.readOnly).toBe(true);
    expect((await call("PUT", `/loans/${ids.loan}/risk-sharing`, guarantor, { mode: "pro_rata", shares: [{ role: "bank", partyName: "x", shareBps: 10_000 }] })).status).toBe(403);
  });
});

describe("no one else sees or touches the book", () => {
  it("another bank, an investor, a guarantor not party to the loan and anonymous callers are refused uniformly", async () => {
    const otherBank = (await verifiedOrganisation(server.origin, "bank", "other@bank.example")).token;
    const outsider = (await verifiedOrganisation(server.origin, "guarantor", "outsider@guarantee.example")).token;
    const investor = await demoToken(server.origin, "investor1@demo.ipx.example");
    const attempts: Array<[string, string, unknown?]> = [
      ["GET", `/loans/${ids.loan}`],
      ["GET", `/assets/${ids.patent}`],
      ["POST", `/alerts/${ids.alert}/acknowledge`],
      ["PUT", `/loans/${ids.loan}/risk-sharing`, { mode: "pro_rata", shares: [{ role: "bank", partyName: "x", shareBps: 10_000 }] }],
      ["POST", `/loans/${ids.loan}/default`, { defaultedOn: "2026-10-01", principal: 1, interest: 0, penaltyInterest: 0 }],
      ["POST", "/registry-events", { asset: { type: "trademark", registryNumber: TRADEMARK }, kind: "transfer", occurredOn: "2026-01-01", source: "x", sourceRef: "y" }],
    ];
    for (const [method, path, body] of attempts) {
      const asOtherBank = await call(method, path, otherBank, body);
      expect([404], `${method} ${path} as another bank`).toContain(asOtherBank.status);
      const asOutsider = await call(method, path, outsider, body);
      expect([403, 404], `${method} ${path} as a guarantor not party`).toContain(asOutsider.status);
      const asInvestor = await call(method, path, investor, body);
      expect([403, 404], `${method} ${path} as an investor`).toContain(asInvestor.status);
      expect((await call(method, path, undefined, body)).status, `${method} ${path} anonymously`).toBe(401);
    }
    const pledgeOnOthersLoan = await call("POST", "/pledges", otherBank, {
      loanReference: "YH-2024-001", registryPledgeNumber: "Y2024440000999", registeredAt: "2024-02-01", pledgorName: "x", pledgorCreditCode: "91440300MA5FDM09XB", securedAmount: 1,
      assets: [{ type: "trademark", registryNumber: TRADEMARK }],
    });
    expect(pledgeOnOthersLoan.body!.error.code).toBe("LOAN_NOT_FOUND");
    // Registry facts are public: another bank may value the same right, which enters its own book; it sees
    // its own valuation and the first bank's pledge only as the registry shows it.
    expect((await call("POST", "/valuations", otherBank, { asset: { type: "trademark", registryNumber: TRADEMARK }, appraiser: "其他评估", method: "cost", amount: 1_00, valuedOn: "2026-01-01" })).status).toBe(201);
    const seen = await call("GET", `/assets/${ids.trademark}`, otherBank);
    expect(seen.body!.valuations.map((v: { appraiser: string }) => v.appraiser)).toEqual(["其他评估"]);
    expect(seen.body!.pledges).toEqual([expect.objectContaining({ rank: 1, mine: false, loanId: null, loanReference: null, securedAmount: null })]);
    expect((await call("GET", "/loans", otherBank)).body!.loans).toEqual([]);
    expect((await call("GET", "/shared-loans", outsider)).body!.loans).toEqual([]);
    expect((await call("GET", "/alerts", outsider)).body!.alerts).toEqual([]);
    expect((await call("GET", "/alerts", otherBank)).body!.alerts).toEqual([]);
  });
});
