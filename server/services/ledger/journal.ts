import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { journalEntries, journalLines } from "../../../db/schema";
import { type JournalLine, unbalancedBy } from "../../domain/proceeds/accounts";

export type NewEntry = {
  currency: string;
  /** What happened, in a word: deposit_received, deposit_released, balance_received, distribution, … */
  kind: string;
  memo?: string;
  settlementId?: string | null;
  paymentId?: string | null;
  distributionId?: string | null;
  bankReceiptId?: string | null;
  refundId?: string | null;
  lines: readonly JournalLine[];
};

/**
 * Posts one balanced entry inside the caller's transaction (the business change and its entry commit
 * together). An unbalanced entry is a programmer's error: it throws here, and the database's deferred
 * trigger would refuse it at commit anyway.
 */
export async function postEntry(tx: DbOrTx, entry: NewEntry, now: Date, reversesId: string | null = null): Promise<string> {
  if (entry.lines.length < 2 || entry.lines.some((l) => l.amount === 0n) || unbalancedBy(entry.lines) !== 0n) {
    throw new Error(`unbalanced journal entry ${entry.kind}: ${entry.lines.map((l) => `${l.account} ${l.amount}`).join(", ")}`);
  }
  const [row] = await tx
    .insert(journalEntries)
    .values({ currency: entry.currency, kind: entry.kind, memo: entry.memo ?? "", settlementId: entry.settlementId ?? null, paymentId: entry.paymentId ?? null, distributionId: entry.distributionId ?? null, bankReceiptId: entry.bankReceiptId ?? null, refundId: entry.refundId ?? null, reversesId, createdAt: now })
    .returning({ id: journalEntries.id });
  await tx.insert(journalLines).values(entry.lines.map((l) => ({ entryId: row!.id, account: l.account, organisationId: l.organisationId ?? null, partyName: l.partyName ?? null, amount: l.amount })));
  return row!.id;
}

/** A correction: the same lines with opposite signs, linked to the entry it reverses (at most once, by a unique key). */
export async function reverseEntry(tx: DbOrTx, entryId: string, memo: string, now: Date): Promise<string> {
  const [entry] = await tx.select().from(journalEntries).where(eq(journalEntries.id, entryId));
  if (!entry) throw new Error(`no journal entry ${entryId}`);
  const lines = await tx.select().from(journalLines).where(eq(journalLines.entryId, entryId));
  return postEntry(
    tx,
    { currency: entry.currency, kind: "reversal", memo, settlementId: entry.settlementId, paymentId: entry.paymentId, distributionId: entry.distributionId, bankReceiptId: entry.bankReceiptId, refundId: entry.refundId, lines: lines.map((l) => ({ account: l.account as JournalLine["account"], organisationId: l.organisationId, partyName: l.partyName, amount: -l.amount })) },
    now,
    entryId,
  );
}
