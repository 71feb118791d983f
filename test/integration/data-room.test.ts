import crypto from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, dataRoomAccessLog, listingAssets, listingDocuments, listings, ndaAcceptances, organisations, users } from "../../db/schema";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { minimalPdf } from "../../db/seed/demo-data-room";
import { NDA_TEXT, ndaDocument } from "../../server/domain/listings/nda";
import { TEST_PASSWORD, demoToken, verifiedOrganisation } from "../support/organisations";
import { type TestServer, startTestServer } from "../support/test-server";
import { Visitor, api } from "../support/visitor";

let server: TestServer;
let bank: string;
let licensee: string;
let unverified: string;
let otherBank: string;
/** A public demo listing whose data room the seed stocked with one open and one NDA document. */
let room: { listingId: string; openDoc: string; ndaDoc: string };

const db = () => server.db.db;
const logOf = (documentId: string) => db().select().from(dataRoomAccessLog).where(eq(dataRoomAccessLog.documentId, documentId)).orderBy(asc(dataRoomAccessLog.id));
const roomOf = (listingId: string) => db().select().from(listingDocuments).where(eq(listingDocuments.listingId, listingId)).orderBy(asc(listingDocuments.documentId));

async function signedIn(email: string, password = DEMO_PASSWORD) {
  const visitor = new Visitor(server.origin);
  expect((await visitor.login(email, password)).status).toBe(302);
  return visitor;
}

/** Posts a file as the seller's upload form does: multipart, with the page's CSRF token. */
async function upload(visitor: Visitor, listingId: string, file: { name: string; bytes: Uint8Array; type: string }, fields: Record<string, string>) {
  const form = new FormData();
  form.set("csrf", await visitor.csrfToken(`/listings/${listingId}/documents`));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set("file", new Blob([file.bytes.slice()], { type: file.type }), file.name);
  const cookie = [...visitor.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  return fetch(`${server.origin}/listings/${listingId}/documents`, { method: "POST", body: form, redirect: "manual", headers: { cookie } });
}

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: "always" });
  [bank, licensee] = await Promise.all(["bank", "licensee"].map((who) => demoToken(server.origin, `${who}@demo.ipx.example`))) as [string, string];
  otherBank = (await verifiedOrganisation(server.origin, "bank", "other-bank@data-room.example", "Other Bank")).token;
  await api(server.origin, "POST", "/auth/register", { body: { email: "pending@data-room.example", password: TEST_PASSWORD, name: "Pending", organisation: { name: "Pending Fund", kind: "investor" } } });
  unverified = (await api(server.origin, "POST", "/auth/token", { body: { email: "pending@data-room.example", password: TEST_PASSWORD } })).body!.token;
  const [entry] = await db().select().from(listingDocuments).where(eq(listingDocuments.access, "open")).limit(1);
  const [nda] = await db().select().from(listingDocuments).where(and(eq(listingDocuments.listingId, entry!.listingId), eq(listingDocuments.access, "nda")));
  room = { listingId: entry!.listingId, openDoc: entry!.documentId, ndaDoc: nda!.documentId };
});
afterAll(async () => {
  await server?.stop();
});

