import crypto from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "../../db/client";
import { auditEvents, awards, bids, listings, lots } from "../../db/schema";
import { cloneDatabase } from "../support/databases";
import { type Trader, insertAuction, insertTraders } from "../support/lots";
import { type ServerProcess, type ServerStandby, serverStandby, startServerProcess } from "../support/server-process";
import { connect, emitAck } from "../support/sockets";

const INCREMENT = 10_000;
const ORGANISATIONS = 10;
const SOCKETS_PER_ORGANISATION = 3;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

let databaseUrl: string;
let handle: DatabaseHandle;
let live: ServerProcess | undefined;
const standbys: Promise<ServerStandby>[] = [];
const sockets: Socket[] = [];

/** A process that loads the server's modules now, while the old one still runs, so that the restart after a crash costs the server's own start (not Node's). */
function standby(): Promise<ServerStandby> {
  const next = serverStandby();
  standbys.push(next);
  return next;
}

/** A fresh server on the test's database, in the given standby process. */
async function restart(next: Promise<ServerStandby>): Promise<ServerProcess> {
  const spare = await next;
  const at = Date.now();
  live = await spare.start(databaseUrl);
  console.log(`server process ${live.pid} listening ${Date.now() - at} ms after it was told to start`);
  return live;
}

async function crash() {
  await live!.kill9();
  live = undefined;
}

beforeAll(async () => {
  const adminUrl = process.env.TEST_PG_URL;
  if (!adminUrl) throw new Error("TEST_PG_URL is not set: run through vitest's global setup or npm test");
  databaseUrl = await cloneDatabase(adminUrl);
  handle = await openDatabase({ url: databaseUrl, embeddedDir: "" });
  live = await startServerProcess(databaseUrl); // seeds the demo accounts: the auctions are the demo bank's
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await live?.stop();
  await Promise.allSettled(standbys.map(async (s) => (await s).kill9()));
  await handle?.close();
});

type Ack = { ok: boolean; code?: string; bid?: { seq: number; amount: number; bidderCode: string } };
/** One bid as its bidder sent it; no ack: the server died (or never answered) before answering. */
type Sent = { trader: Trader; clientBidId: string; amount: number; life: number; ack?: Ack };
type Join = { life: number; sinceSeq: number; seq: number; bids: unknown[]; hasMore: boolean };
/** One socket's memory across server lives: the newest seq it holds, the least next bid it knows of, the bid whose answer a crash swallowed. */
type Bidder = { trader: Trader; heldSeq: number; next: number; lost?: Sent };
type Room = { lotId: string; endsAt: number; bidders: Bidder[]; sent: Sent[]; joins: Join[]; onAccepted?: () => void };

async function openRoom(prefix: string, endsInMs: number): Promise<Room> {
  const { id: lotId } = await insertAuction(handle.db, { endsInMs, increment: INCREMENT });
  const [listing] = await handle.db.select({ closesAt: listings.closesAt }).from(listings).where(eq(listings.id, lotId));
  const traders = await insertTraders(handle.db, lotId, ORGANISATIONS, SOCKETS_PER_ORGANISATION, prefix);
  return { lotId, endsAt: listing!.closesAt!.getTime(), bidders: traders.map((trader) => ({ trader, heldSeq: 0, next: 0 })), sent: [], joins: [] };
}

/**
 * One server life of a bidder: connect, join from the newest seq it holds, send again (same id, same amount)
 * the bid a crash left unanswered, then bid in a closed loop until the lot closes, time is up or the server dies.
 */
async function bidderLife(origin: string, bidder: Bidder, room: Room, life: number, until: number) {
  const socket = await connect(origin, { token: bidder.trader.token });
  sockets.push(socket);
  const hold = (seq: number, next: number) => {
    bidder.heldSeq = Math.max(bidder.heldSeq, seq);
    bidder.next = Math.max(bidder.next, next);
  };
  socket.on("lot:bid", (e: { seq: number; minNextBid: number }) => hold(e.seq, e.minNextBid));
  const sinceSeq = bidder.heldSeq;
  const joined = await emitAck(socket, "lot:join", { lotId: room.lotId, sinceSeq });
  if (!joined.ok) throw new Error(`lot:join answered ${JSON.stringify(joined)}`);
  room.joins.push({ life, sinceSeq, seq: joined.lot.seq, bids: joined.bids, hasMore: joined.hasMore });
  hold(joined.lot.seq, joined.lot.minNextBid);
  let retry = bidder.lost;
  bidder.lost = undefined;
  while (Date.now() < until && socket.connected) {
    const sent: Sent = { trader: bidder.trader, clientBidId: retry?.clientBidId ?? crypto.randomUUID(), amount: retry?.amount ?? bidder.next + INCREMENT * crypto.randomInt(0, 4), life };
    room.sent.push(sent);
    try {
      sent.ack = await emitAck<Ack>(socket, "bid:place", { lotId: room.lotId, amount: sent.amount, clientBidId: sent.clientBidId });
    } catch {
      bidder.lost = sent;
      return;
    }
    if (sent.ack.code === "RATE_LIMITED") {
      await sleep(100 + Math.random() * 100);
      continue;
    }
    retry = undefined;
    if (sent.ack.ok) {
      hold(sent.ack.bid!.seq, sent.amount + INCREMENT);
      room.onAccepted?.();
    } else if (sent.ack.code === "BID_TOO_LOW") hold(0, sent.amount + INCREMENT);
    else if (sent.ack.code === "LOT_CLOSED") return;
    else throw new Error(`unexpected answer ${JSON.stringify(sent.ack)}`);
  }
}

