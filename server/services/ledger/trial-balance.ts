import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { journalEntries, journalLines } from "../../../db/schema";

export type TrialBalanceRow = { currency: string; account: string; debits: bigint; credits: bigint; balance: bigint };
export type TrialBalance = { rows: TrialBalanceRow[]; totals: Array<{ currency: string; balance: bigint }>; unbalancedEntries: Array<{ entryId: string; currency: string; sum: bigint }> };

/**
 * The trial balance per currency and account, and every entry whose lines do not sum to zero (none, while
 * the database's deferred trigger holds). A ledger is sound when each currency's total is zero and no entry
 * is listed.
 */
export async function trialBalance(db: DbOrTx): Promise<TrialBalance> {
  const byAccount = await db
    .select({
      currency: journalEntries.currency,
      account: journalLines.account,
      debits: sql<string>`coalesce(sum(${journalLines.amount}) filter (where ${journalLines.amount} > 0), 0)`,
      credits: sql<string>`coalesce(-sum(${journalLines.amount}) filter (where ${journalLines.amount} < 0), 0)`,
      balance: sql<string>`coalesce(sum(${journalLines.amount}), 0)`,
    })
    .from(journalLines)
    .innerJoin(journalEntries, sql`${journalEntries.id} = ${journalLines.entryId}`)
    .groupBy(journalEntries.currency, journalLines.account)
    .orderBy(journalEntries.currency, journalLines.account);
  const unbalanced = await db
    .select({ entryId: journalEntries.id, currency: journalEntries.currency, sum: sql<string>`coalesce(sum(${journalLines.amount}), 0)` })
    .from(journalEntries)
    .leftJoin(journalLines, sql`${journalEntries.id} = ${journalLines.entryId}`)
    .groupBy(journalEntries.id, journalEntries.currency)
    .having(sql`coalesce(sum(${journalLines.amount}), 0) <> 0 or count(${journalLines.id}) < 2`);
  const rows = byAccount.map((r) => ({ currency: r.currency, account: r.account, debits: BigInt(r.debits), credits: BigInt(r.credits), balance: BigInt(r.balance) }));
  const totals = new Map<string, bigint>();
  for (const r of rows) totals.set(r.currency, (totals.get(r.currency) ?? 0n) + r.balance);
  return {
    rows,
    totals: [...totals].map(([currency, balance]) => ({ currency, balance })),
    unbalancedEntries: unbalanced.map((u) => ({ entryId: u.entryId, currency: u.currency, sum: BigInt(u.sum) })),
  };
}
