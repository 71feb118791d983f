import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTokens, bids, memberships, organisations, sessions, users } from "../../db/schema";
import { TOKEN_PREFIX } from "../../server/services/auth/credentials";
import { sha256 } from "../../server/services/secrets";
import { confirmDeposit, insertAuction, verifiedBidders } from "../support/lots";
import { TEST_PASSWORD, demoToken } from "../support/organisations";
import { connect, emitAck, waitForDisconnect } from "../support/sockets";
import { type TestServer, startServerOn, startTestServer } from "../support/test-server";
import { Visitor, api } from "../support/visitor";

let server: TestServer;
let second: Awaited<ReturnType<typeof startServerOn>>;
let operatorToken: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  second = await startServerOn(server.databaseUrl, { SEED_DEMO: "never" });
  operatorToken = await demoToken(server.origin, "operator@demo.ipx.example");
}, 30_000);
afterAll(async () => {
  for (const s of sockets) s.close();
  await second?.stop();
  await server?.stop();
});

const bidCount = async (lotId: string) => (await server.db.db.select({ seq: bids.seq }).from(bids).where(eq(bids.listingId, lotId))).length;

/** A verified investor's admin with a confirmed deposit on a fresh open lot, signed in through the login page. */
async function bidder(prefix: string) {
  const [admin] = await verifiedBidders(server.origin, 1, `${prefix}-${crypto.randomUUID().slice(0, 8)}`);
  const lot = await insertAuction(server.db.db);
  await confirmDeposit(server.db.db, lot.id, admin!.organisationId, "Q1");
  const me = await api(server.origin, "GET", "/me", { token: admin!.token });
  return { ...admin!, userId: me.body!.user.id as string, lotId: lot.id, signIn: () => signedIn(admin!.email) };
}

async function signedIn(email: string) {
  const visitor = new Visitor(server.origin);
  expect((await visitor.login(email, TEST_PASSWORD)).status).toBe(302);
  return { visitor, cookie: `ipx_session=${visitor.cookies.get("ipx_session")}` };
}

async function socketOn(origin: string, cookie: string) {
  const socket = await connect(origin, { cookie, origin });
  sockets.push(socket);
  return socket;
}

/** Another admin of the organisation, acting through an API token (written straight to the database). */
async function colleague(organisationId: string): Promise<string> {
  const [user] = await server.db.db.insert(users).values({ email: `colleague-${crypto.randomUUID()}@bidders.example`, name: "Colleague", passwordHash: "not-for-login" }).returning({ id: users.id });
  await server.db.db.insert(memberships).values({ userId: user!.id, organisationId, role: "admin" });
  const token = `${TOKEN_PREFIX}${crypto.randomBytes(24).toString("hex")}`;
  await server.db.db.insert(apiTokens).values({ tokenHash: sha256(token), tokenPrefix: token.slice(0, 10), name: "colleague", userId: user!.id, organisationId, expiresAt: new Date(Date.now() + 3_600_000) });
  return token;
}

const place = (socket: Socket, lotId: string, amount: number) => emitAck(socket, "bid:place", { lotId, amount, clientBidId: crypto.randomUUID() });

/** The socket's next bid is refused UNAUTHENTICATED, the server closes it, and the lot keeps the bids it had. */
async function expectRefused(socket: Socket, lotId: string, bidsBefore: number) {
  const gone = waitForDisconnect(socket);
  expect(await place(socket, lotId, 1_010_000)).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
  expect(await gone).toBe("io server disconnect");
  expect(await bidCount(lotId)).toBe(bidsBefore);
}

