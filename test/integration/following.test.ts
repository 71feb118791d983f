import { and, eq, inArray, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { disposalCaseAssets, disposalCases, ipAssets, notifications, organisations, outbox, savedSearchMatches, savedSearches, users, watchlistEntries } from "../../db/schema";
import { parseConfig } from "../../server/config";
import { createLogger } from "../../server/logger";
import type { ServiceDeps } from "../../server/services/context";
import { EventBus } from "../../server/services/events";
import { FollowingService } from "../../server/services/listings/following";
import { BidService } from "../../server/services/bidding/bid-service";
import { ListingService } from "../../server/services/listings/lifecycle";
import { demoToken } from "../support/organisations";
import { type TestServer, startTestServer } from "../support/test-server";
import { Visitor, api } from "../support/visitor";

/**
 * Following: watchers hear (in-app and by e-mail) when a listing opens, closes, is withdrawn or its
 * rights change; saved searches hear once about each newly approved listing that matches them.
 */
let server: TestServer;
let bank: string;
let operator: string;
let investor: string;
let licensee: string;
let assetIds: string[];
/** The lifecycle and following services on the test's own connection and a clock the test moves. */
let clock = new Date();
let lifecycle: ListingService;
let following: FollowingService;
let bids: BidService;

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: "always" });
  [bank, operator, investor, licensee] = (await Promise.all(["bank", "operator", "investor1", "licensee"].map((who) => demoToken(server.origin, `${who}@demo.ipx.example`)))) as [string, string, string, string];
  const [bankOrg] = await server.db.db.select().from(organisations).where(eq(organisations.kind, "bank"));
  const [kase] = await server.db.db.select().from(disposalCases).where(eq(disposalCases.organisationId, bankOrg!.id)).limit(1);
  assetIds = (await server.db.db.select().from(disposalCaseAssets).where(eq(disposalCaseAssets.caseId, kase!.id))).map((a) => a.assetId);
  const config = parseConfig({ NODE_ENV: "test", DATABASE_URL: server.databaseUrl, PUBLIC_ORIGIN: server.origin, LOG_LEVEL: "silent", SESSION_SECRET: "test-secret-that-is-long-enough-0123456789" });
  const deps: ServiceDeps = { db: server.db.db, config, bus: new EventBus(), log: createLogger("silent"), now: () => clock };
  lifecycle = new ListingService(deps, () => undefined);
  following = new FollowingService(deps);
  bids = new BidService(deps);
});
afterAll(() => server?.stop());

/** An English auction by the demo bank, submitted and approved: announced, opening in 31 days. */
async function announced(title: string, ids = assetIds): Promise<{ id: string; opensAt: Date; closesAt: Date }> {
  const now = Date.now();
  const terms = { startPrice: 50_000_000, deposit: 5_000_000, increment: 500_000, announceAt: iso(now + 60_000), opensAt: iso(now + 60_000 + 31 * DAY), closesAt: iso(now + 60_000 + 32 * DAY) };
  const created = await api(server.origin, "POST", "/listings", { token: bank, body: { mode: "english_auction", preset: "private", title, assetIds: ids, terms } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body!.id as string;
  expect((await api(server.origin, "POST", `/listings/${id}/submit`, { token: bank })).status).toBe(204);
  expect((await api(server.origin, "POST", `/operator/listings/${id}/review`, { token: operator, body: { verdict: "approve" } })).body).toEqual({ status: "announced" });
  return { id, opensAt: new Date(terms.opensAt), closesAt: new Date(terms.closesAt) };
}

const userId = async (email: string) => (await server.db.db.select().from(users).where(eq(users.email, email)))[0]!.id;

async function noticesOf(email: string, kind: string, listingId: string) {
  return server.db.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, await userId(email)), eq(notifications.kind, kind), eq(notifications.link, `/listings/${listingId}`)));
}

async function mailsTo(email: string, title: string) {
  return server.db.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.recipient, email), like(outbox.subject, `%${title}%`)));
}