const key = (organisationId: string, clientBidId: string | null) => `${organisationId}:${clientBidId}`;
const accepted = (room: Room, life: number) => room.sent.filter((s) => s.life === life && s.ack?.ok);

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * The lot's bids as the database holds them against what the bidders were told: every ok in it with the
 * acknowledged seq, amount and code; nothing refused in it; nothing in it that no bidder sent (an unanswered
 * bid may or may not be); seqs gap-free, amounts rising by the increment, the lot row at the last bid.
 */
async function checkBids(room: Room) {
  const rows = await handle.db.select().from(bids).where(eq(bids.listingId, room.lotId)).orderBy(asc(bids.seq));
  expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
  for (let i = 1; i < rows.length; i++) expect(rows[i]!.amount - rows[i - 1]!.amount).toBeGreaterThanOrEqual(BigInt(INCREMENT));
  const byKey = new Map(rows.map((r) => [key(r.organisationId, r.clientBidId), r]));
  for (const s of room.sent) {
    const row = byKey.get(key(s.trader.organisationId, s.clientBidId));
    if (s.ack?.ok) {
      expect(row, `acked bid ${s.clientBidId}`).toBeDefined();
      expect({ seq: row!.seq, amount: Number(row!.amount), code: row!.bidderCode }).toEqual({ seq: s.ack.bid!.seq, amount: s.amount, code: s.trader.bidderCode });
    } else if (s.ack && s.ack.code !== "RATE_LIMITED") {
      expect(row, `${s.ack.code} for ${s.clientBidId}`).toBeUndefined();
    }
  }
  const sentKeys = new Set(room.sent.map((s) => key(s.trader.organisationId, s.clientBidId)));
  for (const r of rows) expect(sentKeys.has(key(r.organisationId, r.clientBidId)), `bid ${r.seq} was sent`).toBe(true);
  const [lot] = await handle.db.select().from(lots).where(eq(lots.listingId, room.lotId));
  const last = rows.at(-1)!;
  expect(lot).toMatchObject({ seq: last.seq, price: last.amount, leaderOrganisationId: last.organisationId });
  return { rows, lot: lot!, last };
}

/** Closed exactly once, to the last bidder, at or after the end, with no bid at or after the end. */
async function checkClosedOnce({ rows, lot, last }: Awaited<ReturnType<typeof checkBids>>) {
  expect(lot.outcome).toBe("sold");
  expect(lot.closedAt!.getTime()).toBeGreaterThanOrEqual(lot.endsAt.getTime());
  for (const r of rows) expect(r.placedAt.getTime()).toBeLessThan(lot.endsAt.getTime());
  expect(await handle.db.select({ buyer: awards.buyerOrganisationId }).from(awards).where(eq(awards.listingId, lot.listingId))).toEqual([{ buyer: last.organisationId }]);
  expect(await handle.db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, lot.listingId), eq(auditEvents.action, "lot.closed")))).toHaveLength(1);
}

/** Every join answered exactly the bids after its sinceSeq up to the lot's seq then: none missing, none twice. */
function checkJoins(room: Room, rows: Awaited<ReturnType<typeof checkBids>>["rows"]) {
  for (const j of room.joins) {
    const missing = rows.filter((r) => r.seq > j.sinceSeq && r.seq <= j.seq).map((r) => ({ seq: r.seq, amount: Number(r.amount), bidderCode: r.bidderCode, placedAt: r.placedAt.toISOString() }));
    expect({ sinceSeq: j.sinceSeq, bids: j.bids, hasMore: j.hasMore }).toEqual({ sinceSeq: j.sinceSeq, bids: missing, hasMore: false });
  }
  expect(room.joins.filter((j) => j.life === 2 && j.sinceSeq > 0).length).toBeGreaterThan(0);
}

function report(label: string, room: Room) {
  for (const life of [1, 2]) {
    const counts = new Map<string, number>();
    for (const s of room.sent.filter((x) => x.life === life)) {
      const outcome = s.ack ? (s.ack.ok ? "ok" : s.ack.code!) : "unanswered";
      counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
    }
    console.log(`${label}, life ${life}: ${[...counts].map(([code, n]) => `${code} ${n}`).join(", ")}`);
  }
}

