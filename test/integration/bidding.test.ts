import crypto from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import postgres from "postgres";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bids, listings, lotPriorityRights, lots, notifications, organisations, outbox, users } from "../../db/schema";
import { errorBody } from "../../server/http/api/errors";
import { type Bidder, chainedBids, confirmDeposit, insertAuction, verifiedBidders } from "../support/lots";
import { TEST_PASSWORD, demoToken } from "../support/organisations";
import { connect, emitAck } from "../support/sockets";
import { type TestServer, startTestServer } from "../support/test-server";
import { Visitor, api } from "../support/visitor";

let server: TestServer;
let a: Bidder;
let b: Bidder;
let noDeposit: Bidder;
let unverifiedToken: string;
let sellerToken: string;
const sockets: Socket[] = [];

async function socketFor(token?: string) {
  const socket = await connect(server.origin, token ? { token } : {});
  sockets.push(socket);
  return socket;
}

async function lotWithBidders(options: Parameters<typeof insertAuction>[1] = {}) {
  const lot = await insertAuction(server.db.db, options);
  await confirmDeposit(server.db.db, lot.id, a.organisationId, "A7");
  await confirmDeposit(server.db.db, lot.id, b.organisationId, "B3");
  return lot.id;
}

const bidRows = (lotId: string) => server.db.db.select().from(bids).where(eq(bids.listingId, lotId)).orderBy(asc(bids.seq));

beforeAll(async () => {
  server = await startTestServer();
  [a, b, noDeposit] = (await verifiedBidders(server.origin, 3, "rules")) as [Bidder, Bidder, Bidder];
  const unverified = await api(server.origin, "POST", "/auth/register", { body: { email: "unverified@bidders.example", password: TEST_PASSWORD, name: "Not Yet", organisation: { name: "Not Yet Verified", kind: "investor" } } });
  expect(unverified.status).toBe(201);
  unverifiedToken = (await api(server.origin, "POST", "/auth/token", { body: { email: "unverified@bidders.example", password: TEST_PASSWORD } })).body!.token;
  sellerToken = await demoToken(server.origin, "bank@demo.ipx.example");
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.stop();
});