describe("opening documents", () => {
  it("serves an open document to an anonymous visitor, as a download, and logs it with no user", async () => {
    const res = await new Visitor(server.origin).get(`/listings/${room.listingId}/documents/${room.openDoc}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="summary-IPX-DEMO-\d+\.pdf"; filename\*=UTF-8''summary-IPX-DEMO-\d+\.pdf$/);
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const [logged] = await logOf(room.openDoc);
    expect(logged).toMatchObject({ listingId: room.listingId, userId: null, organisationId: null });
    expect(logged!.ip).toBeTruthy();

    const viaApi = await api(server.origin, "GET", `/listings/${room.listingId}/documents/${room.openDoc}/content`);
    expect(viaApi.status).toBe(200);
    expect(Buffer.from(viaApi.body!.contentBase64, "base64").subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(await logOf(room.openDoc)).toHaveLength(2);
  });

  it("refuses the NDA document to anonymous visitors, unverified users and verified users who have not accepted, and logs none of it", async () => {
    const anonymous = await new Visitor(server.origin).get(`/listings/${room.listingId}/documents/${room.ndaDoc}`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(`/listings/${room.listingId}/documents`)}`);
    expect((await api(server.origin, "GET", `/listings/${room.listingId}/documents/${room.ndaDoc}/content`)).body!.error.code).toBe("UNAUTHENTICATED");

    const before = await api(server.origin, "GET", `/listings/${room.listingId}/documents/${room.ndaDoc}/content`, { token: licensee });
    expect(before.status).toBe(403);
    expect(before.body!.error.code).toBe("NDA_REQUIRED");
    const visitor = await signedIn("licensee@demo.ipx.example");
    const page = await visitor.get(`/listings/${room.listingId}/documents/${room.ndaDoc}`);
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toBe(`/listings/${room.listingId}/documents?refused=NDA_REQUIRED#nda`);

    const pending = await api(server.origin, "POST", `/listings/${room.listingId}/nda`, { token: unverified });
    expect(pending.status).toBe(403);
    expect(pending.body!.error.code).toBe("NOT_VERIFIED");
    expect((await api(server.origin, "GET", `/listings/${room.listingId}/documents/${room.ndaDoc}/content`, { token: unverified })).body!.error.code).toBe("NOT_VERIFIED");
    const [pendingUser] = await db().select().from(users).where(eq(users.email, "pending@data-room.example"));
    expect(await db().select().from(ndaAcceptances).where(eq(ndaAcceptances.userId, pendingUser!.id))).toHaveLength(0);

    const list = await api(server.origin, "GET", `/listings/${room.listingId}/documents`, { token: licensee });
    expect(list.body!.standing).toBe("must_accept");
    expect(list.body!.documents.find((d: { documentId: string }) => d.documentId === room.ndaDoc)).toMatchObject({ access: "nda", mayOpen: false, contentType: "application/pdf" });
    expect(await logOf(room.ndaDoc)).toHaveLength(0);
  });

  it("after accepting the NDA (once, audited, with the text's digest) the document is served and logged", async () => {
    const visitor = await signedIn("licensee@demo.ipx.example");
    const accepted = await visitor.post(`/listings/${room.listingId}/documents`, { intent: "accept-nda" });
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("location")).toBe(`/listings/${room.listingId}/documents?done=accepted#nda`);
    expect((await api(server.origin, "POST", `/listings/${room.listingId}/nda`, { token: licensee })).body).toEqual({ accepted: false });

    const [licenseeOrg] = await db().select().from(organisations).where(eq(organisations.creditCode, "91441900MA5FDM08XB"));
    const [acceptance] = await db().select().from(ndaAcceptances).where(eq(ndaAcceptances.listingId, room.listingId));
    expect(acceptance).toMatchObject({ organisationId: licenseeOrg!.id, textSha256: crypto.createHash("sha256").update(ndaDocument()).digest("hex") });
    expect(await db().select().from(auditEvents).where(and(eq(auditEvents.subjectId, room.listingId), eq(auditEvents.action, "nda.accepted")))).toHaveLength(1);

    const res = await visitor.get(`/listings/${room.listingId}/documents/${room.ndaDoc}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const viaApi = await api(server.origin, "GET", `/listings/${room.listingId}/documents/${room.ndaDoc}/content`, { token: licensee });
    expect(viaApi.status).toBe(200);
    const logged = await logOf(room.ndaDoc);
    expect(logged).toHaveLength(2);
    expect(logged.every((l) => l.userId === acceptance!.userId && l.organisationId === licenseeOrg!.id)).toBe(true);
    expect((await api(server.origin, "GET", `/listings/${room.listingId}/documents`, { token: licensee })).body!.standing).toBe("accepted");
  });

  it("the seller's members open NDA documents without accepting; the seller cannot accept its own NDA", async () => {
    const analyst = await demoToken(server.origin, "bank.analyst@demo.ipx.example");
    expect((await api(server.origin, "GET", `/listings/${room.listingId}/documents/${room.ndaDoc}/content`, { token: analyst })).status).toBe(200);
    expect((await api(server.origin, "POST", `/listings/${room.listingId}/nda`, { token: bank })).body!.error.code).toBe("SELLER_CANNOT_TAKE_PART");
  });
});

describe("the seller's access log", () => {
  it("shows who opened what, newest first, to the seller only", async () => {
    const log = await api(server.origin, "GET", `/listings/${room.listingId}/access-log`, { token: bank });
    expect(log.status).toBe(200);
    const entries = log.body!.entries as Array<{ at: string; userName: string | null; organisationName: string | null; documentTitle: string }>;
    expect(entries.length).toBe(log.body!.total);
    expect(entries.length).toBeGreaterThanOrEqual(5);
    expect([...entries].sort((a, b) => b.at.localeCompare(a.at)).map((e) => e.at)).toEqual(entries.map((e) => e.at));
    expect(entries.some((e) => e.userName === null && e.organisationName === null)).toBe(true);
    expect(entries.some((e) => e.userName === "Li Licensee 李" && e.organisationName?.includes("Dongguan") && e.documentTitle.includes("Appraisal"))).toBe(true);
    expect((await api(server.origin, "GET", `/listings/${room.listingId}/access-log`, { token: licensee })).status).toBe(404);

    const html = await (await (await signedIn("bank@demo.ipx.example")).get(`/listings/${room.listingId}/documents`)).text();
    expect(html).toContain('data-testid="access-log"');
    expect(html).toContain("Li Licensee 李");
    const buyerHtml = await (await (await signedIn("licensee@demo.ipx.example")).get(`/listings/${room.listingId}/documents`)).text();
    expect(buyerHtml).not.toContain('data-testid="access-log"');
    expect(buyerHtml).not.toContain('data-testid="seller-panel"');
  });
});

describe("the seller's shelf", () => {
  it("another bank can neither add, change nor remove documents of a listing it does not own", async () => {
    const before = await roomOf(room.listingId);
    expect((await api(server.origin, "POST", `/listings/${room.listingId}/documents`, { token: otherBank, body: { documentId: room.openDoc, access: "open" } })).status).toBe(404);
    expect((await api(server.origin, "PATCH", `/listings/${room.listingId}/documents/${room.ndaDoc}`, { token: otherBank, body: { access: "open" } })).status).toBe(404);
    expect((await api(server.origin, "DELETE", `/listings/${room.listingId}/documents/${room.ndaDoc}`, { token: otherBank })).status).toBe(404);
    const visitor = await signedIn("other-bank@data-room.example", TEST_PASSWORD);
    expect((await visitor.post(`/listings/${room.listingId}/documents`, { intent: "remove", documentId: room.ndaDoc })).status).toBe(404);
    const pdf = minimalPdf(["Not yours"]);
    expect((await upload(visitor, room.listingId, { name: "intruder.pdf", bytes: pdf, type: "application/pdf" }, { access: "open" })).status).toBe(404);
    expect(await roomOf(room.listingId)).toEqual(before);
  });

  it("uploads through the page with the collateral upload's type and size limits", async () => {
    const seller = await signedIn("bank@demo.ipx.example");
    const ok = await upload(seller, room.listingId, { name: "技术说明书.pdf", bytes: minimalPdf(["Technical description"]), type: "application/pdf" }, { access: "nda", title: "技术说明 Technical description" });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe(`/listings/${room.listingId}/documents?done=uploaded`);
    const added = (await roomOf(room.listingId)).find((d) => d.title === "技术说明 Technical description");
    expect(added?.access).toBe("nda");

    const text = await upload(seller, room.listingId, { name: "notes.pdf", bytes: new TextEncoder().encode("just text, not a PDF"), type: "application/pdf" }, { access: "open" });
    expect(text.status).toBe(415);
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set([0x25, 0x50, 0x44, 0x46, 0x2d]);
    expect((await upload(seller, room.listingId, { name: "big.pdf", bytes: big, type: "application/pdf" }, { access: "open" })).status).toBe(413);
    expect((await roomOf(room.listingId)).filter((d) => d.title === "notes.pdf" || d.title === "big.pdf")).toHaveLength(0);
  });

  it("attaches a document about a listed right, changes its access and removes it, through the API and the page", async () => {
    const [asset] = await db().select().from(listingAssets).where(eq(listingAssets.listingId, room.listingId)).limit(1);
    const uploaded = await api(server.origin, "POST", `/assets/${asset!.assetId}/documents`, { token: bank, body: { filename: "valuation.pdf", kind: "appraisal_report", contentBase64: Buffer.from(minimalPdf(["Valuation"])).toString("base64") } });
    expect(uploaded.status).toBe(201);
    const documentId = uploaded.body!.id as string;
    const path = `/listings/${room.listingId}/documents`;
    expect((await api(server.origin, "POST", path, { token: bank, body: { documentId: crypto.randomUUID(), access: "nda" } })).body!.error.code).toBe("DOCUMENT_NOT_FOUND");
    expect((await api(server.origin, "POST", path, { token: bank, body: { documentId, access: "nda" } })).status).toBe(201);
    expect((await api(server.origin, "POST", path, { token: bank, body: { documentId, access: "open" } })).body!.error.code).toBe("DOCUMENT_IN_DATA_ROOM");
    const listed = (await api(server.origin, "GET", path)).body!.documents.find((d: { documentId: string }) => d.documentId === documentId);
    expect(listed).toMatchObject({ title: "valuation.pdf", access: "nda", mayOpen: false });

    expect((await api(server.origin, "PATCH", `${path}/${documentId}`, { token: bank, body: { access: "open" } })).body).toEqual({ access: "open", title: "valuation.pdf" });
    expect((await api(server.origin, "GET", `${path}/${documentId}/content`)).status).toBe(200);
    const seller = await signedIn("bank@demo.ipx.example");
    expect((await seller.post(path, { intent: "change", documentId, access: "nda" })).headers.get("location")).toBe(`${path}?done=changed`);
    expect((await roomOf(room.listingId)).find((d) => d.documentId === documentId)?.access).toBe("nda");
    expect((await seller.post(path, { intent: "remove", documentId })).headers.get("location")).toBe(`${path}?done=removed`);
    expect((await api(server.origin, "GET", path)).body!.documents.some((d: { documentId: string }) => d.documentId === documentId)).toBe(false);
    expect((await api(server.origin, "DELETE", `${path}/${documentId}`, { token: bank })).status).toBe(404);
    // Taken out of the room, the document keeps its log entry, and can no longer be opened through the room.
    expect(await logOf(documentId)).toHaveLength(1);
    expect((await api(server.origin, "GET", `${path}/${documentId}/content`)).status).toBe(404);
  });

  it("a hidden listing's room exists only for its seller; a withdrawn listing's room no longer changes", async () => {
    const [hidden] = await db().select().from(listings).where(eq(listings.status, "in_review")).limit(1);
    const seller = await signedIn("bank@demo.ipx.example");
    expect((await upload(seller, hidden!.id, { name: "draft.png", bytes: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), type: "image/png" }, { access: "open" })).status).toBe(302);
    const [entry] = await roomOf(hidden!.id);
    expect(entry).toBeDefined();
    expect((await api(server.origin, "GET", `/listings/${hidden!.id}/documents`)).status).toBe(404);
    expect((await api(server.origin, "GET", `/listings/${hidden!.id}/documents/${entry!.documentId}/content`, { token: licensee })).status).toBe(404);
    expect((await new Visitor(server.origin).get(`/listings/${hidden!.id}/documents`)).status).toBe(404);
    expect((await api(server.origin, "GET", `/listings/${hidden!.id}/documents`, { token: bank })).status).toBe(200);

    const [withdrawn] = await db().select().from(listings).where(inArray(listings.status, ["withdrawn"])).limit(1);
    const refused = await api(server.origin, "POST", `/listings/${withdrawn!.id}/documents`, { token: bank, body: { documentId: entry!.documentId, access: "open" } });
    expect(refused.body!.error.code).toBe("WRONG_STATUS");
    expect(await roomOf(withdrawn!.id)).toHaveLength(0);
  });
});

describe("the data-room page", () => {
  it("renders in both languages without a missing key, for a visitor, a buyer and the seller", async () => {
    for (const lang of ["zh", "en"] as const) {
      for (const who of [null, "licensee@demo.ipx.example", "bank@demo.ipx.example"]) {
        const visitor = who ? await signedIn(who) : new Visitor(server.origin);
        visitor.cookies.set("ipx_lng", lang);
        const res = await visitor.get(`/listings/${room.listingId}/documents`);
        expect(res.status, `${lang} ${who}`).toBe(200);
        const html = await res.text();
        expect(html, `${lang} ${who}`).not.toMatch(/dataRoom\.[a-zA-Z]/);
        expect(html).toContain(NDA_TEXT[lang].title);
        expect(html).toContain(lang === "zh" ? "评估报告摘录" : "Appraisal report extract");
      }
    }
    const anonymous = await (await new Visitor(server.origin).get(`/listings/${room.listingId}/documents`)).text();
    expect(anonymous).toContain(`/login?redirectTo=${encodeURIComponent(`/listings/${room.listingId}/documents`)}`);
    expect(anonymous).toContain(`/listings/${room.listingId}/documents/${room.openDoc}`);
    expect(anonymous).not.toContain(`/listings/${room.listingId}/documents/${room.ndaDoc}"`);
  });
});
