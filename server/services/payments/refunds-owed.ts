import { type SQL, and, desc, eq, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { bankReceipts, journalEntries, journalLines, organisations, payments, refunds } from "../../../db/schema";
import type { RefundClaim } from "../../domain/schemas/refunds";

export type RefundRow = typeof refunds.$inferSelect;
export type RefundSource = RefundRow["source"];

/** Money owed back: what the ledger still holds for one claim, less card refunds already on their way. */
export type OwedClaim = {
  source: RefundSource;
  organisationId: string | null;
  payeeName: string;
  currency: string;
  owed: bigint;
  paymentId: string | null;
  settlementId: string | null;
  bankReceiptId: string | null;
  reference: string;
  /** A captured card payment the money can go back to; null: only a bank transfer can repay it. */
  cardPaymentId: string | null;
};

/** Over-payments are owed on their payment; a defaulted sale's part-payment on its settlement (the entry carries no payment). */
const claimSettlement = sql<string | null>`case when ${journalEntries.paymentId} is null then ${journalEntries.settlementId} end`;
const keyOf = (paymentId: string | null, settlementId: string | null) => (paymentId ? `p:${paymentId}` : `s:${settlementId}`);

/** refunds_due balances per claim and payer (credits: owed), optionally narrowed. */
function dueBalances(db: DbOrTx, narrow: SQL | undefined) {
  return db
    .select({ paymentId: journalEntries.paymentId, settlementId: claimSettlement, organisationId: journalLines.organisationId, currency: journalEntries.currency, owed: sql<string>`-sum(${journalLines.amount})` })
    .from(journalLines)
    .innerJoin(journalEntries, eq(journalEntries.id, journalLines.entryId))
    .where(and(eq(journalLines.account, "refunds_due"), or(isNotNull(journalEntries.paymentId), isNotNull(journalEntries.settlementId)), narrow))
    .groupBy(journalEntries.paymentId, claimSettlement, journalLines.organisationId, journalEntries.currency)
    .having(sql`sum(${journalLines.amount}) <> 0`);
}

/** Unmatched receipts' suspense balances (credits: cash whose owner is unknown). */
function suspenseBalances(db: DbOrTx, receiptId: string | null) {
  return db
    .select({ receipt: bankReceipts, owed: sql<string>`-sum(${journalLines.amount})` })
    .from(journalLines)
    .innerJoin(journalEntries, eq(journalEntries.id, journalLines.entryId))
    .innerJoin(bankReceipts, eq(bankReceipts.id, journalEntries.bankReceiptId))
    .where(and(eq(journalLines.account, "suspense"), receiptId ? eq(bankReceipts.id, receiptId) : undefined))
    .groupBy(bankReceipts.id)
    .having(sql`sum(${journalLines.amount}) <> 0`)
    .orderBy(desc(bankReceipts.receivedOn));
}

/** Card refunds asked of Stripe and not yet answered: the ledger still owes them, but they are spoken for. */
async function pendingByClaim(db: DbOrTx) {
  const rows = await db.select({ source: refunds.source, paymentId: refunds.paymentId, settlementId: refunds.settlementId, amount: refunds.amount }).from(refunds).where(eq(refunds.status, "pending"));
  const pending = new Map<string, bigint>();
  for (const r of rows) {
    const key = r.source === "part_payment" ? keyOf(null, r.settlementId) : keyOf(r.paymentId, null);
    pending.set(key, (pending.get(key) ?? 0n) + r.amount);
  }
  return pending;
}

/** The captured card payments a claim's money came in on (a payment itself, or a settlement's balance payments). */
async function cardPayments(db: DbOrTx, paymentIds: string[], settlementIds: string[]) {
  if (paymentIds.length === 0 && settlementIds.length === 0) return [];
  const which = or(paymentIds.length ? inArray(payments.id, paymentIds) : undefined, settlementIds.length ? and(inArray(payments.settlementId, settlementIds), eq(payments.purpose, "balance")) : undefined);
  return db.select().from(payments).where(which);
}

/**
 * What is owed back, per claim: over-payments and part-payments by payer (from refunds_due), and — for operators,
 * unless narrowed to a payer — unmatched receipts held in suspense. `claim` narrows to one (inside a lock).
 */
export async function owedClaims(db: DbOrTx, filter: { organisationId?: string; claim?: RefundClaim } = {}): Promise<OwedClaim[]> {
  const { organisationId, claim } = filter;
  const claims: OwedClaim[] = [];
  if (!claim || !("bankReceiptId" in claim)) {
    const narrow = and(
      organisationId ? eq(journalLines.organisationId, organisationId) : undefined,
      claim && "paymentId" in claim ? eq(journalEntries.paymentId, claim.paymentId) : undefined,
      claim && "settlementId" in claim ? and(isNull(journalEntries.paymentId), eq(journalEntries.settlementId, claim.settlementId)) : undefined,
    );
    const balances = await dueBalances(db, narrow);
    const pending = await pendingByClaim(db);
    const related = await cardPayments(db, balances.flatMap((b) => (b.paymentId ? [b.paymentId] : [])), balances.flatMap((b) => (b.settlementId ? [b.settlementId] : [])));
    const orgIds = [...new Set(balances.map((b) => b.organisationId).filter((id): id is string => id !== null))];
    const names = new Map((orgIds.length ? await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, orgIds)) : []).map((o) => [o.id, o.name]));
    for (const b of balances) {
      const owed = BigInt(b.owed) - (pending.get(keyOf(b.paymentId, b.settlementId)) ?? 0n);
      const own = b.paymentId ? related.filter((p) => p.id === b.paymentId) : related.filter((p) => p.settlementId === b.settlementId);
      const card = own.find((p) => p.method === "card" && p.stripePaymentIntentId && p.received > 0n);
      claims.push({
        source: b.paymentId ? "overpayment" : "part_payment",
        organisationId: b.organisationId,
        payeeName: b.organisationId ? (names.get(b.organisationId) ?? "") : "",
        currency: b.currency,
        owed: owed > 0n ? owed : 0n,
        paymentId: b.paymentId,
        settlementId: b.settlementId,
        bankReceiptId: null,
        reference: own[0]?.reference ?? "",
        cardPaymentId: card?.id ?? null,
      });
    }
  }
  if (!organisationId && (!claim || "bankReceiptId" in claim)) {
    for (const { receipt, owed } of await suspenseBalances(db, claim && "bankReceiptId" in claim ? claim.bankReceiptId : null)) {
      const base = { organisationId: null, paymentId: null, settlementId: null, cardPaymentId: null };
      claims.push({ ...base, source: "unmatched_receipt", payeeName: receipt.payerName, currency: receipt.currency, owed: BigInt(owed), bankReceiptId: receipt.id, reference: receipt.reference });
    }
  }
  return claims.filter((c) => c.owed > 0n || claim);
}

/** Refunds recorded, newest first: a payer's own, or all for operators. */
export function recordedRefunds(db: DbOrTx, organisationId: string | null) {
  return db
    .select()
    .from(refunds)
    .where(organisationId ? eq(refunds.organisationId, organisationId) : undefined)
    .orderBy(desc(refunds.createdAt))
    .limit(200);
}

/** The suspense balance of one receipt (zero once it is assigned or returned). */
export async function suspenseOf(db: DbOrTx, receiptId: string): Promise<bigint> {
  const [row] = await suspenseBalances(db, receiptId);
  return row ? BigInt(row.owed) : 0n;
}
