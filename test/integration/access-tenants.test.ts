import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoToken, verifiedOrganisation } from "../support/organisations";
import { verifiedBidders } from "../support/lots";
import { type Schema, sampleOf } from "../support/schema-sample";
import { StripeStandIn } from "../support/stripe-stand-in";
import { type TestServer, startTestServer } from "../support/test-server";
import { Visitor, api } from "../support/visitor";
import { DEMO_PASSWORD } from "../../db/seed/demo";

/**
 * The outside tenant probe kept in CI: every API operation with path parameters, read from the OpenAPI
 * document at run time, called by a rival bank and by an unrelated investor with the demo organisations'
 * own ids. Outside the caller's scope the answer is 404 (403 when its role lacks the permission), it is the
 * same answer as for an id that does not exist, and it carries none of the private resource's contents.
 */

type Kind =
  | "apiToken" | "session" | "invitation" | "member" | "organisation" | "loan" | "asset" | "document" | "alert" | "notification"
  | "disposalCase" | "importJob" | "listing" | "listingDocument" | "listingIntent" | "licenceApplication" | "equityProposal"
  | "savedSearch" | "lotDeposit" | "settlement" | "distribution" | "payment" | "bankReceipt" | "licenceAgreement" | "royaltyReport"
  | "payout" | "riskShare" | "valuation" | "registryReport";

/**
 * Which resource a path parameter names, by the path it sits in (first match wins). A new operation under a
 * known prefix is covered without a change; one under a new prefix fails until it is added here.
 */
