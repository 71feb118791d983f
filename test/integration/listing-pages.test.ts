import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { disposalCaseAssets, disposalCases, ipAssets, listings, organisations } from "../../db/schema";
import { type TestServer, startTestServer } from "../support/test-server";
import { Visitor } from "../support/visitor";

/**
 * The listing pages as a browser without JavaScript uses them: the bank lists pledged IP from a disposal
 * case through the form (a judicial start below 70% of the appraisal is refused, naming the rule), submits
 * it, the operator approves it, and an anonymous visitor reads the public page.
 */
let server: TestServer;
let bank: Visitor;
let operator: Visitor;
let caseId: string;
let assetIds: string[];
let registryNumbers: string[];
const state = { listingId: "", rejectedId: "" };

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A datetime-local value in Beijing time, as the form shows it. */
const beijing = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 16);

async function signedIn(email: string) {
  const visitor = new Visitor(server.origin);
  visitor.cookies.set("ipx_lng", "zh");
  expect((await visitor.login(email, DEMO_PASSWORD)).status).toBe(302);
  return visitor;
}

const cookieOf = (v: Visitor) => [...v.cookies].map(([k, value]) => `${k}=${value}`).join("; ");

/** A form with repeated fields (the rights of a bundle), as the browser posts it. */
async function postEntries(v: Visitor, path: string, entries: Array<[string, string]>) {
  const csrf = await v.csrfToken(path.split("?")[0]);
  return fetch(`${server.origin}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: cookieOf(v), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams([["csrf", csrf], ...entries]),
  });
}

const html = async (v: Visitor, path: string, status = 200) => {
  const response = await v.get(path);
  expect(response.status, path).toBe(status);
  const text = await response.text();
  // A missing translation shows its key: none may.
  expect(text.replace(/<script[\s\S]*?<\/script>/g, ""), path).not.toMatch(/>[^<]*\blistings\.[a-z]+\.[a-zA-Z_]+/);
  return text;
};

const countListings = async () => (await server.db.db.select({ id: listings.id }).from(listings)).length;

function auctionEntries(mode: string, preset: string, fields: Record<string, string>): Array<[string, string]> {
  return [["mode", mode], ["preset", preset], ["case", caseId], ...assetIds.map((id): [string, string] => ["asset", id]), ...Object.entries(fields)];
}

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: "always" });
  bank = await signedIn("bank@demo.ipx.example");
  operator = await signedIn("operator@demo.ipx.example");
  const [bankOrg] = await server.db.db.select().from(organisations).where(eq(organisations.kind, "bank"));
  // The demo book's cases opened first; the money seed's two later cases are sold already.
  const cases = await server.db.db.select().from(disposalCases).where(eq(disposalCases.organisationId, bankOrg!.id)).orderBy(asc(disposalCases.openedAt));
  expect(cases.length).toBe(5);
  caseId = cases[0]!.id;
  assetIds = (await server.db.db.select().from(disposalCaseAssets).where(eq(disposalCaseAssets.caseId, caseId))).map((a) => a.assetId);
  const rows = await server.db.db.select().from(ipAssets);
  registryNumbers = rows.filter((a) => assetIds.includes(a.id)).map((a) => a.registryNumber);
});
afterAll(() => server?.stop());

describe("the seller's listing pages", () => {
  it("shows the navigation and the create form's two steps, with the judicial rules in plain words", async () => {
    const list = await html(bank, "/listings");
    expect(list).toContain("我的挂牌");
    expect(list).toContain('href="/listings/new"');
    expect(list).toMatch(/<a[^>]+href="\/listings"[^>]*>我的挂牌/); // the nav entry
    const step1 = await html(bank, "/listings/new");
    expect(step1).toContain(`value="${caseId}"`);
    expect(step1).toContain("司法拍卖规则");
    const step2 = await html(bank, `/listings/new?case=${caseId}&mode=english_auction&preset=judicial`);
    expect(step2).toMatch(/起拍价不得低于评估价的 70%（¥[\d,]+\.\d\d）/);
    expect(step2).toContain("保证金：起拍价的 5% 至 20%");
    expect(step2).toContain("自公告至开始竞价不少于 30 日");
    for (const id of assetIds) expect(step2).toContain(`name="asset" value="${id}"`);
    expect((await new Visitor(server.origin).get("/listings/new")).headers.get("location")).toMatch(/^\/login/);
  });

  it("refuses a judicial auction whose start is below 70% of the appraisal, naming the rule next to the field", async () => {
    const before = await countListings();
    const now = Date.now();
    const res = await postEntries(
      bank,
      `/listings/new?case=${caseId}&mode=english_auction&preset=judicial`,
      auctionEntries("english_auction", "judicial", {
        title: "司法拍卖：测试专利包",
        region: "CN-GD",
        startPrice: "1,000.00",
        deposit: "100",
        incrementKind: "fixed",
        increment: "100",
        announceAt: beijing(now + HOUR),
        opensAt: beijing(now + HOUR + 31 * DAY),
        closesAt: beijing(now + HOUR + 32 * DAY),
        antiSnipeWindow: "5",
        antiSnipeExtension: "5",
      }),
    );
    expect(res.status).toBe(422);
    const text = await res.text();
    expect(text).toMatch(/司法拍卖规则：起拍价不得低于评估价的 70%，即 ¥[\d,]+\.\d\d。/);
    expect(text).toContain('data-rule="judicial.start_below_70"');
    expect(text).toMatch(/data-field-error="startPrice">司法拍卖规则：起拍价不得低于评估价的 70%/);
    expect(text).toContain('value="1,000.00"'); // what was typed is kept
    expect(await countListings()).toBe(before);
  });

  it("shows translated field errors for amounts and times it cannot read", async () => {
    const res = await postEntries(
      bank,
      `/listings/new?case=${caseId}&mode=english_auction&preset=private`,
      auctionEntries("english_auction", "private", { title: "私下拍卖", startPrice: "1.000,5", deposit: "10", incrementKind: "stepped", announceAt: "tomorrow", opensAt: "", closesAt: beijing(Date.now() + 9 * DAY) }),
    );
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toMatch(/data-field-error="startPrice">请填写金额/);
    expect(text).toMatch(/data-field-error="opensAt">[^<]+/);
  });

  it("creates a private auction, then the seller submits it for review", async () => {
    const before = await countListings();
    const now = Date.now();
    const res = await postEntries(
      bank,
      `/listings/new?case=${caseId}&mode=english_auction&preset=private`,
      auctionEntries("english_auction", "private", {
        title: "自主处置：光纤传感专利包 Page test bundle",
        description: "页面测试",
        region: "CN-GD",
        startPrice: "500,000.00",
        reserve: "612,345.67",
        reserveHidden: "on",
        deposit: "50,000",
        incrementKind: "stepped",
        announceAt: beijing(now + HOUR),
        opensAt: beijing(now + HOUR + 8 * DAY),
        closesAt: beijing(now + HOUR + 9 * DAY),
        antiSnipeWindow: "5",
        antiSnipeExtension: "5",
        proxyBids: "on",
      }),
    );
    expect(res.status).toBe(302);
    state.listingId = res.headers.get("location")!.match(new RegExp(`^/listings/(${UUID})\\?done=created$`))![1]!;
    expect(await countListings()).toBe(before + 1);
    const [row] = await server.db.db.select().from(listings).where(eq(listings.id, state.listingId));
    expect(row!.price).toBe(50_000_000n);
    expect(row!.status).toBe("draft");
    expect(row!.opensAt!.getTime() - row!.announceAt!.getTime()).toBe(8 * DAY);

    const page = await html(bank, `/listings/${state.listingId}?done=created`);
    expect(page).toContain("挂牌已保存为草稿");
    expect(page).toContain("¥612,345.67"); // the seller sees its own hidden reserve
    expect(page).toContain("提交审核");
    expect(await html(new Visitor(server.origin), `/listings/${state.listingId}`, 404)).not.toContain("Page test bundle");

    const list = await html(bank, "/listings");
    expect(list).toContain("Page test bundle");
    const submitted = await bank.post("/listings", { id: state.listingId, intent: "submit" });
    expect(submitted.status).toBe(302);
    expect(submitted.headers.get("location")).toBe("/listings?done=submitted");
    expect(await html(bank, "/listings?done=submitted")).toContain("审核中");
  });

  it("lets the operator reject with a reason and approve, on the review page", async () => {
    // A second listing, a licence, to be rejected.
    const now = Date.now();
    const created = await postEntries(bank, `/listings/new?case=${caseId}&mode=licence&preset=private`, [
      ["mode", "licence"], ["preset", "private"], ["case", caseId], ...assetIds.map((id): [string, string] => ["asset", id]),
      ["title", "普通许可：测试"], ["licenceKind", "non_exclusive"], ["termMonths", "36"], ["fieldOfUse", "工业传感"], ["territory", "中国大陆"],
      ["upfrontFee", "100,000"], ["royalty", "3.5"], ["minimumAnnualRoyalty", "20,000"], ["announceAt", beijing(now + HOUR)], ["closesAt", beijing(now + 30 * DAY)],
    ]);
    expect(created.status).toBe(302);
    state.rejectedId = created.headers.get("location")!.match(new RegExp(`^/listings/(${UUID})`))![1]!;
    expect((await bank.post(`/listings/${state.rejectedId}?index`, { id: state.rejectedId, intent: "submit" })).status).toBe(302);

    expect((await bank.get("/operator/listings")).status).toBe(403);
    const queue = await html(operator, "/operator/listings");
    expect(queue).toContain("Page test bundle");
    expect(queue).toContain("普通许可：测试");

    const tooShort = await operator.post("/operator/listings", { id: state.rejectedId, title: "普通许可：测试", intent: "reject", reason: "no" });
    expect(tooShort.status).toBe(400);
    expect(await tooShort.text()).toContain("理由至少 5 个字");
    const rejected = await operator.post("/operator/listings", { id: state.rejectedId, title: "普通许可：测试", intent: "reject", reason: "许可地域写得不清楚，请补充。" });
    expect(rejected.status).toBe(200);
    expect(await rejected.text()).toContain("已退回卖方");
    const sellerView = await html(bank, `/listings/${state.rejectedId}`);
    expect(sellerView).toContain("运营方驳回了该挂牌：许可地域写得不清楚，请补充。");

    const approved = await operator.post("/operator/listings", { id: state.listingId, title: "Page test bundle", intent: "approve" });
    expect(approved.status).toBe(200);
    expect(await approved.text()).toContain("已通过并公告");
    const [row] = await server.db.db.select().from(listings).where(eq(listings.id, state.listingId));
    expect(row!.status).toBe("announced");
  });

  it("shows the announced listing to an anonymous visitor, with the rights and rules but not the hidden reserve", async () => {
    const visitor = new Visitor(server.origin);
    visitor.cookies.set("ipx_lng", "en");
    const page = await html(visitor, `/listings/${state.listingId}`);
    expect(page).toContain("Page test bundle");
    expect(page).toContain("Announced");
    expect(page).toContain("¥500,000.00");
    for (const number of registryNumbers) expect(page).toContain(number);
    expect(page).toContain("consensual disposal");
    expect(page).toContain("Public notice: at least 7 days");
    expect(page).toContain("The reserve is hidden");
    expect(page).not.toContain("612,345.67");
    expect(page).not.toContain('data-testid="seller-box"');
    expect(page).toMatch(/<time dateTime="[^"]+"/);
    await html(visitor, `/listings/${state.rejectedId}`, 404);
    await html(visitor, "/listings/00000000-0000-4000-8000-000000000000", 404);
  });
});
