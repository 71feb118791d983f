import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { auditEvents, disposalCases, listingAssets, listings, organisations } from "../../db/schema";
import { formatMajor } from "../../server/domain/money";
import { TEST_PASSWORD, demoToken, verifiedOrganisation } from "../support/organisations";
import { type TestServer, startTestServer } from "../support/test-server";
import { Visitor, api } from "../support/visitor";

/**
 * Editing a draft, as a browser without JavaScript does it: the operator rejects the bank's judicial
 * auction, the bank opens the edit form (prefilled from the stored listing), fixes the start price and the
 * title, resubmits, and the operator approves; the catalogue then finds the new title. An edit that breaks
 * a judicial bound, another bank, and a listing past draft change nothing.
 */
let server: TestServer;
let bank: Visitor;
let other: Visitor;
let bankToken: string;
let operatorToken: string;
let otherToken: string;
let caseId: string;
const state = { id: "", start: 0n, body: {} as Record<string, unknown> };

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const beijing = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 16);
const yuan = (minor: bigint) => formatMajor(minor, "CNY");
const cookieOf = (v: Visitor) => [...v.cookies].map(([k, value]) => `${k}=${value}`).join("; ");
const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const attrs = (tag: string) => Object.fromEntries([...tag.matchAll(/([\w-]+)(?:="([^"]*)")?/g)].slice(1).map((m) => [m[1]!, decode(m[2] ?? "")]));

/** What a browser posts from the page's terms form (the one with a title field): inputs, ticked boxes, chosen options. */
function formEntries(html: string): { action: string; entries: Array<[string, string]> } {
  const form = [...html.matchAll(/<form([^>]*)>([\s\S]*?)<\/form>/g)].find((m) => m[2]!.includes('name="title"'));
  if (!form) throw new Error("no terms form on the page");
  const entries: Array<[string, string]> = [];
  for (const [tag] of form[2]!.matchAll(/<input[^>]*>/g)) {
    const a = attrs(tag);
    if (!a.name || (a.type === "checkbox" && !("checked" in a))) continue;
    entries.push([a.name, a.type === "checkbox" ? (a.value ?? "on") || "on" : (a.value ?? "")]);
  }
  for (const [, tag, options] of form[2]!.matchAll(/<select([^>]*)>([\s\S]*?)<\/select>/g)) {
    const chosen = [...options!.matchAll(/<option([^>]*)>/g)].map((o) => attrs(`<option${o[1]}`)).find((o) => "selected" in o);
    entries.push([attrs(`<select${tag}`).name!, chosen?.value ?? ""]);
  }
  return { action: attrs(`<form${form[1]}`).action!, entries };
}

const withValues = (entries: Array<[string, string]>, changes: Record<string, string>) => entries.map(([k, v]): [string, string] => [k, k in changes ? changes[k]! : v]);
const valueOf = (entries: Array<[string, string]>, name: string) => entries.find(([k]) => k === name)?.[1];

async function postEntries(v: Visitor, path: string, entries: Array<[string, string]>) {
  return fetch(`${server.origin}${path}`, { method: "POST", redirect: "manual", headers: { cookie: cookieOf(v), "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(entries) });
}

const html = async (v: Visitor, path: string, status = 200) => {
  const response = await v.get(path);
  expect(response.status, path).toBe(status);
  const text = await response.text();
  // A missing translation shows its key: none may.
  expect(text.replace(/<script[\s\S]*?<\/script>/g, ""), path).not.toMatch(/>[^<]*\b(listings\.[a-z]+\.[a-zA-Z_]+|errors\.[A-Z_]+)/);
  return text;
};

async function signedIn(email: string, password: string, language: "zh" | "en") {
  const visitor = new Visitor(server.origin);
  visitor.cookies.set("ipx_lng", language);
  expect((await visitor.login(email, password)).status).toBe(302);
  return visitor;
}

const row = async () => (await server.db.db.select().from(listings).where(eq(listings.id, state.id)))[0]!;
const edits = async () => (await server.db.db.select().from(auditEvents).where(and(eq(auditEvents.action, "listing.edited"), eq(auditEvents.subjectId, state.id)))).length;
/** The listing's content, without the bookkeeping an edit or a review touches. */
const content = async () => {
  const { updatedAt: _u, status: _s, reviewReason: _r, reviewedBy: _b, ...rest } = await row();
  return rest;
};
const found = async (q: string) => ((await api(server.origin, "GET", `/catalogue?${new URLSearchParams({ q, pageSize: "50" })}`)).body!.items as Array<{ id: string }>).map((i) => i.id);

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: "always" });
  bank = await signedIn("bank@demo.ipx.example", DEMO_PASSWORD, "zh");
  bankToken = await demoToken(server.origin, "bank@demo.ipx.example");
  operatorToken = await demoToken(server.origin, "operator@demo.ipx.example");
  const second = await verifiedOrganisation(server.origin, "bank", "second.bank@edit.test", "第二银行 Second Bank");
  otherToken = second.token;
  other = await signedIn("second.bank@edit.test", TEST_PASSWORD, "en");
  // A case on its first attempt with an appraisal: the judicial bounds rest on it.
  const [bankOrg] = await server.db.db.select().from(organisations).where(eq(organisations.kind, "bank"));
  for (const kase of await server.db.db.select().from(disposalCases).where(eq(disposalCases.organisationId, bankOrg!.id))) {
    const view = await api(server.origin, "GET", `/disposal-cases/${kase.id}`, { token: bankToken });
    if (view.body!.appraisal !== null && view.body!.attempts.every((a: { status: string }) => a.status !== "unsold")) caseId ??= kase.id;
  }
  expect(caseId).toBeDefined();
});
afterAll(() => server?.stop());

describe("editing a rejected draft", () => {
  it("the bank lists a judicial auction through the create form and the operator rejects it with a reason", async () => {
    const step2 = await html(bank, `/listings/new?case=${caseId}&mode=english_auction&preset=judicial`);
    const { action, entries } = formEntries(step2);
    const now = Date.now();
    const created = await postEntries(
      bank,
      action,
      withValues(entries, { title: "司法拍卖 Originalwording 专利包", announceAt: beijing(now + 2 * HOUR), opensAt: beijing(now + 2 * HOUR + 31 * DAY), closesAt: beijing(now + 2 * HOUR + 32 * DAY) }),
    );
    expect(created.status).toBe(302);
    state.id = created.headers.get("location")!.match(new RegExp(`^/listings/(${UUID})\\?done=created$`))![1]!;
    state.start = (await row()).price;
    expect(valueOf(entries, "startPrice")).toBe(yuan(state.start)); // the preset's lowest start: 70% of the appraisal

    expect((await bank.post(`/listings/${state.id}?index`, { id: state.id, intent: "submit" })).status).toBe(302);
    const rejected = await api(server.origin, "POST", `/operator/listings/${state.id}/review`, { token: operatorToken, body: { verdict: "reject", reason: "起拍价偏低，请按评估价的八成起拍。" } });
    expect(rejected.body).toEqual({ status: "draft" });

    const page = await html(bank, `/listings/${state.id}`);
    expect(page).toContain("运营方驳回了该挂牌：起拍价偏低，请按评估价的八成起拍。");
    expect(page).toMatch(new RegExp(`<a[^>]+href="/listings/${state.id}/edit"[^>]*>修改草稿`));
  });

  it("shows the edit form prefilled from the stored listing, with the rights, mode, preset and case fixed", async () => {
    const page = await html(bank, `/listings/${state.id}/edit`);
    expect(page).toContain("修改挂牌草稿");
    expect(page).toContain("起拍价偏低，请按评估价的八成起拍。");
    expect(page).toMatch(/起拍价不得低于评估价的 70%（¥[\d,]+\.\d\d）/); // the rules rest on the appraisal, as on the create form
    expect(page).not.toContain("更改权利、方式或规则"); // no way back to step 1 here
    const { action, entries } = formEntries(page);
    expect(action).toBe(`/listings/${state.id}/edit`);
    const stored = await row();
    const terms = stored.terms as Record<string, unknown>;
    expect(Object.fromEntries(entries)).toMatchObject({
      mode: "english_auction",
      preset: "judicial",
      case: caseId,
      title: "司法拍卖 Originalwording 专利包",
      startPrice: yuan(stored.price),
      deposit: yuan(BigInt(terms.deposit as number)),
      announceAt: beijing(stored.announceAt!.getTime()),
      opensAt: beijing(stored.opensAt!.getTime()),
      closesAt: beijing(stored.closesAt!.getTime()),
      antiSnipeWindow: "5",
      incrementKind: "fixed",
    });
    const assets = (await server.db.db.select().from(listingAssets).where(eq(listingAssets.listingId, state.id))).map((a) => a.assetId).sort();
    expect(entries.filter(([k]) => k === "asset").map(([, v]) => v).sort()).toEqual(assets);

    bank.cookies.set("ipx_lng", "en");
    const english = await html(bank, `/listings/${state.id}/edit`);
    bank.cookies.set("ipx_lng", "zh");
    expect(english).toContain("Edit draft listing");
    expect(english).toMatch(/The start must be at least 70% of the appraisal \([^)]*\d\.\d\d\)/);
  });

  it("refuses an edit that breaks a judicial bound, naming the rule, and changes nothing (page and API)", async () => {
    const before = await content();
    const { entries } = formEntries(await html(bank, `/listings/${state.id}/edit`));
    const tooLow = yuan((state.start * 6n) / 10n);
    const res = await postEntries(bank, `/listings/${state.id}/edit`, withValues(entries, { startPrice: tooLow, title: "不应保存的标题" }));
    expect(res.status).toBe(422);
    const text = await res.text();
    expect(text).toContain('data-rule="judicial.start_below_70"');
    expect(text).toMatch(/data-field-error="startPrice">司法拍卖规则：起拍价不得低于评估价的 70%/);
    expect(text).toContain(`value="${tooLow}"`); // what was typed is kept

    const body = { mode: "english_auction", preset: "judicial", title: "API edit", assetIds: entries.filter(([k]) => k === "asset").map(([, v]) => v), disposalCaseId: caseId, terms: { ...(before.terms as object), deposit: Number(state.start / 50n) } };
    const put = await api(server.origin, "PUT", `/listings/${state.id}`, { token: bankToken, body });
    expect(put.status).toBe(422);
    expect(put.body!.error.code).toBe("PRESET_VIOLATION");
    expect(put.body!.error.details.violations.map((v: { rule: string }) => v.rule)).toEqual(["judicial.deposit_range"]);
    const invalid = await api(server.origin, "PUT", `/listings/${state.id}`, { token: bankToken, body: { ...body, terms: { ...(before.terms as object), startPrice: -1 } } });
    expect(invalid.status).toBe(400);
    expect(invalid.body!.error.code).toBe("INVALID");
    state.body = body;

    expect(await content()).toEqual(before);
    expect(await edits()).toBe(0);
  });

  it("another bank gets 404 on the page, the action and PUT /listings/{id}, and nothing changes", async () => {
    const before = await content();
    const { entries } = formEntries(await html(bank, `/listings/${state.id}/edit`));
    await html(other, `/listings/${state.id}/edit`, 404);
    const csrf = await other.csrfToken("/listings");
    const posted = await postEntries(other, `/listings/${state.id}/edit`, withValues(entries, { csrf, title: "Taken over" }));
    expect(posted.status).toBe(404);
    const put = await api(server.origin, "PUT", `/listings/${state.id}`, { token: otherToken, body: { ...state.body, terms: before.terms } });
    expect(put.status).toBe(404);
    expect(put.body!.error.code).toBe("NOT_FOUND");
    expect(await content()).toEqual(before);
    expect(await edits()).toBe(0);
  });

  it("saves the fixed start price and the new title, keeps the rest, and tells the seller", async () => {
    const before = await content();
    const { entries } = formEntries(await html(bank, `/listings/${state.id}/edit`));
    const fixed = (state.start * 8n) / 7n; // 80% of the appraisal
    const res = await postEntries(bank, `/listings/${state.id}/edit`, withValues(entries, { startPrice: yuan(fixed), title: "司法拍卖 Reworded 修订专利包" }));
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/listings/${state.id}?done=edited`);
    expect(await html(bank, `/listings/${state.id}?done=edited`)).toContain("草稿已保存。准备好后请重新提交审核。");

    const after = await row();
    expect(after.status).toBe("draft");
    expect(after.price).toBe(fixed);
    expect(after.title).toBe("司法拍卖 Reworded 修订专利包");
    expect(after.reviewReason).toBe("起拍价偏低，请按评估价的八成起拍。"); // an edit clears nothing else
    const { price: _p, title: _t, terms, searchText: _x, searchTokens: _y, ...rest } = await content();
    const { price: _bp, title: _bt, terms: beforeTerms, searchText: _bx, searchTokens: _by, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
    expect(terms).toEqual({ ...(beforeTerms as object), startPrice: Number(fixed) });
    expect(await edits()).toBe(1);
  });

  it("the bank resubmits, and a listing in review or announced cannot be edited (409)", async () => {
    expect((await bank.post(`/listings/${state.id}?index`, { id: state.id, intent: "submit" })).status).toBe(302);
    const { entries } = formEntries(await html(bank, `/listings/new?case=${caseId}&mode=english_auction&preset=judicial`));
    const before = await content();
    await html(bank, `/listings/${state.id}/edit`, 404);
    const posted = await postEntries(bank, `/listings/${state.id}/edit`, entries);
    expect(posted.status).toBe(409);
    const inReview = await api(server.origin, "PUT", `/listings/${state.id}`, { token: bankToken, body: { ...state.body, terms: before.terms } });
    expect(inReview.status).toBe(409);
    expect(inReview.body!.error).toMatchObject({ code: "WRONG_STATUS", details: { status: "in_review" } });

    expect((await api(server.origin, "POST", `/operator/listings/${state.id}/review`, { token: operatorToken, body: { verdict: "approve" } })).body).toEqual({ status: "announced" });
    const announced = await api(server.origin, "PUT", `/listings/${state.id}`, { token: bankToken, body: { ...state.body, terms: before.terms } });
    expect(announced.status).toBe(409);
    expect(announced.body!.error).toMatchObject({ code: "WRONG_STATUS", details: { status: "announced" } });
    expect(await content()).toEqual(before);
    expect(await html(bank, `/listings/${state.id}`)).not.toContain(`/listings/${state.id}/edit`);
  });

  it("the catalogue finds the approved listing by its new title, not by the old one", async () => {
    expect(await found("Reworded")).toContain(state.id);
    expect(await found("修订专利包")).toContain(state.id);
    expect(await found("Originalwording")).not.toContain(state.id);
  });
});
