import { type SQL, and, count, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { auditEvents, distributionLines, distributions, organisations, payouts } from "../../../db/schema";
import type { JournalLine } from "../../domain/proceeds/accounts";
import type { TransferState } from "../../payments/stripe-client";
import { appendAudit } from "../audit";
import { postEntry } from "../ledger/journal";
import { formatMajor } from "../../domain/money";
import { tellOrganisations } from "../listings/notices";

/**
 * The books of Stripe Connect payouts (docs/decisions/011-payouts.md). A distribution line to a party whose
 * connected account can receive transfers gets no payout row at first: its payable stands until the transfer is
 * created, then the row (`transferred`) and Dr payable / Cr cash commit together. A refused attempt leaves a
 * `failed` row and the payable owed; a reversed transfer puts the cash back and the payable with it.
 */
export type LineToPay = Awaited<ReturnType<typeof linesToPay>>[number];

/** Organisations among these whose payouts go by Stripe transfer (a connected account Stripe lets receive them). */
export async function connectedPayees(tx: DbOrTx, organisationIds: readonly string[]): Promise<Set<string>> {
  if (organisationIds.length === 0) return new Set();
  const rows = await tx
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(inArray(organisations.id, [...new Set(organisationIds)]), isNotNull(organisations.stripeAccountId), eq(organisations.stripePayoutsEnabled, true)));
  return new Set(rows.map((r) => r.id));
}

/** Cash distribution lines to parties with a connected account, with their payout (if any attempt was recorded). */
export function linesToPay(db: DbOrTx, where: SQL | undefined) {
  return db
    .select({
      lineId: distributionLines.id,
      distributionId: distributionLines.distributionId,
      settlementId: distributions.settlementId,
      organisationId: organisations.id,
      partyName: distributionLines.partyName,
      currency: distributions.currency,
      amount: distributionLines.amount,
      accountId: organisations.stripeAccountId,
      payoutsEnabled: organisations.stripePayoutsEnabled,
      payoutId: payouts.id,
      status: payouts.status,
      stripeTransferId: payouts.stripeTransferId,
      failureMessage: payouts.failureMessage,
      transferredAt: payouts.transferredAt,
      createdAt: distributions.createdAt,
    })
    .from(distributionLines)
    .innerJoin(distributions, eq(distributions.id, distributionLines.distributionId))
    .innerJoin(organisations, eq(organisations.id, distributionLines.organisationId))
    .leftJoin(payouts, eq(payouts.distributionLineId, distributionLines.id))
    .where(and(eq(distributions.inKind, false), isNull(distributions.reversedAt), isNotNull(organisations.stripeAccountId), where))
    .orderBy(distributions.createdAt, distributionLines.position);
}

/** Lines whose transfer is still to be made (no attempt recorded yet). */
export const awaitingTransfer = (db: DbOrTx, where?: SQL) => linesToPay(db, and(isNull(payouts.id), where));

/** Attempt n uses its own idempotency key; an attempt becomes n + 1 only once Stripe refused attempt n (or its transfer was reversed). */
export async function attemptNumber(db: DbOrTx, lineId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.action, "payout.transfer_failed"), eq(auditEvents.subjectType, "distribution_line"), eq(auditEvents.subjectId, lineId)));
  return (row?.n ?? 0) + 1;
}

const lockPayout = async (tx: DbOrTx, lineId: string) => (await tx.select().from(payouts).where(eq(payouts.distributionLineId, lineId)).for("update"))[0] ?? null;

const cashLeg = (line: LineToPay, sign: 1n | -1n): JournalLine[] => [
  { account: "payable", organisationId: line.organisationId, amount: sign * line.amount },
  { account: "cash", amount: -sign * line.amount },
];

const audit = (tx: DbOrTx, line: LineToPay, action: string, data: Record<string, unknown>, now: Date, actorUserId: string | null = null) =>
  appendAudit(tx, { action, actorUserId, organisationId: line.organisationId, subjectType: "distribution_line", subjectId: line.lineId, data: { distributionId: line.distributionId, amount: line.amount.toString(), currency: line.currency, ...data } }, now);