describe("the watchlist", () => {
  it("tells a watcher in-app and by e-mail when the listing opens and when it closes; others hear nothing", async () => {
    const title = "关注测试：储能逆变器专利 Follow test inverter patents";
    const l = await announced(title);
    expect((await api(server.origin, "PUT", `/watchlist/${l.id}`, { token: investor })).status).toBe(204);
    expect((await api(server.origin, "PUT", `/watchlist/${l.id}`, { token: investor })).status).toBe(204);
    const list = await api(server.origin, "GET", "/watchlist", { token: investor });
    expect(list.body!.items.filter((w: { listingId: string }) => w.listingId === l.id)).toEqual([
      expect.objectContaining({ listingId: l.id, title, status: "announced", price: 50_000_000, currency: "CNY", closesAt: l.closesAt.toISOString() }),
    ]);

    clock = new Date(l.opensAt.getTime() + 1_000);
    expect(await lifecycle.transition(l.id, "open")).toBe("moved");
    expect(await lifecycle.transition(l.id, "open")).toBe("skipped");
    const opened = await noticesOf("investor1@demo.ipx.example", "watched_listing_opened", l.id);
    expect(opened).toHaveLength(1);
    expect(opened[0]!.data).toEqual({ title });
    const mails = await mailsTo("investor1@demo.ipx.example", title);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain("您关注的挂牌已开始 / A listing you follow has opened");

    clock = new Date(l.closesAt.getTime() + 1_000);
    // An English auction ends with its lot's close (here without a bid: unsold).
    expect(await lifecycle.transition(l.id, "closed")).toBe("skipped");
    expect(await bids.closeLot(l.id)).toMatchObject({ closed: true });
    expect(await noticesOf("investor1@demo.ipx.example", "watched_listing_closed", l.id)).toHaveLength(1);
    expect(await mailsTo("investor1@demo.ipx.example", title)).toHaveLength(2);

    const licenseeNotices = await server.db.db.select().from(notifications).where(and(eq(notifications.userId, await userId("licensee@demo.ipx.example")), eq(notifications.link, `/listings/${l.id}`)));
    expect(licenseeNotices).toEqual([]);
    expect(await mailsTo("licensee@demo.ipx.example", title)).toEqual([]);
  });

  it("tells watchers when the seller withdraws, and hidden listings cannot be followed", async () => {
    const title = "关注测试：撤回 Follow test withdrawn";
    const l = await announced(title);
    expect((await api(server.origin, "PUT", `/watchlist/${l.id}`, { token: licensee })).status).toBe(204);
    expect((await api(server.origin, "POST", `/listings/${l.id}/withdraw`, { token: bank })).status).toBe(204);
    expect(await noticesOf("licensee@demo.ipx.example", "watched_listing_withdrawn", l.id)).toHaveLength(1);
    expect(await mailsTo("licensee@demo.ipx.example", title)).toHaveLength(1);
    expect(await noticesOf("investor1@demo.ipx.example", "watched_listing_withdrawn", l.id)).toEqual([]);

    const refused = await api(server.origin, "PUT", `/watchlist/${l.id}`, { token: investor });
    expect(refused.status).toBe(404);
    expect(refused.body!.error.code).toBe("NOT_FOUND");
    const draft = await api(server.origin, "POST", "/listings", { token: bank, body: { mode: "english_auction", preset: "private", title: "Draft, not public", assetIds, terms: { startPrice: 1_000_000, deposit: 100_000, increment: 10_000, announceAt: iso(Date.now() + 60_000), opensAt: iso(Date.now() + 31 * DAY), closesAt: iso(Date.now() + 32 * DAY) } } });
    expect((await api(server.origin, "PUT", `/watchlist/${draft.body!.id}`, { token: investor })).status).toBe(404);
    // One can always stop following, even a listing no longer public.
    expect((await api(server.origin, "DELETE", `/watchlist/${l.id}`, { token: licensee })).status).toBe(204);
    expect(await server.db.db.select().from(watchlistEntries).where(eq(watchlistEntries.listingId, l.id))).toEqual([]);
    expect((await api(server.origin, "GET", "/watchlist")).status).toBe(401);
  });
});

