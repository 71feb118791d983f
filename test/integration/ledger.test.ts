import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { journalEntries, journalLines, organisations } from "../../db/schema";
import { postEntry, reverseEntry } from "../../server/services/ledger/journal";
import { trialBalance } from "../../server/services/ledger/trial-balance";
import { type TestServer, startTestServer } from "../support/test-server";
import { runCli } from "../support/cli";

let server: TestServer;
let bidder: string;
const now = new Date("2026-11-27T10:00:00Z");

beforeAll(async () => {
  server = await startTestServer();
  [{ id: bidder }] = (await server.db.db.select({ id: organisations.id }).from(organisations).limit(1)) as [{ id: string }];
});
afterAll(() => server?.stop());

const ledgerCheck = () => runCli("ledger-check", server.databaseUrl);

/** The database's own words for a refused statement (drizzle wraps them as the cause of its error). */
async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    const e = error as { message: string; cause?: { message?: string } };
    return e.cause?.message ?? e.message;
  }
  return "accepted";
}

const deposit = (amount: bigint) => ({ currency: "CNY", kind: "deposit_received", lines: [{ account: "cash" as const, amount }, { account: "deposits_held" as const, organisationId: bidder, amount: -amount }] });

describe("the ledger", () => {
  it("posts balanced entries, reverses one once, and the trial balance (and ledger:check) stays at zero", async () => {
    const db = server.db.db;
    const first = await db.transaction((tx) => postEntry(tx, deposit(5_000_00n), now));
    await db.transaction((tx) => postEntry(tx, deposit(1_234_56n), now));
    await db.transaction((tx) => reverseEntry(tx, first, "entered twice", now));
    await expect(db.transaction((tx) => reverseEntry(tx, first, "again", now))).rejects.toThrow();
    const balance = await trialBalance(db);
    expect(balance.totals).toEqual([{ currency: "CNY", balance: 0n }]);
    expect(balance.rows.find((r) => r.account === "cash")).toMatchObject({ debits: 6_234_56n, credits: 5_000_00n, balance: 1_234_56n });
    expect(balance.unbalancedEntries).toEqual([]);
    const cli = await ledgerCheck();
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain("Ledger balanced");
    expect(cli.stdout).toMatch(/CNY\s+deposits_held\s+5000\.00\s+6234\.56\s+-1234\.56/);
  });

  it("refuses an unbalanced entry at commit, an entry without lines, and any update or delete", async () => {
    const db = server.db.db;
    await expect(postEntry(db, { currency: "CNY", kind: "broken", lines: [{ account: "cash", amount: 1n }, { account: "fees", amount: -2n }] }, now)).rejects.toThrow(/unbalanced/);
    // Past the service, straight into the tables: the database itself refuses.
    const unbalanced = db.transaction(async (tx) => {
      const [entry] = await tx.insert(journalEntries).values({ currency: "CNY", kind: "broken", createdAt: now }).returning({ id: journalEntries.id });
      await tx.insert(journalLines).values([{ entryId: entry!.id, account: "cash", amount: 100n }, { entryId: entry!.id, account: "fees", amount: -99n }]);
    });
    expect(await refusal(unbalanced)).toMatch(/does not balance/);
    expect(await refusal(db.transaction((tx) => tx.insert(journalEntries).values({ currency: "CNY", kind: "empty", createdAt: now })))).toMatch(/has no lines/);
    const [line] = await db.select().from(journalLines).limit(1);
    expect(await refusal(db.update(journalLines).set({ amount: 1n }).where(eq(journalLines.id, line!.id)))).toMatch(/append-only/);
    expect(await refusal(db.delete(journalEntries).where(eq(journalEntries.id, line!.entryId)))).toMatch(/append-only/);
    expect(await refusal(db.execute(sql`truncate journal_lines cascade`))).toMatch(/append-only/);
    expect((await trialBalance(db)).totals).toEqual([{ currency: "CNY", balance: 0n }]);
  });

  it("ledger:check fails when the books do not balance (lines written with the triggers switched off)", async () => {
    await server.db.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      const [entry] = await tx.insert(journalEntries).values({ currency: "USD", kind: "tampered", createdAt: now }).returning({ id: journalEntries.id });
      await tx.insert(journalLines).values([{ entryId: entry!.id, account: "cash", amount: 700n }, { entryId: entry!.id, account: "fees", amount: -1n }]);
    });
    const cli = await ledgerCheck();
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain("UNBALANCED entry");
    expect(cli.stdout).toContain("Ledger NOT balanced");
  });
});
