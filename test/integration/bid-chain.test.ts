import crypto from "node:crypto";
import { and, eq, gt, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditCheckpoints, auditEvents, lots } from "../../db/schema";
import { writeAuditCheckpoints } from "../../server/services/audit";
import { type Trader, insertAuction, insertTraders } from "../support/lots";
import { type TestServer, startTestServer } from "../support/test-server";
import { Visitor, api } from "../support/visitor";
import { runCli } from "../support/cli";

/**
 * Each lot's bids form a hash chain (decision 017). The recomputation here is written from the published
 * description alone (the OpenAPI document's `chainHead`), not with the product's own functions, so that a
 * bidder holding only the public record could do the same.
 */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const verifyCli = () => runCli("audit-verify", server.databaseUrl);

/** A lot with three bidders who bid 1,000,000, 1,010,000, … through the API, `count` bids in all. */
async function lotWithBids(count: number, endsInMs = 60_000) {
  const lot = await insertAuction(server.db.db, { endsInMs });
  const traders = await insertTraders(server.db.db, lot.id, 3, 1, `C${crypto.randomBytes(2).toString("hex").toUpperCase()}`);
  for (let i = 0; i < count; i++) {
    const trader = traders[i % traders.length] as Trader;
    const placed = await api(server.origin, "POST", `/lots/${lot.id}/bids`, { token: trader.token, body: { amount: 1_000_000 + i * 10_000, clientBidId: `chain-${i}` } });
    expect(placed.status).toBe(201);
  }
  return lot.id;
}

/** sha256 over `ipx-bid-v1|lot|seq|code|amount|ms|previous`, 64 zeros before the first: the published recipe. */
function recompute(lotId: string, record: Array<{ seq: number; bidderCode: string; amount: number; placedAt: string }>) {
  return record.reduce(
    (previous, bid) =>
      crypto
        .createHash("sha256")
        .update(`ipx-bid-v1|${lotId}|${bid.seq}|${bid.bidderCode}|${bid.amount}|${Date.parse(bid.placedAt)}|${previous}`)
        .digest("hex"),
    "0".repeat(64),
  );
}

async function withTriggersOff(table: "bids" | "audit_events", work: () => Promise<unknown>) {
  const trigger = table === "bids" ? "bids_no_update_delete" : "audit_events_no_update_delete";
  await server.db.db.execute(sql.raw(`alter table ${table} disable trigger ${trigger}`));
  try {
    await work();
  } finally {
    await server.db.db.execute(sql.raw(`alter table ${table} enable trigger ${trigger}`));
  }
}

describe("the bid chain", () => {
  it("links every bid in seq order; anyone can recompute the head from the public record, and a closed lot publishes it", async () => {
    const lotId = await lotWithBids(7, 4_000);
    const state = await api(server.origin, "GET", `/lots/${lotId}/bids`);
    expect(state.body!.bids).toHaveLength(7);
    expect(state.body!.lot.chainHead).toBe(recompute(lotId, state.body!.bids));

    // After the close, the room and the listing's public page show the same head to an anonymous visitor.
    await expect.poll(async () => (await api(server.origin, "GET", `/lots/${lotId}`)).body!.lot.outcome, { timeout: 20_000 }).toBe("sold");
    const head = state.body!.lot.chainHead as string;
    const visitor = new Visitor(server.origin);
    for (const page of [`/listings/${lotId}`, `/listings/${lotId}/room`]) {
      const html = await (await visitor.get(page)).text();
      expect(html, page).toContain(head);
    }
    const cli = await verifyCli();
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/ok {5}bid chains: \d+ lot\(s\), \d+ bids/);
  });

  it("names the lot and the first broken bid when an amount is changed in the database, and a cut-off newest bid", async () => {
    const changed = await lotWithBids(5);
    const cut = await lotWithBids(4);
    await withTriggersOff("bids", async () => {
      await server.db.db.execute(sql`update bids set amount = amount - 1 where listing_id = ${changed} and seq = 3`);
      await server.db.db.execute(sql`delete from bids where listing_id = ${cut} and seq = 4`);
    });
    const cli = await verifyCli();
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`BROKEN chain "bids:${changed}": first broken link is seq 3 (hash mismatch)`);
    expect(cli.stdout).toContain(`BROKEN chain "bids:${cut}": first broken link is seq 4 (missing links)`);

    // Cutting the lot row's head back as well is caught by the bid before it no longer being the head.
    await server.db.db.update(lots).set({ seq: 3 }).where(eq(lots.listingId, cut));
    expect((await verifyCli()).stdout).toContain(`BROKEN chain "bids:${cut}": first broken link is seq 3 (hash mismatch)`);
  });
});

describe("the day-end checkpoint of the audit chain", () => {
  it("is written once a day and catches the newest events deleted before it", async () => {
    const db = server.db.db;
    const before = await api(server.origin, "POST", "/auth/token", { body: { email: "insurer@demo.ipx.example", password: "wrong-password-9" } });
    expect(before.status).toBe(401);
    expect(await writeAuditCheckpoints(db, "2026-12-01", new Date())).toBeGreaterThan(0);
    expect(await writeAuditCheckpoints(db, "2026-12-01", new Date())).toBe(0);
    const [checkpoint] = await db.select().from(auditCheckpoints).where(and(eq(auditCheckpoints.chain, "global"), eq(auditCheckpoints.day, "2026-12-01")));
    expect((await verifyCli()).stdout).not.toContain('BROKEN chain "global"');

    // Deleting the newest events leaves a chain that still links: only the checkpoint notices.
    await withTriggersOff("audit_events", () => db.delete(auditEvents).where(and(eq(auditEvents.chain, "global"), gt(auditEvents.seq, checkpoint!.seq - 2))));
    const cli = await verifyCli();
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`BROKEN chain "global": first broken link is seq ${checkpoint!.seq - 1} (missing links)`);
  });
});
