import { and, desc, eq, isNull, notExists } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { bankReceipts, payments, refunds } from "../../../db/schema";
import type { AssignReceiptInput, BankReceiptInput } from "../../domain/schemas/payments";
import { fail, ok } from "../../domain/result";
import { postEntry } from "../ledger/journal";
import { normaliseReference } from "./requests";
import { type ReceivedHandlers, lockPayment, receive } from "./received";
import { suspenseOf } from "./refunds-owed";

export type ReceiptRow = typeof bankReceipts.$inferSelect;

async function paymentByReference(tx: DbOrTx, reference: string) {
  if (reference.trim() === "") return undefined;
  const [row] = await tx.select({ id: payments.id, currency: payments.currency }).from(payments).where(eq(payments.reference, normaliseReference(reference)));
  return row;
}

/** Applies a recorded, unmatched receipt to a payment (locked inside), and links the two. */
async function applyTo(tx: DbOrTx, handlers: ReceivedHandlers, receipt: ReceiptRow, paymentId: string, now: Date) {
  const payment = await lockPayment(tx, paymentId);
  const received = await receive(tx, handlers, payment!, receipt.amount, now);
  await tx.update(bankReceipts).set({ paymentId }).where(eq(bankReceipts.id, receipt.id));
  return received;
}

/** The cash of an unmatched receipt is on the books at once, in suspense until someone owns it (Dr cash / Cr suspense, or back out). */
function suspense(tx: DbOrTx, receipt: ReceiptRow, direction: "in" | "out", now: Date) {
  const amount = direction === "in" ? receipt.amount : -receipt.amount;
  const lines = [
    { account: "cash" as const, amount },
    { account: "suspense" as const, amount: -amount },
  ];
  return postEntry(tx, { currency: receipt.currency, kind: direction === "in" ? "receipt_unmatched" : "receipt_assigned", memo: receipt.bankSerial, bankReceiptId: receipt.id, lines }, now);
}

/**
 * Records a bank receipt once per bank serial (a second one with the serial is reported as a duplicate and
 * changes nothing) and matches it by the reference quoted to a payment in the same currency; an unmatched
 * receipt waits in suspense for an operator.
 */
export async function recordReceipt(tx: DbOrTx, handlers: ReceivedHandlers, input: BankReceiptInput, recordedBy: string | null, now: Date) {
  const [receipt] = await tx
    .insert(bankReceipts)
    .values({ bankSerial: input.bankSerial, currency: input.currency, amount: BigInt(input.amount), reference: input.reference, payerName: input.payerName, receivedOn: input.receivedOn, recordedBy, createdAt: now })
    .onConflictDoNothing({ target: bankReceipts.bankSerial })
    .returning();
  if (!receipt) {
    const [existing] = await tx.select().from(bankReceipts).where(eq(bankReceipts.bankSerial, input.bankSerial));
    return { outcome: "duplicate" as const, receipt: existing!, payment: null, applied: 0n, excess: 0n };
  }
  const match = await paymentByReference(tx, input.reference);
  if (!match || match.currency !== input.currency) {
    await suspense(tx, receipt, "in", now);
    return { outcome: "unmatched" as const, receipt, payment: null, applied: 0n, excess: 0n };
  }
  const received = await applyTo(tx, handlers, receipt, match.id, now);
  return { outcome: "matched" as const, receipt: { ...receipt, paymentId: match.id }, ...received };
}

export type ReceiptOutcome = Awaited<ReturnType<typeof recordReceipt>>;

/** An operator assigns an unmatched receipt to a payment, by the payment's reference or id: out of suspense, then applied as if matched. */
export async function assignReceipt(tx: DbOrTx, handlers: ReceivedHandlers, receiptId: string, target: AssignReceiptInput, now: Date) {
  const [receipt] = await tx.select().from(bankReceipts).where(eq(bankReceipts.id, receiptId)).for("update");
  if (!receipt) return fail("NOT_FOUND");
  if (receipt.paymentId) return fail("RECEIPT_ALREADY_MATCHED", { paymentId: receipt.paymentId });
  if ((await tx.select({ id: refunds.id }).from(refunds).where(eq(refunds.bankReceiptId, receipt.id))).length > 0) return fail("RECEIPT_RETURNED");
  const match = "reference" in target ? await paymentByReference(tx, target.reference) : (await tx.select({ id: payments.id, currency: payments.currency }).from(payments).where(eq(payments.id, target.paymentId)))[0];
  if (!match) return fail("PAYMENT_NOT_FOUND");
  if (match.currency !== receipt.currency) return fail("CURRENCY_MISMATCH", { payment: match.currency, receipt: receipt.currency });
  // Receipts recorded before suspense existed hold none: their cash reaches the books only now, through the purpose.
  if ((await suspenseOf(tx, receipt.id)) > 0n) await suspense(tx, receipt, "out", now);
  const received = await applyTo(tx, handlers, receipt, match.id, now);
  return ok({ outcome: "matched" as const, receipt: { ...receipt, paymentId: match.id }, ...received });
}

/** Receipts no payment owns yet and not sent back to the payer. */
export function unmatchedReceipts(db: DbOrTx) {
  const returned = db.select({ id: refunds.id }).from(refunds).where(eq(refunds.bankReceiptId, bankReceipts.id));
  return db
    .select()
    .from(bankReceipts)
    .where(and(isNull(bankReceipts.paymentId), notExists(returned))).orderBy(desc(bankReceipts.receivedOn), desc(bankReceipts.createdAt));
}

/** Bank-transfer payments still waiting for (the rest of) their money, for the operator's page; what was paid over is owed back (refunds). */
export async function openBankPayments(db: DbOrTx) {
  return db
    .select()
    .from(payments)
    .where(and(eq(payments.method, "bank_transfer"), eq(payments.status, "pending")))
    .orderBy(desc(payments.updatedAt))
    .limit(200);
}
