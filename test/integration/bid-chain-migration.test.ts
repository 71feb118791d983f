import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "../../db/client";
import { bids, listings, lots, organisations } from "../../db/schema";
import { chainedBids } from "../support/lots";

/**
 * Migration 0016 chains the bids recorded before the chain existed, in SQL. Its hashes must be the ones the
 * bid path computes in TypeScript, or every lot with older bids would fail verification.
 */
const adminUrl = process.env.TEST_PG_URL!;
const name = `ipx_chain_${crypto.randomBytes(4).toString("hex")}`;
const url = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
})();
let handle: DatabaseHandle | undefined;
const folders: string[] = [];

afterAll(async () => {
  await handle?.close();
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

/** The committed migrations up to (not including) `tag`, as a folder drizzle's migrator reads. */
function migrationsBefore(tag: string): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "ipx-migrations-"));
  folders.push(folder);
  const journal = JSON.parse(fs.readFileSync("db/migrations/meta/_journal.json", "utf8")) as { entries: Array<{ tag: string }> };
  const index = journal.entries.findIndex((e) => e.tag === tag);
  expect(index).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, index);
  fs.mkdirSync(path.join(folder, "meta"));
  fs.writeFileSync(path.join(folder, "meta", "_journal.json"), JSON.stringify(journal));
  for (const entry of journal.entries) fs.copyFileSync(path.join("db/migrations", `${entry.tag}.sql`), path.join(folder, `${entry.tag}.sql`));
  return folder;
}

describe("migration 0016", () => {
  it("chains earlier bids exactly as the bid path does, and records each lot's head", async () => {
    const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    handle = await openDatabase({ url, embeddedDir: "" });
    await handle.migrate(migrationsBefore("0016_bid_chain"));

    const sql = postgres(url, { max: 1, onnotice: () => undefined });
    const history: Array<{ listingId: string; seq: number; bidderCode: string; amount: bigint; placedAt: Date }> = [];
    try {
      const [org] = await sql`insert into organisations (name, kind, verification) values ('Seller', 'bank', 'verified') returning id`;
      const now = new Date("2026-11-30T08:00:00.123Z");
      for (const lotNumber of [1, 2]) {
        const [listing] = await sql`insert into listings (organisation_id, mode, preset, status, title, price, terms, created_at, updated_at)
          values (${org!.id}, 'english_auction', 'private', 'closed', ${`Lot ${lotNumber}`}, 100000, '{}'::jsonb, ${now}, ${now}) returning id`;
        await sql`insert into lots (listing_id, seq, opens_at, ends_at, updated_at) values (${listing!.id}, 3, ${now}, ${now}, ${now})`;
        for (const seq of [1, 2, 3]) {
          const bid = { listingId: listing!.id as string, seq, bidderCode: `K${lotNumber}${seq}`, amount: BigInt(100_000 * lotNumber + seq * 1_000), placedAt: new Date(now.getTime() + seq * 1_001) };
          history.push(bid);
          await sql`insert into bids (listing_id, seq, organisation_id, bidder_code, amount, placed_at) values (${bid.listingId}, ${seq}, ${org!.id}, ${bid.bidderCode}, ${bid.amount.toString()}, ${bid.placedAt})`;
        }
      }
    } finally {
      await sql.end();
    }

    await handle.migrate(path.resolve("db/migrations"));
    const db = handle.db;
    const [seller] = await db.select({ id: organisations.id }).from(organisations);
    const own = await db.select({ id: listings.id }).from(listings).where(eq(listings.organisationId, seller!.id));
    for (const { id } of own) {
      const expected = chainedBids(history.filter((b) => b.listingId === id));
      const stored = await db.select().from(bids).where(eq(bids.listingId, id)).orderBy(asc(bids.seq));
      expect(stored.map((b) => [b.seq, b.prevHash, b.hash])).toEqual(expected.map((b) => [b.seq, b.prevHash, b.hash]));
      const [lot] = await db.select({ chainHead: lots.chainHead }).from(lots).where(eq(lots.listingId, id));
      expect(lot!.chainHead).toBe(expected.at(-1)!.hash);
    }
  });
});