/** The transfer exists at Stripe: the payout is `transferred` and the cash leaves the books, once (whoever reports it first). */
export async function recordTransfer(tx: DbOrTx, line: LineToPay, transfer: TransferState, now: Date): Promise<boolean> {
  if (transfer.reversed || transfer.destination !== line.accountId) return false;
  const existing = await lockPayout(tx, line.lineId);
  // Paid already, or this very transfer was reversed (a late copy of its creation must not revive it).
  if (existing && (existing.status !== "failed" || existing.stripeTransferId === transfer.id)) return false;
  const values = { status: "transferred" as const, stripeTransferId: transfer.id, transferredAt: now, failureMessage: null };
  const changed = existing
    ? await tx.update(payouts).set(values).where(and(eq(payouts.id, existing.id), eq(payouts.status, "failed"))).returning({ id: payouts.id })
    : await tx.insert(payouts).values({ distributionLineId: line.lineId, organisationId: line.organisationId, currency: line.currency, amount: line.amount, createdAt: now, ...values }).onConflictDoNothing().returning({ id: payouts.id });
  if (changed.length === 0) return false;
  await postEntry(tx, { currency: line.currency, kind: "payout", memo: `stripe transfer ${transfer.id}`, settlementId: line.settlementId, distributionId: line.distributionId, lines: cashLeg(line, 1n) }, now);
  await audit(tx, line, "payout.transferred", { stripeTransferId: transfer.id }, now);
  await tellOrganisations(tx, [line.organisationId], { id: line.lineId, title: `${line.currency} ${formatMajor(line.amount, line.currency)}` }, "payout_transferred", now, "/statements");
  return true;
}

/** Stripe refused the attempt: the payout is `failed` with Stripe's message; the payable stays owed. */
export async function recordFailure(tx: DbOrTx, line: LineToPay, attempt: number, message: string, now: Date): Promise<boolean> {
  const existing = await lockPayout(tx, line.lineId);
  if (existing && existing.status !== "failed") return false;
  // Two runners of the same attempt both hear the refusal: it counts once (the next attempt gets the next key).
  if ((await attemptNumber(tx, line.lineId)) !== attempt) return false;
  if (existing) await tx.update(payouts).set({ failureMessage: message }).where(eq(payouts.id, existing.id));
  else {
    const [inserted] = await tx.insert(payouts).values({ distributionLineId: line.lineId, organisationId: line.organisationId, currency: line.currency, amount: line.amount, status: "failed", failureMessage: message, createdAt: now }).onConflictDoNothing().returning({ id: payouts.id });
    if (!inserted) return false;
  }
  await audit(tx, line, "payout.transfer_failed", { attempt, message }, now);
  return true;
}

/** What Stripe says of a transfer (a webhook): created before our job committed it, or reversed by the platform. */
export async function applyTransfer(tx: DbOrTx, transfer: TransferState, now: Date): Promise<boolean> {
  const [paid] = await tx.select().from(payouts).where(eq(payouts.stripeTransferId, transfer.id)).for("update");
  const lineId = paid?.distributionLineId ?? transfer.metadata.lineId;
  const [line] = lineId ? await linesToPay(tx, eq(distributionLines.id, lineId)) : [];
  if (!line) return false;
  if (!paid) return recordTransfer(tx, line, transfer, now);
  if (paid.status !== "transferred" || !transfer.reversed) return false;
  await tx.update(payouts).set({ status: "failed", failureMessage: "reversed", transferredAt: null }).where(eq(payouts.id, paid.id));
  await postEntry(tx, { currency: line.currency, kind: "payout_reversed", memo: `stripe transfer ${transfer.id} reversed`, settlementId: line.settlementId, distributionId: line.distributionId, lines: cashLeg(line, -1n) }, now);
  await audit(tx, line, "payout.transfer_failed", { stripeTransferId: transfer.id, message: "reversed" }, now);
  return true;
}