describe("a connected socket loses the identity its principal lost", () => {
  it("a role change (admin → member) refuses the demoted member's next bid", async () => {
    const b = await bidder("role");
    const other = await colleague(b.organisationId);
    const socket = await socketOn(server.origin, (await b.signIn()).cookie);
    expect(await place(socket, b.lotId, 1_000_000)).toMatchObject({ ok: true, bid: { seq: 1 } });

    expect((await api(server.origin, "PATCH", `/organisation/members/${b.userId}`, { token: other, body: { role: "member" } })).status).toBe(200);
    await expectRefused(socket, b.lotId, 1);
  });

  it("leaving the organisation refuses the next bid", async () => {
    const b = await bidder("leave");
    await colleague(b.organisationId);
    const socket = await socketOn(server.origin, (await b.signIn()).cookie);
    expect(await place(socket, b.lotId, 1_000_000)).toMatchObject({ ok: true });

    expect((await api(server.origin, "DELETE", `/organisation/members/${b.userId}`, { token: b.token })).status).toBe(204);
    await expectRefused(socket, b.lotId, 1);
  });

  it("switching the session to another organisation refuses that session's next bid; the user's other session bids on", async () => {
    const b = await bidder("switch");
    const [elsewhere] = await server.db.db.insert(organisations).values({ name: `Elsewhere ${crypto.randomUUID()}`, kind: "investor" }).returning({ id: organisations.id });
    await server.db.db.insert(memberships).values({ userId: b.userId, organisationId: elsewhere!.id, role: "member" });
    const switching = await b.signIn();
    const socket = await socketOn(server.origin, switching.cookie);
    const otherSession = await socketOn(server.origin, (await b.signIn()).cookie);
    expect(await place(socket, b.lotId, 1_000_000)).toMatchObject({ ok: true });

    expect((await switching.visitor.post("/account", { intent: "switch-organisation", id: elsewhere!.id })).status).toBe(302);
    await expectRefused(socket, b.lotId, 1);
    expect(await place(otherSession, b.lotId, 1_010_000)).toMatchObject({ ok: true, bid: { seq: 2 } });
    expect(otherSession.connected).toBe(true);
  });

  it("an operator revoking the organisation's verification refuses its members' next bid", async () => {
    const b = await bidder("revoked");
    const socket = await socketOn(server.origin, (await b.signIn()).cookie);
    expect(await place(socket, b.lotId, 1_000_000)).toMatchObject({ ok: true });

    const revoked = await api(server.origin, "POST", `/operator/verifications/${b.organisationId}/revoke`, { token: operatorToken, body: { reason: "Registry extract withdrawn" } });
    expect(revoked).toMatchObject({ status: 200, body: { verification: "rejected" } });
    await expectRefused(socket, b.lotId, 1);
  });

  it("a session that expires while its socket is connected is refused at the next bid (no timer: the clock at the bid)", async () => {
    const b = await bidder("expiry");
    const { cookie } = await b.signIn();
    const expiresAt = new Date(Date.now() + 1_500);
    await server.db.db.update(sessions).set({ expiresAt }).where(eq(sessions.userId, b.userId));
    const socket = await socketOn(server.origin, cookie);
    expect(await place(socket, b.lotId, 1_000_000)).toMatchObject({ ok: true });

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt.getTime() - Date.now()) + 200));
    await expectRefused(socket, b.lotId, 1);
  });

  it("across processes: a role change made through one process reaches a socket on the other", async () => {
    const b = await bidder("cluster");
    const other = await colleague(b.organisationId);
    const { cookie } = await b.signIn();
    const socket = await connect(second.origin, { cookie, origin: second.origin });
    sockets.push(socket);
    expect(await place(socket, b.lotId, 1_000_000)).toMatchObject({ ok: true });

    expect((await api(server.origin, "PATCH", `/organisation/members/${b.userId}`, { token: other, body: { role: "member" } })).status).toBe(200);
    // The mark crosses through PostgreSQL's NOTIFY: probe with bids too low to count until the refusal arrives.
    const gone = waitForDisconnect(socket);
    await expect.poll(async () => (await place(socket, b.lotId, 1)).code, { timeout: 5_000, interval: 50 }).toBe("UNAUTHENTICATED");
    expect(await gone).toBe("io server disconnect");
    expect(await bidCount(b.lotId)).toBe(1);
  });
});