describe("kill -9 under load, then restart", () => {
  it("crash mid-auction: every acked bid survives, bidders rejoin from their last seq and go on, the lot closes once", async () => {
    const first = live ?? (await restart(standby()));
    const next = standby();
    const room = await openRoom("K", 12_000);
    const firstLives = Promise.all(room.bidders.map((b) => bidderLife(first.origin, b, room, 1, room.endsAt + 5_000)));
    await waitFor("every bidder in the room", () => room.joins.length === room.bidders.length);
    await sleep(2_500);
    await waitFor("some accepted bids", () => accepted(room, 1).length >= 20);
    // The instant an ok arrives: were it sent before its batch committed, that bid would be lost.
    const crashed = new Promise<void>((resolve) => (room.onAccepted = () => ((room.onAccepted = undefined), resolve(crash()))));
    await crashed;
    await firstLives;

    const afterCrash = await checkBids(room);
    expect(afterCrash.lot.closedAt).toBeNull();

    const second = await restart(next);
    const watcher = await connect(second.origin);
    sockets.push(watcher);
    const closedEvents: unknown[] = [];
    watcher.on("lot:closed", (e) => closedEvents.push(e));
    const closed = new Promise((resolve) => watcher.once("lot:closed", resolve));
    expect((await emitAck(watcher, "lot:join", { lotId: room.lotId })).lot.status, "restarted before the end").toBe("open");
    await Promise.all(room.bidders.map((b) => bidderLife(second.origin, b, room, 2, room.endsAt + 5_000)));
    await closed;
    report("crash mid-auction", room);

    const final = await checkBids(room);
    expect(final.rows.slice(0, afterCrash.rows.length)).toEqual(afterCrash.rows);
    expect(accepted(room, 1).length).toBeGreaterThan(5);
    expect(accepted(room, 2).length).toBeGreaterThan(0);
    await checkClosedOnce(final);
    checkJoins(room, final.rows);
    await sleep(300);
    expect(closedEvents).toEqual([{ lotId: room.lotId, outcome: "sold", finalPrice: Number(final.last.amount), winnerCode: final.last.bidderCode }]);
  }, 90_000);

  it("crash across the end: down past the end, the restarted server closes the overdue lot once; late bids are refused, a bid committed but unanswered is answered ok on retry", async () => {
    const first = live ?? (await restart(standby()));
    const next = standby();
    const room = await openRoom("E", 5_000);
    const firstLives = Promise.all(room.bidders.map((b) => bidderLife(first.origin, b, room, 1, room.endsAt + 5_000)));
    await waitFor("every bidder in the room", () => room.joins.length === room.bidders.length);
    // Dies right after a batch commits, before its answers leave: some bids are in the database and their bidders do not know.
    first.crashAfterCommit(room.endsAt - 700);
    const crashed = await Promise.race([first.exited.then(() => true), sleep(room.endsAt + 200 - Date.now()).then(() => false)]);
    await crash();
    expect(crashed, "died after a commit shortly before the end").toBe(true);
    await firstLives;

    const afterCrash = await checkBids(room);
    expect(afterCrash.lot.closedAt, "the crash came before the close").toBeNull();
    await sleep(room.endsAt + 1_000 - Date.now());
    const second = await restart(next);
    await waitFor("the restarted server's close", async () => Boolean((await handle.db.select({ at: lots.closedAt }).from(lots).where(eq(lots.listingId, room.lotId)))[0]?.at));

    const watcher = await connect(second.origin);
    sockets.push(watcher);
    const watched = await emitAck(watcher, "lot:join", { lotId: room.lotId });
    expect(watched.lot).toMatchObject({ status: "closed", outcome: "sold", seq: afterCrash.last.seq, currentPrice: Number(afterCrash.last.amount) });
    expect(watched.bids).toHaveLength(afterCrash.last.seq);
    await Promise.all(room.bidders.map((b) => bidderLife(second.origin, b, room, 2, Date.now() + 5_000)));
    report("crash across the end", room);

    const final = await checkBids(room);
    expect(final.rows).toEqual(afterCrash.rows);
    expect(accepted(room, 1).length).toBeGreaterThan(5);
    // After the end only a bid the first life had committed is answered ok (the same answer again); any other is late.
    expect(accepted(room, 2).length, "committed bids whose answers the crash swallowed").toBeGreaterThan(0);
    const lostKeys = new Set(room.sent.filter((s) => s.life === 1 && !s.ack).map((s) => key(s.trader.organisationId, s.clientBidId)));
    for (const s of room.sent.filter((x) => x.life === 2)) {
      if (s.ack?.ok) expect(lostKeys.has(key(s.trader.organisationId, s.clientBidId)), `ok after the end for ${s.clientBidId}`).toBe(true);
      else expect(s.ack?.code).toBe("LOT_CLOSED");
    }
    await checkClosedOnce(final);
    checkJoins(room, final.rows);
  }, 90_000);
});
