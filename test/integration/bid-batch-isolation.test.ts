import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bids } from "../../db/schema";
import { parseConfig } from "../../server/config";
import { createLogger } from "../../server/logger";
import { principalFromToken } from "../../server/services/auth/credentials";
import type { Principal } from "../../server/services/auth/principal";
import { BidService } from "../../server/services/bidding/bid-service";
import { EventBus } from "../../server/services/events";
import { insertAuction, insertTraders } from "../support/lots";
import { type TestServer, startTestServer } from "../support/test-server";

/**
 * One command that PostgreSQL refuses (here a client bid id with a NUL byte, which the edges now refuse
 * before it gets this far) must not fail the other commands of its batch: the sequencer decides the batch
 * again without it, so an eligible bidder cannot knock out competitors' bids in the last seconds.
 */
let server: TestServer;
let service: BidService;

beforeAll(async () => {
  server = await startTestServer();
  const config = parseConfig({ NODE_ENV: "test", DATABASE_URL: server.databaseUrl, LOG_LEVEL: "silent" });
  service = new BidService({ db: server.db.db, config, bus: new EventBus(), log: createLogger("silent"), now: () => new Date() });
});
afterAll(async () => {
  await service?.stop();
  await server?.stop();
});

async function bidders(lotId: string, count: number): Promise<Principal[]> {
  const traders = await insertTraders(server.db.db, lotId, count, 1, "P");
  return Promise.all(traders.map(async (t) => (await principalFromToken(server.db.db, t.token, new Date()))!));
}

describe("a batch with a poisoned command", () => {
  it("accepts every other bidder's bid and refuses only the poisoned one", async () => {
    const lot = await insertAuction(server.db.db);
    const [first, second, attacker, third, fourth] = await bidders(lot.id, 5);
    // Submitted together: the first forms a batch of its own, the other five queue behind it and form the next.
    const answers = await Promise.all([
      service.place(first!, { lotId: lot.id, amount: 1_000_000, clientBidId: "first" }),
      service.place(second!, { lotId: lot.id, amount: 1_010_000, clientBidId: "second" }),
      service.place(attacker!, { lotId: lot.id, amount: 1_020_000, clientBidId: "poison\u0000" }),
      service.place(third!, { lotId: lot.id, amount: 1_030_000, clientBidId: "third" }),
      service.place(fourth!, { lotId: lot.id, amount: 1_040_000, clientBidId: "fourth" }),
      service.place(second!, { lotId: lot.id, amount: 1_050_000, clientBidId: "second-again" }),
    ]);
    expect(answers.map((a) => (a.ok ? a.bid.seq : a.code))).toEqual([1, 2, "INVALID", 3, 4, 5]);
    const rows = await server.db.db.select().from(bids).where(eq(bids.listingId, lot.id)).orderBy(asc(bids.seq));
    expect(rows.map((r) => [r.seq, r.clientBidId, Number(r.amount)])).toEqual([
      [1, "first", 1_000_000],
      [2, "second", 1_010_000],
      [3, "third", 1_030_000],
      [4, "fourth", 1_040_000],
      [5, "second-again", 1_050_000],
    ]);
    // The decided-again halves still link into one chain.
    for (const [i, row] of rows.entries()) if (i > 0) expect(row.prevHash).toBe(rows[i - 1]!.hash);
  });
});
