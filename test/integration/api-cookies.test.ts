import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataRoomAccessLog, listingDocuments, listings, memberships, users } from "../../db/schema";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { type TestServer, startTestServer } from "../support/test-server";
import { Visitor, patientFetch } from "../support/visitor";

/**
 * API v1 reads only the bearer token. A browser signed in through the login page that follows a link (or a
 * form) to the API from another site must count as anonymous there, on every operation of the document.
 */
let server: TestServer;
let seller: { visitor: Visitor; userId: string };
/** A demo listing whose data room holds an NDA document: its seller may open it, an anonymous caller may not. */
let room: { listingId: string; ndaDoc: string };

type Operation = { key: string; method: string; path: string; public: boolean };

async function operations(): Promise<Operation[]> {
  const doc = (await (await fetch(`${server.origin}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, { security: unknown[] }>> };
  const ids: Record<string, string> = { id: room.listingId, documentId: room.ndaDoc };
  return Object.entries(doc.paths).flatMap(([p, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      key: `${method} ${p}`,
      method: method.toUpperCase(),
      path: p.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? crypto.randomUUID()),
      public: op.security.length === 0,
    })),
  );
}

/** The answer as a caller compares it: the status and the body, without the server's clock. */
async function call(o: Operation, cookie: string | null) {
  const res = await patientFetch(`${server.origin}/api/v1${o.path}`, {
    method: o.method,
    headers: { ...(cookie ? { cookie } : {}), ...(o.method === "GET" ? {} : { "content-type": "application/json" }) },
    body: o.method === "GET" ? undefined : "{}",
  });
  const text = await res.text();
  return { status: res.status, body: text.replace(/"serverTime":"[^"]*"/g, "") };
}

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: "always" });
  const db = server.db.db;
  const [nda] = await db.select().from(listingDocuments).where(eq(listingDocuments.access, "nda")).limit(1);
  const [listing] = await db.select().from(listings).where(eq(listings.id, nda!.listingId));
  const [member] = await db.select({ id: users.id, email: users.email }).from(memberships).innerJoin(users, eq(users.id, memberships.userId)).where(eq(memberships.organisationId, listing!.organisationId)).limit(1);
  room = { listingId: listing!.id, ndaDoc: nda!.documentId };
  const visitor = new Visitor(server.origin);
  expect((await visitor.login(member!.email, DEMO_PASSWORD)).status).toBe(302);
  expect(visitor.cookies.has("ipx_session")).toBe(true);
  seller = { visitor, userId: member!.id };
});
afterAll(() => server?.stop());

describe("API v1 with a session cookie and no bearer token", () => {
  it("is anonymous on every operation of the OpenAPI document", async () => {
    const cookie = [...seller.visitor.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const ops = await operations();
    expect(ops.length).toBeGreaterThan(50);
    expect(ops.filter((o) => o.public).length).toBeGreaterThan(3);
    for (const o of ops) {
      const withCookie = await call(o, cookie);
      if (!o.public) expect(withCookie.status, o.key).toBe(401);
      else expect(withCookie, o.key).toEqual(await call(o, null));
    }
    // The seller's own NDA document stays shut to a cookie, and no opening is logged in the seller's name.
    const opened = await call({ key: "content", method: "GET", path: `/listings/${room.listingId}/documents/${room.ndaDoc}/content`, public: true }, cookie);
    expect(opened.status).toBe(401);
    const logged = await server.db.db.select().from(dataRoomAccessLog).where(and(eq(dataRoomAccessLog.documentId, room.ndaDoc), eq(dataRoomAccessLog.userId, seller.userId)));
    expect(logged).toEqual([]);
  });

  it("still answers the seller's bearer token on the same document", async () => {
    const token = await patientFetch(`${server.origin}/api/v1/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: (await server.db.db.select({ email: users.email }).from(users).where(eq(users.id, seller.userId)))[0]!.email, password: DEMO_PASSWORD }),
    });
    const { token: bearer } = (await token.json()) as { token: string };
    const res = await patientFetch(`${server.origin}/api/v1/listings/${room.listingId}/documents/${room.ndaDoc}/content`, { headers: { authorization: `Bearer ${bearer}` } });
    expect(res.status).toBe(200);
  });
});
