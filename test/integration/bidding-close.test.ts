import { and, eq, inArray } from "drizzle-orm";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "../../db/client";
import { auditEvents, awards, listings, lotDeposits, lots, notifications, users } from "../../db/schema";
import { type Bidder, confirmDeposit, insertAuction, verifiedBidders } from "../support/lots";
import { connect, emitAck } from "../support/sockets";
import { type TestServer, startServerOn, startTestServer } from "../support/test-server";

let server: TestServer;
let restarted: Awaited<ReturnType<typeof startServerOn>> | undefined;
let db: DatabaseHandle;
let firstStopped = false;
let a: Bidder;
let b: Bidder;
const sockets: Socket[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  server = await startTestServer();
  db = await openDatabase({ url: server.databaseUrl, embeddedDir: "" });
  [a, b] = (await verifiedBidders(server.origin, 2, "close")) as [Bidder, Bidder];
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await restarted?.stop();
  if (!firstStopped) await server?.stop();
  await db?.close();
});

async function kinds(lotId: string, email: string) {
  const rows = await db.db.select({ kind: notifications.kind }).from(notifications).innerJoin(users, eq(users.id, notifications.userId)).where(and(eq(users.email, email), eq(notifications.link, `/listings/${lotId}`)));
  return rows.map((r) => r.kind).sort();
}

describe("the close", () => {
  it("a bid inside the anti-sniping window moves the end; the lot closes once, after the moved end, and awards the leader", async () => {
    const start = Date.now();
    const { id: lotId } = await insertAuction(db.db, { endsInMs: 5_000, antiSnipeWindowSeconds: 2, antiSnipeExtensionSeconds: 3, reserve: 1_005_000 });
    await confirmDeposit(db.db, lotId, a.organisationId, "A1");
    await confirmDeposit(db.db, lotId, b.organisationId, "B2");
    const watcher = await connect(server.origin);
    const [sa, sb] = [await connect(server.origin, { token: a.token }), await connect(server.origin, { token: b.token })];
    sockets.push(watcher, sa, sb);
    const original = Date.parse((await emitAck(watcher, "lot:join", { lotId })).lot.endsAt);
    const closed = new Promise<{ at: number; event: Record<string, unknown> }>((resolve) => watcher.once("lot:closed", (event) => resolve({ at: Date.now(), event })));

    const early = await emitAck(sa, "bid:place", { lotId, amount: 1_000_000, clientBidId: "a1" });
    expect(Date.parse(early.endsAt)).toBe(original);
    expect((await emitAck(watcher, "lot:join", { lotId })).lot.reserveMet).toBe(false);
    // Well clear of both edges of the window (it opens 2 s before the end), so a busy machine does not change the story.
    await sleep(Math.max(0, start + 3_800 - Date.now()));
    const late = await emitAck(sb, "bid:place", { lotId, amount: 1_010_000, clientBidId: "b1" });
    expect(late.ok).toBe(true);
    const moved = Date.parse(late.endsAt);
    expect(moved).toBeGreaterThan(original);
    expect(moved - Date.parse(late.bid.placedAt)).toBe(3_000);
    expect((await emitAck(watcher, "lot:join", { lotId })).lot.reserveMet).toBe(true);

    const { at, event } = await closed;
    expect(at).toBeGreaterThanOrEqual(moved);
    expect(event).toEqual({ lotId, outcome: "sold", finalPrice: 1_010_000, winnerCode: "B2" });
    expect(await emitAck(sa, "bid:place", { lotId, amount: 2_000_000, clientBidId: "a2" })).toMatchObject({ ok: false, code: "LOT_CLOSED" });

    const [row] = await db.db.select().from(lots).where(eq(lots.listingId, lotId));
    expect(row).toMatchObject({ outcome: "sold", seq: 2 });
    expect(row!.closedAt!.getTime()).toBeGreaterThanOrEqual(moved);
    expect((await db.db.select().from(listings).where(eq(listings.id, lotId)))[0]!.status).toBe("awarded");
    expect(await db.db.select({ buyer: awards.buyerOrganisationId, price: awards.price }).from(awards).where(eq(awards.listingId, lotId))).toEqual([{ buyer: b.organisationId, price: 1_010_000n }]);
    const deposits = await db.db.select({ org: lotDeposits.organisationId, status: lotDeposits.status }).from(lotDeposits).where(eq(lotDeposits.listingId, lotId));
    expect(Object.fromEntries(deposits.map((d) => [d.org, d.status]))).toEqual({ [a.organisationId]: "released", [b.organisationId]: "applied" });
    expect(await kinds(lotId, b.email)).toEqual(["lot_won"]);
    expect(await kinds(lotId, a.email)).toEqual(["lot_lost", "lot_outbid"]);
    expect(await kinds(lotId, "bank@demo.ipx.example")).toEqual(["listing_awarded"]);

    const audit = await db.db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, lotId), inArray(auditEvents.action, ["lot.closed"])));
    expect(audit).toHaveLength(1);
  });

  it("a lot that ended while no server ran closes at start-up (the sweeper), with bids decided before the crash", async () => {
    const { id: lotId } = await insertAuction(db.db, { endsInMs: 1_500 });
    const { id: quietId } = await insertAuction(db.db, { endsInMs: 1_000 });
    await confirmDeposit(db.db, lotId, a.organisationId, "A9");
    const sa = await connect(server.origin, { token: a.token });
    sockets.push(sa);
    expect((await emitAck(sa, "bid:place", { lotId, amount: 1_000_000, clientBidId: "a1" })).ok).toBe(true);
    sa.close();
    await server.stop();
    firstStopped = true;
    await sleep(2_200);
    expect((await db.db.select().from(lots).where(eq(lots.listingId, lotId)))[0]!.closedAt).toBeNull();

    restarted = await startServerOn(server.databaseUrl, { SEED_DEMO: "never" });
    await expect.poll(async () => (await db.db.select().from(listings).where(inArray(listings.id, [lotId, quietId]))).map((l) => `${l.id === lotId ? "bid" : "quiet"}:${l.status}`).sort(), { timeout: 10_000 }).toEqual(["bid:awarded", "quiet:unsold"]);
    expect((await db.db.select().from(lots).where(eq(lots.listingId, quietId)))[0]).toMatchObject({ outcome: "unsold", seq: 0 });
  });
});