const PATH_PARAMS: Array<[RegExp, string, Kind]> = [
  [/^\/auth\/tokens\//, "id", "apiToken"],
  [/^\/auth\/sessions\//, "id", "session"],
  [/^\/organisation\/invitations\//, "id", "invitation"],
  [/^\/organisation\/members\//, "userId", "member"],
  [/^\/operator\/verifications\//, "id", "organisation"],
  [/^\/operator\/registry-reports\//, "id", "registryReport"],
  [/^\/(recoveries\/)?loans\//, "id", "loan"],
  [/^\/assets\//, "id", "asset"],
  [/^\/documents\//, "id", "document"],
  [/^\/alerts\//, "id", "alert"],
  [/^\/notifications\//, "id", "notification"],
  [/^\/disposal-cases\//, "id", "disposalCase"],
  [/^\/imports\//, "id", "importJob"],
  [/^\/listings\/\{id\}\/documents\/\{documentId\}/, "documentId", "listingDocument"],
  [/^\/(operator\/)?listings\//, "id", "listing"],
  [/^\/watchlist\//, "listingId", "listing"],
  [/^\/lots\/\{id\}\/priority-rights\/\{organisationId\}/, "organisationId", "organisation"],
  [/^\/lots\//, "id", "listing"],
  [/^\/operator\/intents\//, "id", "listingIntent"],
  [/^\/licence-applications\//, "id", "licenceApplication"],
  [/^\/equity-proposals\//, "id", "equityProposal"],
  [/^\/saved-searches\//, "id", "savedSearch"],
  [/^\/operator\/lot-deposits\//, "id", "lotDeposit"],
  [/^\/settlements\//, "id", "settlement"],
  [/^\/distributions\//, "id", "distribution"],
  [/^\/payments\//, "id", "payment"],
  [/^\/operator\/bank-receipts\//, "id", "bankReceipt"],
  [/^\/licence-agreements\/\{id\}\/royalty-reports\/\{reportId\}/, "reportId", "royaltyReport"],
  [/^\/licence-agreements\//, "id", "licenceAgreement"],
  [/^\/payouts\//, "id", "payout"],
];

/** Ids inside request bodies that name a resource get the demo organisations' ids too, so a body cannot smuggle one in. */
const BODY_IDS: Record<string, Kind> = { documentId: "document", riskShareId: "riskShare", paymentId: "payment", valuationId: "valuation", assetIds: "asset", disposalCaseId: "disposalCase" };

/**
 * Operations any verified organisation may use with success on a PUBLIC listing or lot (never on a private one,
 * which the first pass shows): public reads, following it, and taking part in its sale.
 */
const OPEN_ON_PUBLIC = new Set([
  // The published lot and its bid history: the room anyone may watch.
  "get /lots/{id}",
  "get /lots/{id}/bids",
  // The data room's index and its open documents (NDA documents after accepting the NDA, which anyone may).
  "get /listings/{id}/documents",
  "get /listings/{id}/documents/{documentId}/content",
  "post /listings/{id}/nda",
  // Following a listing, on the caller's own watchlist.
  "put /watchlist/{listingId}",
  "delete /watchlist/{listingId}",
  // Registering to bid, paying the deposit by card, and reading back the caller's own registration.
  "post /lots/{id}/deposits",
  "post /lots/{id}/deposits/card",
  "get /lots/{id}/deposits/mine",
  // The caller's own offers on the listing (a participant sees its own, never the others').
  "get /listings/{id}/offers",
]);

/**
 * Operations that act on the caller's own rows keyed by someone else's id and succeed for any id alike, so
 * their answer tells nothing (the oracle check below still holds them to the unknown id's answer).
 */
const SAME_FOR_ANY_ID = new Set([
  // Unwatching: removes the caller's own watchlist entry if there is one, 204 either way.
  "delete /watchlist/{listingId}",
]);

type Operation = { key: string; method: string; path: string; permission: string; params: string[]; body?: Schema };
type Caller = { name: string; token: string; permissions: string[] };
type Answer = { status: number; code: string | undefined; text: string };

let server: TestServer;
let stripe: StripeStandIn;
let operations: Operation[];
let callers: Caller[];
/** Tokens of the demo organisations that own what is probed. */
let owners: string[];
const privateIds = {} as Record<Kind, string>;
const secrets: string[] = [];
/** The same ids, but the listing (and its data-room document) of a published listing of the bank. */
let publicIds: Record<Kind, string>;
let inReviewListingId: string;

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return (await server.db.db.execute(query)) as unknown as T[];
}

async function one<T>(label: string, query: ReturnType<typeof sql>): Promise<T> {
  const [row] = await rows<T>(query);
  if (!row) throw new Error(`the demo data holds no ${label}: seed one or create it in beforeAll`);
  return row;
}

/** An API call that waits out the per-token rate limit instead of reporting it. */
async function call(method: string, path: string, token: string, body: unknown): Promise<Answer> {
  const res = await api(server.origin, method, path, { token, body, patient: true });
  return { status: res.status, code: res.body?.error?.code as string | undefined, text: res.text };
}

function kindOf(op: { path: string; key: string }, param: string): Kind {
  const rule = PATH_PARAMS.find(([pattern, name]) => pattern.test(op.path) && name === param);
  if (!rule) throw new Error(`${op.key}: path parameter {${param}} names no known resource; add it to PATH_PARAMS in access-tenants.test.ts`);
  return rule[2];
}

/** The operation's URL and body with every id taken from `ids`. */
function request(op: Operation, ids: Record<Kind, string>): { path: string; body: unknown } {
  const path = op.path.replace(/\{(\w+)\}/g, (_, param: string) => {
    const id = ids[kindOf(op, param)];
    if (!id) throw new Error(`${op.key}: no ${kindOf(op, param)} id was collected for {${param}}; collect one in collectPrivateIds`);
    return id;
  });
  const idFor = (field: string) => (BODY_IDS[field] ? ids[BODY_IDS[field]] : undefined);
  return { path, body: op.body ? sampleOf(op.body, idFor, op.key) : op.method === "GET" ? undefined : {} };
}

/** The operation's URL with ids that exist nowhere. */
function unknownPath(op: Operation): string {
  return op.path.replace(/\{\w+\}/g, () => crypto.randomUUID());
}

/** Runs `work` over `items`, a few at a time: the machine is shared. */
async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>, width = 4) {
  const queue = [...items];
  await Promise.all(Array.from({ length: width }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}

/** What the demo has no instance of yet, made by the demo organisations themselves: an intent, an equity proposal, a royalty report. */
async function createOffers(bankOrg: string) {
  const listingOf = async (mode: string) => (await one<{ id: string }>(`${mode} listing`, sql`select id from listings where organisation_id = ${bankOrg} and mode = ${mode} and status in ('announced', 'open') limit 1`)).id;
  const must = (label: string, res: { status: number; text: string }) => {
    if (res.status >= 300) throw new Error(`${label}: ${res.status} ${res.text}`);
  };
  const investor = await demoToken(server.origin, "investor1@demo.ipx.example");
  must("intent", await api(server.origin, "POST", `/listings/${await listingOf("listed_transfer")}/intents`, { token: investor }));
  const vc = await demoToken(server.origin, "vc@demo.ipx.example");
  const proposal = { targetCompanyName: "Private Target Optics Ltd", targetCreditCode: "91440300MA5FDM99XB", agreedValue: 75_000_000, equityBps: 1_500, valuationAppraiser: "中联资产评估", valuationDate: "2026-09-30" };
  must("equity proposal", await api(server.origin, "POST", `/listings/${await listingOf("equity")}/equity-proposals`, { token: vc, body: proposal }));
  secrets.push(proposal.targetCompanyName, proposal.targetCreditCode);
  const licensee = await demoToken(server.origin, "licensee@demo.ipx.example");
  const agreement = await one<{ id: string; starts_on: string; ends_on: string }>(
    "licence agreement",
    sql`select id, starts_on::text, (starts_on + 89)::text as ends_on from licence_agreements limit 1`,
  );
  const report = { periodStart: agreement.starts_on, periodEnd: agreement.ends_on, netSales: 123_456_789 };
  must("royalty report", await api(server.origin, "POST", `/licence-agreements/${agreement.id}/royalty-reports`, { token: licensee, body: report }));
}

async function collectPrivateIds(bankOrg: string) {
  const loan = await one<{ id: string; reference: string }>(
    "loan of the bank in recovery",
    sql`select id, reference from loans l where organisation_id = ${bankOrg} and exists (select 1 from disposal_cases c where c.loan_id = l.id) limit 1`,
  );
  const asset = await one<{ id: string; title: string; registry_number: string }>(
    "asset of the bank outside every listing",
    sql`select id, title, registry_number from ip_assets a where registered_by = ${bankOrg} and not exists (select 1 from listing_assets la where la.asset_id = a.id) limit 1`,
  );
  const draft = await one<{ id: string; title: string }>("draft listing of the bank", sql`select id, title from listings where organisation_id = ${bankOrg} and status = 'draft' limit 1`);
  const inReview = await one<{ id: string; title: string }>("listing of the bank in review", sql`select id, title from listings where organisation_id = ${bankOrg} and status = 'in_review' limit 1`);
  inReviewListingId = inReview.id;
  const payment = await one<{ reference: string }>("payment", sql`select reference from payments limit 1`);
  const member = await one<{ email: string }>("member of the bank", sql`select u.email from users u join memberships m on m.user_id = u.id where m.organisation_id = ${bankOrg} and m.role = 'member' limit 1`);
  const missing: string[] = [];
  const pick = async (kind: Kind, label: string, query: ReturnType<typeof sql>) => {
    const [row] = await rows<{ id: string }>(query);
    if (row) privateIds[kind] = row.id;
    else missing.push(label);
  };
  Object.assign(privateIds, { loan: loan.id, asset: asset.id, listing: draft.id, organisation: bankOrg });
  secrets.push(loan.reference, asset.title, asset.registry_number, draft.title, inReview.title, payment.reference, member.email);
  await pick("alert", "alert on a bank loan", sql`select a.id from alerts a join loans l on l.id = a.loan_id where l.organisation_id = ${bankOrg} limit 1`);
  await pick("disposalCase", "disposal case", sql`select id from disposal_cases where organisation_id = ${bankOrg} limit 1`);
  await pick("member", "member of the bank", sql`select user_id as id from memberships where organisation_id = ${bankOrg} and role = 'member' limit 1`);
  await pick("apiToken", "API token of the bank", sql`select id from api_tokens where organisation_id = ${bankOrg} limit 1`);
  await pick("session", "session in the bank", sql`select id from sessions where active_organisation_id = ${bankOrg} limit 1`);
  await pick("invitation", "invitation of the bank", sql`select id from invitations where organisation_id = ${bankOrg} limit 1`);
  await pick("notification", "notification of the bank", sql`select id from notifications where organisation_id = ${bankOrg} limit 1`);
  await pick("importJob", "import job of the bank", sql`select id from import_jobs where organisation_id = ${bankOrg} limit 1`);
  await pick("savedSearch", "saved search of the bank", sql`select id from saved_searches where organisation_id = ${bankOrg} limit 1`);
  await pick("listingIntent", "listing intent", sql`select id from listing_intents limit 1`);
  await pick("licenceApplication", "licence application", sql`select id from licence_applications limit 1`);
  await pick("equityProposal", "equity proposal", sql`select id from equity_proposals limit 1`);
  await pick("lotDeposit", "lot deposit", sql`select id from lot_deposits limit 1`);
  await pick("settlement", "settlement", sql`select id from settlements limit 1`);
  await pick("distribution", "distribution", sql`select id from distributions limit 1`);
  await pick("payment", "payment", sql`select id from payments limit 1`);
  await pick("bankReceipt", "bank receipt", sql`select id from bank_receipts limit 1`);
  await pick("licenceAgreement", "licence agreement", sql`select id from licence_agreements limit 1`);
  await pick("royaltyReport", "royalty report", sql`select id from royalty_reports where licence_agreement_id = ${privateIds.licenceAgreement} limit 1`);
  await pick("payout", "payout", sql`select id from payouts limit 1`);
  await pick("riskShare", "risk share", sql`select id from risk_shares limit 1`);
  await pick("registryReport", "registry report of the bank", sql`select id from registry_events where recorded_by = ${bankOrg} and status = 'reported' limit 1`);
  await pick("valuation", "valuation of the bank", sql`select id from valuations where organisation_id = ${bankOrg} limit 1`);
  if (missing.length > 0) throw new Error(`the demo data holds no ${missing.join(", ")}: seed them or create them in beforeAll`);
  const open = await one<{ id: string; document_id: string }>(
    "public listing with a data room",
    sql`select l.id, d.document_id from listings l join listing_documents d on d.listing_id = l.id where l.organisation_id = ${bankOrg} and l.status in ('announced', 'open') order by l.mode = 'english_auction' desc limit 1`,
  );
  publicIds = { ...privateIds, listing: open.id, listingDocument: open.document_id };
}

/** Files of the bank's own: an appraisal in its book, and an NDA document in the data room of its draft listing. */
async function addPrivateDocuments(bankToken: string) {
  const pdf = Buffer.from("%PDF-1.4\n%%EOF\n").toString("base64");
  const upload = async (assetId: string, filename: string) => {
    const res = await api(server.origin, "POST", `/assets/${assetId}/documents`, { token: bankToken, body: { filename, kind: "appraisal_report", contentBase64: pdf } });
    if (res.status !== 201) throw new Error(`upload ${filename}: ${res.status} ${res.text}`);
    secrets.push(filename);
    return res.body!.id as string;
  };
  privateIds.document = await upload(privateIds.asset, "private-appraisal-of-the-demo-bank.pdf");
  const draftAsset = await one<{ id: string }>("right of the draft listing", sql`select asset_id as id from listing_assets where listing_id = ${privateIds.listing} limit 1`);
  const roomDocument = await upload(draftAsset.id, "private-data-room-of-the-draft.pdf");
  const title = "Private data room title of the draft";
  const attached = await api(server.origin, "POST", `/listings/${privateIds.listing}/documents`, { token: bankToken, body: { access: "nda", title, documentId: roomDocument } });
  if (attached.status !== 201) throw new Error(`attach to the draft's data room: ${attached.status} ${attached.text}`);
  privateIds.listingDocument = roomDocument;
  secrets.push(title);
  publicIds.document = privateIds.document;
}

beforeAll(async () => {
  // Card payments configured, so their operations reach the scope check instead of answering CARD_UNAVAILABLE.
  stripe = await new StripeStandIn().start();
  server = await startTestServer({ ...stripe.env(), SEED_DEMO: "always" });
  const doc = (await (await fetch(`${server.origin}/api/v1/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { "x-permission": string; parameters: Array<{ name: string; in: string }>; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .map(([method, op]) => ({
        key: `${method} ${path}`,
        method: method.toUpperCase(),
        path,
        permission: op["x-permission"],
        params: op.parameters.filter((p) => p.in === "path").map((p) => p.name),
        body: op.requestBody?.content["application/json"]?.schema,
      }))
      .filter((op) => op.params.length > 0),
  );
  const bankToken = await demoToken(server.origin, "bank@demo.ipx.example");
  const bankOrg = (await one<{ id: string }>("demo bank", sql`select m.organisation_id as id from memberships m join users u on u.id = m.user_id where u.email = 'bank@demo.ipx.example'`)).id;
  const invitee = "private-invitee@bank.example";
  const search = "Private watch of the demo bank";
  const book = "private-book-of-the-demo-bank.csv";
  await api(server.origin, "POST", "/organisation/invitations", { token: bankToken, body: { email: invitee, role: "member" } });
  await api(server.origin, "POST", "/saved-searches", { token: bankToken, body: { name: search, query: {} } });
  await api(server.origin, "POST", "/imports", { token: bankToken, body: { kind: "loan_book", files: [{ name: book, content: "reference\n" }] } });
  secrets.push(invitee, search, book);
  await new Visitor(server.origin).login("bank@demo.ipx.example", DEMO_PASSWORD);
  await createOffers(bankOrg);
  await collectPrivateIds(bankOrg);
  await addPrivateDocuments(bankToken);
  const demo = ["bank", "investor1", "investor2", "vc", "licensee", "guarantor", "fund", "insurer", "owner", "operator"];
  owners = await Promise.all(demo.map((name) => demoToken(server.origin, `${name}@demo.ipx.example`)));
  const rival = await verifiedOrganisation(server.origin, "bank", "rival@tenant-probe.example");
  const [investor] = await verifiedBidders(server.origin, 1, "tenant-probe");
  callers = await Promise.all(
    [{ name: "rival bank", token: rival.token }, { name: "investor", token: investor!.token }].map(async (c) => ({
      ...c,
      permissions: (await api(server.origin, "GET", "/me", { token: c.token })).body!.permissions as string[],
    })),
  );
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await stripe?.stop();
});

describe("every API operation with path parameters, called with another organisation's ids", () => {
  it("maps every path parameter to a collected id and every request body to a sample", () => {
    expect(operations.length).toBeGreaterThan(50);
    for (const op of operations) request(op, privateIds);
  });

  it("probes live ids: every read answers 2xx to some demo organisation, so a 404 below is the scope's", async () => {
    const dead: string[] = [];
    // A draft has no lot yet (one is made when it is published), so lot reads of it answer 404 to its seller too.
    await inParallel(operations.filter((op) => op.method === "GET" && !op.path.startsWith("/lots/")), async (op) => {
      const { path } = request(op, privateIds);
      for (const token of owners) if ((await call("GET", path, token, undefined)).status < 300) return;
      dead.push(op.key);
    });
    expect(dead).toEqual([]);
  }, 60_000);

  it("answers 404 (403 without the permission), exactly as for an unknown id, and shows nothing of the resource", async () => {
    const failures: string[] = [];
    // Operations on a listing or lot are probed with the bank's draft and with its listing in review.
    const idSets = (op: Operation) => (op.params.some((param) => kindOf(op, param) === "listing") ? [privateIds, { ...privateIds, listing: inReviewListingId }] : [privateIds]);
    const probes = callers.flatMap((caller) => operations.flatMap((op) => idSets(op).map((ids) => ({ caller, op, ids }))));
    await inParallel(probes, async ({ caller, op, ids }) => {
      const foreign = request(op, ids);
      const answer = await call(op.method, foreign.path, caller.token, foreign.body);
      const unknown = await call(op.method, unknownPath(op), caller.token, foreign.body);
      const expected = op.permission === "public" || caller.permissions.includes(op.permission) ? 404 : 403;
      const where = `${op.key} as ${caller.name}${ids === privateIds ? "" : " (listing in review)"}`;
      if (answer.status !== expected && !(SAME_FOR_ANY_ID.has(op.key) && answer.status < 300)) failures.push(`${where}: ${answer.status} ${answer.code ?? ""}, expected ${expected} (${answer.text.slice(0, 200)})`);
      if (answer.status !== unknown.status || answer.text !== unknown.text) failures.push(`${where}: ${answer.status} ${answer.text.slice(0, 120)} for a foreign id but ${unknown.status} ${unknown.text.slice(0, 120)} for an unknown one`);
      const leaked = secrets.filter((s) => answer.text.includes(s));
      if (leaked.length > 0) failures.push(`${where}: the answer shows ${leaked.join(", ")}`);
    });
    expect(failures).toEqual([]);
  }, 60_000);
});

describe("operations on a public listing of the demo bank", () => {
  it("succeed only where any verified organisation may act, and show nothing private", async () => {
    const failures: string[] = [];
    const onListing = operations.filter((op) => op.params.some((param) => kindOf(op, param) === "listing"));
    expect(onListing.length).toBeGreaterThan(20);
    const probes = callers.flatMap((caller) => onListing.map((op) => ({ caller, op })));
    await inParallel(probes, async ({ caller, op }) => {
      const { path, body } = request(op, publicIds);
      const answer = await call(op.method, path, caller.token, body);
      const where = `${op.key} as ${caller.name}`;
      if (answer.status < 300 && !OPEN_ON_PUBLIC.has(op.key)) failures.push(`${where}: ${answer.status} (${answer.text.slice(0, 200)})`);
      const leaked = secrets.filter((s) => answer.text.includes(s));
      if (leaked.length > 0) failures.push(`${where}: the answer shows ${leaked.join(", ")}`);
    });
    expect(failures).toEqual([]);
  }, 60_000);
});