describe("saved searches", () => {
  it("announce a newly approved listing exactly once to the searches it matches, in Chinese and in English", async () => {
    const save = (token: string, name: string, query: Record<string, unknown>) => api(server.origin, "POST", "/saved-searches", { token, body: { name, query } });
    const chinese = await save(investor, "电池专利", { q: "电池", page: 3, sort: "newest" });
    expect(chinese.status, JSON.stringify(chinese.body)).toBe(201);
    const english = await save(licensee, "Cathodes", { q: "cathode" });
    const nothing = await save(licensee, "Blockchain", { q: "区块链" });
    const otherMode = await save(investor, "Cathode licences", { q: "cathode", modes: ["licence"] });
    const stored = await api(server.origin, "GET", "/saved-searches", { token: investor });
    // Paging and sort are not part of a saved search.
    expect(stored.body!.items.find((s: { id: string }) => s.id === chinese.body!.id).query).toEqual({ q: "电池" });
    expect((await save(investor, "", { q: "x" })).status).toBe(400);
    expect((await save(investor, "Bad", { q: "x", modes: ["barter"] })).status).toBe(400);

    const title = "钠离子电池正极专利 Sodium-ion battery cathode patents";
    const l = await announced(title);
    // The approval queued the job; the server's runner runs it.
    await expect.poll(async () => (await server.db.db.select().from(savedSearchMatches).where(eq(savedSearchMatches.listingId, l.id))).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    // Run it again, and twice at once (as two processes would): nothing new.
    expect(await following.matchSearches(l.id)).toBe(0);
    expect(await Promise.all([following.matchSearches(l.id), following.matchSearches(l.id)])).toEqual([0, 0]);

    const matched = (await server.db.db.select().from(savedSearchMatches).where(eq(savedSearchMatches.listingId, l.id))).map((m) => m.savedSearchId);
    expect(matched).toEqual(expect.arrayContaining([chinese.body!.id, english.body!.id]));
    expect(matched).not.toContain(nothing.body!.id);
    expect(matched).not.toContain(otherMode.body!.id);
    const told = await server.db.db.select().from(notifications).where(and(eq(notifications.kind, "saved_search_match"), eq(notifications.link, `/listings/${l.id}`), inArray(notifications.userId, [await userId("investor1@demo.ipx.example"), await userId("licensee@demo.ipx.example")])));
    expect(told.map((n) => n.data).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([
      { search: "Cathodes", title },
      { search: "电池专利", title },
    ]);
    expect(await mailsTo("investor1@demo.ipx.example", title)).toHaveLength(1);
    expect(await mailsTo("licensee@demo.ipx.example", title)).toHaveLength(1);
    // The seller's own organisation is not told about its own listing.
    const bankUser = await userId("bank@demo.ipx.example");
    expect(await server.db.db.select().from(notifications).where(and(eq(notifications.userId, bankUser), eq(notifications.kind, "saved_search_match")))).toEqual([]);
  });

  it("are one's own: another person's cannot be deleted, and at most 25 are kept", async () => {
    const vc = await demoToken(server.origin, "vc@demo.ipx.example");
    const mine = await api(server.origin, "POST", "/saved-searches", { token: vc, body: { name: "Graphene", query: { q: "石墨烯" } } });
    expect(mine.status).toBe(201);
    const theirs = await api(server.origin, "DELETE", `/saved-searches/${mine.body!.id}`, { token: investor });
    expect(theirs.status).toBe(404);
    expect(theirs.body!.error.code).toBe("NOT_FOUND");
    expect(await server.db.db.select().from(savedSearches).where(eq(savedSearches.id, mine.body!.id))).toHaveLength(1);
    expect((await api(server.origin, "DELETE", `/saved-searches/${mine.body!.id}`, { token: vc })).status).toBe(204);
    expect(await server.db.db.select().from(savedSearches).where(eq(savedSearches.id, mine.body!.id))).toEqual([]);

    const kept = (await api(server.origin, "GET", "/saved-searches", { token: vc })).body!.items.length;
    for (let i = kept; i < 25; i += 1) expect((await api(server.origin, "POST", "/saved-searches", { token: vc, body: { name: `Search ${i}`, query: { q: `word${i}` } } })).status).toBe(201);
    const over = await api(server.origin, "POST", "/saved-searches", { token: vc, body: { name: "One too many", query: {} } });
    expect(over.status).toBe(409);
    expect(over.body!.error.code).toBe("SAVED_SEARCH_LIMIT");
  });
});

const csv = (cells: Array<string | null>) => cells.map((c) => (c === null ? "" : /[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",");

describe("search documents follow the rights' facts", () => {
  it("after an import renames a listed right and changes its owners and description, the catalogue finds the listing by the new words only, and watchers hear", async () => {
    const [asset] = await server.db.db.select().from(ipAssets).where(inArray(ipAssets.id, assetIds)).orderBy(ipAssets.registryNumber).limit(1);
    const l = await announced("关注测试：权利变更 Follow test renamed right", [asset!.id]);
    expect((await api(server.origin, "PUT", `/watchlist/${l.id}`, { token: investor })).status).toBe(204);
    const found = async (q: string) => (await api(server.origin, "GET", `/catalogue?${new URLSearchParams({ q, pageSize: "50" })}`)).body!.items.map((i: { id: string }) => i.id);
    expect(await found(asset!.owners[0]!)).toContain(l.id);
    expect(await found("蓝鲸量子")).not.toContain(l.id);

    const header = "asset_type,registry_number,title,owners,classes,filed_on,granted_on,expires_on,legal_status,next_annuity_due,description";
    const row = csv([asset!.type, asset!.registryNumber, "蓝鲸量子储能热管理系统 Bluewhale quantum thermal storage", "蓝鲸量子科技有限公司", asset!.classes.join(";"), asset!.filedOn, asset!.grantedOn, asset!.expiresOn, asset!.legalStatus, asset!.nextAnnuityDue, "Modular thermal storage controller."]);
    const created = await api(server.origin, "POST", "/imports", { token: bank, body: { kind: "loan_book", files: [{ name: "assets.csv", content: `${header}\n${row}\n` }] } });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    await expect.poll(async () => (await api(server.origin, "GET", `/imports/${created.body!.id}`, { token: bank })).body!.status, { timeout: 15_000 }).toBe("done");

    expect(await found("蓝鲸量子")).toContain(l.id);
    expect(await found("bluewhale")).toContain(l.id);
    expect(await found(asset!.owners[0]!)).not.toContain(l.id);
    expect(await noticesOf("investor1@demo.ipx.example", "watched_listing_changed", l.id)).toHaveLength(1);
  });

  it("a registry event changing a listed right's legal status tells the watchers once an operator confirms it", async () => {
    const [asset] = await server.db.db.select().from(ipAssets).where(inArray(ipAssets.id, assetIds)).orderBy(ipAssets.registryNumber).offset(1).limit(1);
    const l = await announced("关注测试：法律状态 Follow test legal status", [asset!.id]);
    expect((await api(server.origin, "PUT", `/watchlist/${l.id}`, { token: licensee })).status).toBe(204);
    const event = { asset: { type: asset!.type, registryNumber: asset!.registryNumber }, kind: "status_change", occurredOn: "2026-01-15", source: "CNIPA", sourceRef: `follow-test-${l.id}`, newStatus: "invalidation_pending" };
    const res = await api(server.origin, "POST", "/registry-events", { token: bank, body: event });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // The bank's event is its report: nothing shared changes, nobody is told, until the operator confirms it.
    expect(await noticesOf("licensee@demo.ipx.example", "watched_listing_changed", l.id)).toHaveLength(0);
    expect((await api(server.origin, "POST", `/operator/registry-reports/${res.body!.id}/review`, { token: operator, body: { verdict: "confirm" } })).body).toEqual({ status: "confirmed" });
    expect(await noticesOf("licensee@demo.ipx.example", "watched_listing_changed", l.id)).toHaveLength(1);
    // The same event again is a duplicate: no second notice.
    await api(server.origin, "POST", "/registry-events", { token: bank, body: event });
    expect(await noticesOf("licensee@demo.ipx.example", "watched_listing_changed", l.id)).toHaveLength(1);
  });
});

describe("the pages", () => {
  async function signedIn(email: string, locale: "zh" | "en") {
    const visitor = new Visitor(server.origin);
    visitor.cookies.set("ipx_lng", locale);
    expect((await visitor.login(email, DEMO_PASSWORD)).status).toBe(302);
    return visitor;
  }
  const html = async (v: Visitor, path: string) => {
    const response = await v.get(path);
    expect(response.status, path).toBe(200);
    const text = await response.text();
    // A missing translation shows its key: none may.
    expect(text.replace(/<script[\s\S]*?<\/script>/g, ""), path).not.toMatch(/>[^<]*\b(following|notifications|catalogue)\.[a-zA-Z_.-]+/);
    return text;
  };

  it("show the demo fund's watchlist and saved search in both languages", async () => {
    const zh = await html(await signedIn("vc@demo.ipx.example", "zh"), "/following");
    expect(zh).toContain("关注的挂牌");
    expect(zh).toContain("电池专利 Battery patents");
    expect(zh).toContain("“电池”");
    expect(zh).toContain('href="/catalogue?q=%E7%94%B5%E6%B1%A0&amp;assetTypes=patent_invention&amp;assetTypes=patent_utility_model"');
    expect(zh).toContain('href="/following"');
    const en = await html(await signedIn("vc@demo.ipx.example", "en"), "/following");
    expect(en).toContain("Listings you follow");
    expect(en).toContain("Saved searches");
    expect((en.match(/value="unwatch"/g) ?? []).length).toBe(2);
    const empty = await html(await signedIn("owner@demo.ipx.example", "en"), "/following");
    expect(empty).toContain('data-testid="watchlist-empty"');
    expect(empty).toContain('data-testid="searches-empty"');
  });

  it("follow from the listing page and save a search from the catalogue, without JavaScript", async () => {
    const l = await announced("关注测试：页面 Follow test page");
    const anonymous = await html(new Visitor(server.origin), `/listings/${l.id}`);
    expect(anonymous).toContain("登录后关注");
    const owner = await signedIn("owner@demo.ipx.example", "zh");
    expect(await html(owner, `/listings/${l.id}`)).toContain("关注");
    const followed = await owner.post("/following", { intent: "watch", listingId: l.id, redirectTo: `/listings/${l.id}` });
    expect(followed.status).toBe(302);
    expect(followed.headers.get("location")).toBe(`/listings/${l.id}?done=watching`);
    expect(await html(owner, `/listings/${l.id}`)).toContain("取消关注");
    // Only same-origin paths: anything else goes to the Following page.
    const elsewhere = await owner.post("/following", { intent: "unwatch", listingId: l.id, redirectTo: "//evil.example/x" });
    expect(elsewhere.headers.get("location")).toBe("/following?done=unwatched");

    expect(await html(owner, "/catalogue?q=电池")).toContain('value="save-search"');
    expect(await html(new Visitor(server.origin), "/catalogue?q=电池")).toContain("登录后保存此搜索");
    const saved = await owner.post("/following", { intent: "save-search", name: "电池", search: "q=电池&modes=licence&page=2", redirectTo: "/catalogue?q=电池" });
    expect(saved.headers.get("location")).toBe(`/catalogue?q=${encodeURIComponent("电池")}&done=search-saved`);
    const [row] = await server.db.db.select().from(savedSearches).where(eq(savedSearches.userId, await userId("owner@demo.ipx.example")));
    expect(row!.query).toEqual({ q: "电池", modes: ["licence"] });
    const unnamed = await owner.post("/following", { intent: "save-search", name: " ", search: "q=x", redirectTo: "/catalogue" });
    expect(unnamed.headers.get("location")).toBe("/catalogue?error=INVALID");
  });

  it("the inbox words the notices", async () => {
    const text = await html(await signedIn("investor1@demo.ipx.example", "en"), "/notifications");
    expect(text).toContain("which you follow, is now open.");
    expect(text).toContain("New listing for your saved search “电池专利”");
  });
});