describe("bidding on a lot over the socket and the API", () => {
  it("answers each bid after commit, the same answer to a retry, and the contract's codes to everyone who may not bid", async () => {
    const lotId = await lotWithBidders();
    const watcher = await socketFor();
    const joined = await emitAck(watcher, "lot:join", { lotId });
    expect(joined).toMatchObject({ ok: true, lot: { id: lotId, status: "open", currency: "CNY", currentPrice: null, minNextBid: 1_000_000, seq: 0, reserveMet: false }, bids: [], hasMore: false });
    expect(Object.keys(joined.lot)).not.toContain("reserve");
    const heard: { seq: number; bidderCode: string; amount: number }[] = [];
    watcher.on("lot:bid", (e) => heard.push(e));

    const anonymous = await emitAck(watcher, "bid:place", { lotId, amount: 1_000_000, clientBidId: "x" });
    expect(anonymous).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });

    const sa = await socketFor(a.token);
    const outbid: unknown[] = [];
    sa.on("bid:outbid", (e) => outbid.push(e));
    expect(await emitAck(sa, "bid:place", { lotId, amount: 999_999, clientBidId: "a0" })).toMatchObject({ ok: false, code: "BID_TOO_LOW" });
    const first = await emitAck(sa, "bid:place", { lotId, amount: 1_000_000, clientBidId: "a1" });
    expect(first).toMatchObject({ ok: true, bid: { seq: 1, amount: 1_000_000, bidderCode: "A7" } });
    expect((await bidRows(lotId)).map((r) => r.seq)).toEqual([1]);
    expect(await emitAck(sa, "bid:place", { lotId, amount: 1_000_000, clientBidId: "a1" })).toEqual(first);
    expect(await emitAck(sa, "bid:place", { lotId, amount: 1_010_000, clientBidId: "a1" })).toMatchObject({ ok: false, code: "IDEMPOTENCY_CONFLICT" });

    const sb = await socketFor(b.token);
    expect(await emitAck(sb, "bid:place", { lotId, amount: 1_005_000, clientBidId: "b1" })).toMatchObject({ ok: false, code: "BID_TOO_LOW" });
    expect(await emitAck(sb, "bid:place", { lotId, amount: 1_010_000, clientBidId: "b1" })).toMatchObject({ ok: true, bid: { seq: 2, bidderCode: "B3" } });
    await expect.poll(() => outbid).toEqual([{ lotId, amount: 1_010_000, seq: 2 }]);
    await expect.poll(() => heard.at(-1)?.seq).toBe(2);
    expect(heard.at(-1)).toMatchObject({ lotId, amount: 1_010_000, bidderCode: "B3", minNextBid: 1_020_000 });

    // Outbid news stays in the inbox, without an e-mail each time.
    const inbox = await server.db.db.select().from(notifications).innerJoin(users, eq(users.id, notifications.userId)).where(and(eq(users.email, a.email), eq(notifications.kind, "lot_outbid")));
    expect(inbox).toHaveLength(1);
    expect((await server.db.db.select().from(outbox).where(eq(outbox.recipient, a.email))).filter((m) => m.subject.includes("outbid"))).toEqual([]);

    const refusals = await Promise.all([
      socketFor(noDeposit.token).then((s) => emitAck(s, "bid:place", { lotId, amount: 2_000_000, clientBidId: "c1" })),
      socketFor(unverifiedToken).then((s) => emitAck(s, "bid:place", { lotId, amount: 2_000_000, clientBidId: "d1" })),
      socketFor(sellerToken).then((s) => emitAck(s, "bid:place", { lotId, amount: 2_000_000, clientBidId: "e1" })),
    ]);
    expect(refusals.map((r) => r.code)).toEqual(["NO_DEPOSIT", "NOT_VERIFIED", "SELLER_CANNOT_BID"]);
    for (const r of refusals) expect(typeof r.message).toBe("string");

    // The API: the same engine, codes as HTTP statuses, the same idempotency.
    expect((await api(server.origin, "POST", `/lots/${lotId}/bids`, { token: a.token, body: { amount: 1_015_000, clientBidId: "a2" } })).body!.error.code).toBe("BID_TOO_LOW");
    const viaApi = await api(server.origin, "POST", `/lots/${lotId}/bids`, { token: a.token, body: { amount: 1_020_000, clientBidId: "a2" } });
    expect(viaApi.status).toBe(201);
    expect(viaApi.body).toMatchObject({ bid: { seq: 3, amount: 1_020_000, bidderCode: "A7" } });
    expect((await api(server.origin, "POST", `/lots/${lotId}/bids`, { token: a.token, body: { amount: 1_020_000, clientBidId: "a2" } })).body).toEqual(viaApi.body);
    expect((await api(server.origin, "POST", `/lots/${lotId}/bids`, { token: a.token, body: { amount: 1_030_000, clientBidId: "a2" } })).status).toBe(409);
    expect((await api(server.origin, "POST", `/lots/${lotId}/bids`, { token: noDeposit.token, body: { amount: 2_000_000, clientBidId: "c2" } })).status).toBe(403);
    expect((await api(server.origin, "POST", `/lots/${lotId}/bids`, { token: sellerToken, body: { amount: 2_000_000, clientBidId: "e2" } })).body!.error.code).toBe("SELLER_CANNOT_BID");
    expect((await api(server.origin, "POST", `/lots/${lotId}/bids`, { token: unverifiedToken, body: { amount: 2_000_000, clientBidId: "d2" } })).status).toBe(403);
    expect((await api(server.origin, "POST", `/lots/${lotId}/bids`, { body: { amount: 2_000_000, clientBidId: "z" } })).status).toBe(401);

    expect((await bidRows(lotId)).map((r) => [r.seq, r.bidderCode, Number(r.amount)])).toEqual([
      [1, "A7", 1_000_000],
      [2, "B3", 1_010_000],
      [3, "A7", 1_020_000],
    ]);
    const state = await api(server.origin, "GET", `/lots/${lotId}`);
    expect(state.body).toMatchObject({ lot: { seq: 3, currentPrice: 1_020_000, minNextBid: 1_030_000 }, hasMore: false });
    expect(state.body!.bids.map((x: { seq: number }) => x.seq)).toEqual([1, 2, 3]);
    expect(JSON.stringify(state.body)).not.toContain(a.organisationId);
  });

  it("keeps one unread outbid notice per lot in a bidder's inbox, however often it is outbid before reading it", async () => {
    const lotId = await lotWithBidders();
    const [sa, sb] = [await socketFor(a.token), await socketFor(b.token)];
    const inbox = () => server.db.db.select({ readAt: notifications.readAt }).from(notifications).innerJoin(users, eq(users.id, notifications.userId)).where(and(eq(users.email, a.email), eq(notifications.kind, "lot_outbid"), eq(notifications.link, `/listings/${lotId}`)));
    const duel = async (round: number) => {
      expect(await emitAck(sa, "bid:place", { lotId, amount: 1_000_000 + 20_000 * round, clientBidId: `a${round}` })).toMatchObject({ ok: true });
      expect(await emitAck(sb, "bid:place", { lotId, amount: 1_010_000 + 20_000 * round, clientBidId: `b${round}` })).toMatchObject({ ok: true });
    };
    await duel(0);
    await duel(1);
    expect(await inbox()).toEqual([{ readAt: null }]);
    await server.db.db.update(notifications).set({ readAt: new Date() }).where(eq(notifications.link, `/listings/${lotId}`));
    await duel(2);
    const after = await inbox();
    expect(after).toHaveLength(2);
    expect(after.filter((n) => n.readAt === null)).toHaveLength(1);
  });

  it("refuses bids before the opening and answers NOT_FOUND for a listing that is no auction", async () => {
    const lotId = await lotWithBidders({ opensInMs: 60_000, endsInMs: 120_000 });
    const sa = await socketFor(a.token);
    expect(await emitAck(sa, "bid:place", { lotId, amount: 1_000_000, clientBidId: "early" })).toMatchObject({ ok: false, code: "LOT_NOT_OPEN" });
    expect((await emitAck(sa, "lot:join", { lotId })).lot.status).toBe("announced");
    const [org] = await server.db.db.select().from(organisations).limit(1);
    expect(await emitAck(sa, "lot:join", { lotId: org!.id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect((await api(server.origin, "GET", `/lots/${org!.id}`)).status).toBe(404);
  });

  it("answers a bid on a lot the caller cannot see as any unseen resource (404), and a visible lot that is not open by its code", async () => {
    const draft = await lotWithBidders();
    await server.db.db.update(listings).set({ status: "draft" }).where(eq(listings.id, draft));
    const notAnAuction = (await server.db.db.select().from(organisations).limit(1))[0]!.id;
    const bid = (lotId: string, clientBidId: string) => api(server.origin, "POST", `/lots/${lotId}/bids`, { token: a.token, body: { amount: 2_000_000, clientBidId } });
    for (const lotId of [crypto.randomUUID(), draft, notAnAuction]) {
      expect((await api(server.origin, "GET", `/lots/${lotId}`)).status, lotId).toBe(404);
      const refused = await bid(lotId, "unseen");
      expect(refused, lotId).toMatchObject({ status: 404, body: errorBody("NOT_FOUND").body });
    }
    const announced = await lotWithBidders({ opensInMs: 60_000, endsInMs: 120_000 });
    expect(await bid(announced, "early")).toMatchObject({ status: 409, body: { error: { code: "LOT_NOT_OPEN" } } });
    const ended = await lotWithBidders({ opensInMs: -120_000, endsInMs: -1_000 });
    expect(await bid(ended, "late")).toMatchObject({ status: 409, body: { error: { code: "LOT_CLOSED" } } });
    expect(await bidRows(draft)).toEqual([]);

    // The socket keeps its contract's code; the room page's form answers its 404 page.
    const sa = await socketFor(a.token);
    expect(await emitAck(sa, "bid:place", { lotId: draft, amount: 2_000_000, clientBidId: "socket" })).toMatchObject({ ok: false, code: "LOT_NOT_OPEN" });
    const visitor = new Visitor(server.origin);
    expect((await visitor.login(a.email, TEST_PASSWORD)).status).toBe(302);
    const form = { amount: "20000", clientBidId: "form" };
    expect((await visitor.post(`/listings/${draft}/room`, form, { csrf: await visitor.csrfToken("/") })).status).toBe(404);
    expect((await visitor.post(`/listings/${announced}/room`, form, { csrf: await visitor.csrfToken("/") })).status).toBe(409);
  });

  it("a watcher that reconnects with its last seq receives what it missed, once, in order", async () => {
    const lotId = await lotWithBidders();
    const [sa, sb] = [await socketFor(a.token), await socketFor(b.token)];
    let amount = 1_000_000;
    for (let i = 0; i < 6; i++, amount += 10_000) expect((await emitAck(i % 2 ? sb : sa, "bid:place", { lotId, amount, clientBidId: `r${i}` })).ok).toBe(true);
    const watcher = await socketFor();
    const page = await emitAck(watcher, "lot:join", { lotId, sinceSeq: 4 });
    expect(page.bids.map((x: { seq: number }) => x.seq)).toEqual([5, 6]);
    expect(page.lot.seq).toBe(6);
    expect((await api(server.origin, "GET", `/lots/${lotId}/bids?sinceSeq=2`)).body!.bids.map((x: { seq: number }) => x.seq)).toEqual([3, 4, 5, 6]);
    expect(await emitAck(watcher, "lot:leave", { lotId })).toEqual({ ok: true });
  });

  it("a proxy maximum answers a challenger at once, and a priority-right holder may match the price", async () => {
    const lotId = await lotWithBidders({ proxyBids: true });
    await confirmDeposit(server.db.db, lotId, noDeposit.organisationId, "C5");
    await server.db.db.insert(lotPriorityRights).values({ listingId: lotId, organisationId: noDeposit.organisationId, rank: 1 });
    const [sa, sb, sc] = [await socketFor(a.token), await socketFor(b.token), await socketFor(noDeposit.token)];
    const bOutbid: unknown[] = [];
    sb.on("bid:outbid", (e) => bOutbid.push(e));
    expect(await emitAck(sa, "bid:place", { lotId, amount: 1_000_000, maxAmount: 1_100_000, clientBidId: "p1" })).toMatchObject({ ok: true, bid: { seq: 1, amount: 1_000_000 } });
    expect(await emitAck(sb, "bid:place", { lotId, amount: 1_050_000, clientBidId: "p2" })).toMatchObject({ ok: true, bid: { seq: 2, amount: 1_050_000, bidderCode: "B3" } });
    await expect.poll(() => bOutbid).toEqual([{ lotId, amount: 1_060_000, seq: 3 }]);
    expect(await emitAck(sb, "bid:place", { lotId, amount: 1_060_000, clientBidId: "p3", match: true })).toMatchObject({ ok: false, code: "INVALID" });
    expect(await emitAck(sc, "bid:place", { lotId, amount: 1_060_000, clientBidId: "p4", match: true })).toMatchObject({ ok: false, code: "BID_TOO_LOW" });
    expect(await emitAck(sb, "bid:place", { lotId, amount: 1_200_000, clientBidId: "p5" })).toMatchObject({ ok: true, bid: { seq: 4 } });
    expect(await emitAck(sc, "bid:place", { lotId, amount: 1_200_000, clientBidId: "p6", match: true })).toMatchObject({ ok: true, bid: { seq: 5, amount: 1_200_000, bidderCode: "C5" } });
    const rows = await bidRows(lotId);
    expect(rows.map((r) => [r.seq, r.bidderCode, Number(r.amount), r.auto])).toEqual([
      [1, "A7", 1_000_000, false],
      [2, "B3", 1_050_000, false],
      [3, "A7", 1_060_000, true],
      [4, "B3", 1_200_000, false],
      [5, "C5", 1_200_000, false],
    ]);
    expect((await server.db.db.select().from(lots).where(eq(lots.listingId, lotId)))[0]).toMatchObject({ leaderOrganisationId: noDeposit.organisationId, leaderPriorityRank: 1 });
  });

  it("pages a long history 1,000 bids at a time", async () => {
    const lotId = await lotWithBidders();
    await api(server.origin, "GET", `/lots/${lotId}`);
    const at = new Date();
    const history = chainedBids(Array.from({ length: 1_001 }, (_, i) => ({ listingId: lotId, seq: i + 1, organisationId: a.organisationId, bidderCode: "A7", amount: BigInt(1_000_000 + i * 10_000), placedAt: at })));
    await server.db.db.insert(bids).values(history);
    await server.db.db.update(lots).set({ seq: 1_001, price: history.at(-1)!.amount, leaderOrganisationId: a.organisationId, chainHead: history.at(-1)!.hash }).where(eq(lots.listingId, lotId));
    const watcher = await socketFor();
    const first = await emitAck(watcher, "lot:join", { lotId });
    expect([first.bids.length, first.bids[0].seq, first.bids.at(-1).seq, first.hasMore]).toEqual([1_000, 1, 1_000, true]);
    const rest = await emitAck(watcher, "lot:join", { lotId, sinceSeq: 1_000 });
    expect([rest.bids.map((x: { seq: number }) => x.seq), rest.hasMore, rest.lot.currentPrice]).toEqual([[1_001], false, 11_000_000]);
  });

  it("refuses malformed and oversized messages and keeps serving", async () => {
    const lotId = await lotWithBidders();
    const sa = await socketFor(a.token);
    for (const bad of [
      { lotId, amount: "1000000", clientBidId: "m" },
      { lotId, amount: -5, clientBidId: "m" },
      { lotId, amount: 2 ** 60, clientBidId: "m" },
      { lotId, amount: 1_000_000.5, clientBidId: "m" },
      { lotId, amount: 1_000_000, clientBidId: "" },
      { lotId, amount: 1_000_000, clientBidId: "m".repeat(101) },
      { lotId, amount: 1_000_000, clientBidId: "m", extra: true },
      { lotId: "not-a-uuid", amount: 1_000_000, clientBidId: "m" },
      null,
      "bid",
    ]) {
      expect(await emitAck(sa, "bid:place", bad), JSON.stringify(bad)).toMatchObject({ ok: false, code: "INVALID" });
    }
    expect(await emitAck(sa, "lot:join", { lotId, sinceSeq: -1 })).toMatchObject({ ok: false, code: "INVALID" });
    const big = await socketFor(a.token);
    const gone = new Promise((resolve) => big.once("disconnect", resolve));
    big.emit("bid:place", { lotId, amount: 1_000_000, clientBidId: "x".repeat(20_000) });
    await gone;
    expect(await bidRows(lotId)).toEqual([]);
    expect(await emitAck(sa, "bid:place", { lotId, amount: 1_000_000, clientBidId: "fine" })).toMatchObject({ ok: true, bid: { seq: 1 } });
  });

  it("answers UNAVAILABLE while the database is unreachable, never an ok that is not committed, and a retry then succeeds once", async () => {
    const lotId = await lotWithBidders();
    const sa = await socketFor(a.token);
    const name = new URL(server.databaseUrl).pathname.slice(1);
    const admin = postgres(process.env.TEST_PG_URL!, { max: 1, onnotice: () => undefined });
    try {
      await admin.unsafe(`alter database ${name} allow_connections false`);
      await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name} and application_name = 'ipx'`;
      const acks = await Promise.all([1, 2, 3].map((i) => emitAck(sa, "bid:place", { lotId, amount: 1_000_000 + i * 10_000, clientBidId: `u${i}` })));
      expect(acks.map((x) => x.code)).toEqual(["UNAVAILABLE", "UNAVAILABLE", "UNAVAILABLE"]);
    } finally {
      await admin.unsafe(`alter database ${name} allow_connections true`);
      await admin.end();
    }
    expect(await bidRows(lotId)).toEqual([]);
    expect(await emitAck(sa, "bid:place", { lotId, amount: 1_010_000, clientBidId: "u1" })).toMatchObject({ ok: true, bid: { seq: 1 } });
    expect(await emitAck(sa, "bid:place", { lotId, amount: 1_010_000, clientBidId: "u1" })).toMatchObject({ ok: true, bid: { seq: 1 } });
    expect((await bidRows(lotId)).length).toBe(1);
  });
});
