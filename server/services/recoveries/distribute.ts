import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { distributionLines, distributions, organisations, payouts, type settlements } from "../../../db/schema";
import type { JournalLine } from "../../domain/proceeds/accounts";
import { type DistributionLine, type Recipient, distributeBundle } from "../../domain/proceeds/waterfall";
import { enqueueJob } from "../../jobs/runner";
import { appendAudit } from "../audit";
import { postEntry } from "../ledger/journal";
import { connectedPayees } from "../payments/payouts-transfer";
import { loadWaterfallInputs } from "./distribute-inputs";

type DistributionRow = typeof distributions.$inferSelect;
type SettlementRow = typeof settlements.$inferSelect;
export type DistributionSource = DistributionRow["source"];

export type Proceeds = {
  source: DistributionSource;
  listingId: string;
  disposalCaseId: string | null;
  settlementId: string | null;
  paymentId: string | null;
  /** The seller's escrow the amount sits in (the licensor's, for royalties). */
  seller: Recipient & { organisationId: string };
  amount: bigint;
  currency: string;
  receivedOn: string;
  inKind: boolean;
  /** The settlement's platform fee: the first disposal cost (to `fees`). */
  platformFee: bigint;
  /** Royalties: the rest goes to the right holder instead of the pledgor. */
  residualTo?: Recipient | null;
  /** A credit bid: the buyer's own lines settle against its receivable up to this amount instead of being paid in cash. */
  setOff?: { organisationId: string; amount: bigint } | null;
};

type WaterfallProceeds = Pick<Proceeds, "amount" | "currency" | "disposalCaseId" | "listingId" | "seller" | "platformFee" | "residualTo">;

/** The waterfall's lines for an amount, from the inputs as they stand in this transaction (nothing written). */
export async function waterfallLines(tx: DbOrTx, p: WaterfallProceeds): Promise<DistributionLine[]> {
  const inputs = await loadWaterfallInputs(tx, { currency: p.currency, caseId: p.disposalCaseId, listingId: p.listingId, seller: p.seller, platformFee: p.platformFee }, p.residualTo ?? null);
  return distributeBundle({ amount: p.amount, costs: inputs.costs, portions: inputs.portions, residualComponent: p.residualTo ? "royalty_to_holder" : "surplus" });
}

/** What the lines give one organisation (a credit bidder's own share of the price). */
export const linesTo = (lines: ReadonlyArray<Pick<DistributionLine, "organisationId" | "amount">>, organisationId: string) => lines.filter((l) => l.organisationId === organisationId).reduce((sum, l) => sum + l.amount, 0n);

/** The platform's own line (its fee): credited to `fees`, never paid out. */
const isPlatformLine = (line: Pick<DistributionLine, "component" | "organisationId" | "disposalCostId">) => line.component === "disposal_cost" && line.disposalCostId === null && line.organisationId === null;

/**
 * Runs an amount received through the waterfall, once: the distribution and its lines (they sum to the
 * amount), the ledger (Dr escrow(seller) / Cr payable(party) per line, the platform fee Cr fees; in kind the
 * same against in_kind), and a recorded payout per line (Dr payable / Cr cash, in kind Cr in_kind) — except to parties
 * paid by Stripe transfer, whose payouts a job makes after commit (server/services/payments/payouts.ts). A payment
 * (or a settlement, for what has no payment of its own) already distributed finds its distribution instead.
 */
export async function distributeProceeds(tx: DbOrTx, p: Proceeds, now: Date): Promise<DistributionRow | null> {
  if (p.amount <= 0n) return null;
  const earlier = await findDistribution(tx, p);
  if (earlier) return earlier;
  const lines = await waterfallLines(tx, p);
  const [row] = await tx
    .insert(distributions)
    .values({ disposalCaseId: p.disposalCaseId, settlementId: p.settlementId, paymentId: p.paymentId, source: p.source, currency: p.currency, amount: p.amount, inKind: p.inKind, receivedOn: p.receivedOn, createdAt: now })
    .returning();
  const distribution = row!;
  const stored = await tx
    .insert(distributionLines)
    .values(lines.map((l, position) => ({ distributionId: distribution.id, position, component: l.component, loanId: l.loanId, pledgeId: l.pledgeId, riskShareId: l.riskShareId, disposalCostId: l.disposalCostId, organisationId: l.organisationId, partyName: l.partyName, amount: l.amount })))
    .returning();
  const party = (l: DistributionLine): JournalLine => (isPlatformLine(l) ? { account: "fees", amount: -l.amount } : { account: "payable", organisationId: l.organisationId, partyName: l.organisationId ? null : l.partyName, amount: -l.amount });
  const held: JournalLine = { account: p.inKind ? "in_kind" : "escrow", organisationId: p.seller.organisationId, amount: p.amount };
  // In kind, the value was never in escrow: the contribution is booked in in_kind (Dr in_kind / Cr escrow) and distributed from escrow like cash.
  if (p.inKind) await postEntry(tx, { currency: p.currency, kind: "in_kind_received", settlementId: p.settlementId, distributionId: distribution.id, lines: [held, { account: "escrow", organisationId: p.seller.organisationId, amount: -p.amount }] }, now);
  const escrow: JournalLine = { account: "escrow", organisationId: p.seller.organisationId, amount: p.amount };
  await postEntry(tx, { currency: p.currency, kind: "distribution", settlementId: p.settlementId, paymentId: p.paymentId, distributionId: distribution.id, lines: [escrow, ...lines.map(party)] }, now);
  // A credit-bid buyer's own lines are set off against what it owes; they get their payout rows there, so no transfer either.
  const setOffTo = p.setOff?.organisationId ?? null;
  if (p.setOff) await setOffLines(tx, p, distribution.id, stored.filter((l) => l.organisationId === setOffTo), now);
  const payable = stored.filter((l) => !isPlatformLine(l) && (setOffTo === null || l.organisationId !== setOffTo));
  // Parties whose connected account can receive transfers are paid by a job after commit; their payables stand until then.
  const viaStripe = p.inKind ? new Set<string>() : await connectedPayees(tx, payable.flatMap((l) => (l.organisationId ? [l.organisationId] : [])));
  const paidOut = payable.filter((l) => !(l.organisationId && viaStripe.has(l.organisationId)));
  if (viaStripe.size > 0) await enqueueJob(tx, { kind: "payout:transfer", payload: { distributionId: distribution.id }, runAt: now, dedupeKey: `payout:transfer:${distribution.id}` });
  if (paidOut.length > 0) {
    await tx.insert(payouts).values(paidOut.map((l) => ({ distributionLineId: l.id, organisationId: l.organisationId, currency: p.currency, amount: l.amount, createdAt: now })));
    const cash: JournalLine = { account: p.inKind ? "in_kind" : "cash", amount: -paidOut.reduce((sum, l) => sum + l.amount, 0n) };
    const payables = paidOut.map((l): JournalLine => ({ account: "payable", organisationId: l.organisationId, partyName: l.organisationId ? null : l.partyName, amount: l.amount }));
    await postEntry(tx, { currency: p.currency, kind: "payout", settlementId: p.settlementId, distributionId: distribution.id, lines: [...payables, cash] }, now);
  }
  await appendAudit(tx, { action: "distribution.recorded", organisationId: p.seller.organisationId, subjectType: p.disposalCaseId ? "disposal_case" : "listing", subjectId: p.disposalCaseId ?? p.listingId, data: { distributionId: distribution.id, source: p.source, amount: p.amount.toString(), lines: lines.length, inKind: p.inKind } }, now);
  return distribution;
}

/**
 * A credit bidder's own lines: recorded as paid out (a payout row each) by set-off against what it owes on the
 * settlement, Dr payable(buyer) / Cr receivable(buyer) for the offset, and Cr cash for any part of its lines
 * beyond the offset (its share grew after the award). Callers make sure the lines cover the offset.
 */
async function setOffLines(tx: DbOrTx, p: Proceeds, distributionId: string, own: Array<typeof distributionLines.$inferSelect>, now: Date) {
  const setOff = p.setOff!;
  const total = linesTo(own, setOff.organisationId);
  if (total < setOff.amount) throw new Error(`the buyer's lines (${total}) do not cover its credit offset (${setOff.amount})`);
  if (own.length === 0) return;
  await tx.insert(payouts).values(own.map((l) => ({ distributionLineId: l.id, organisationId: l.organisationId, currency: p.currency, amount: l.amount, createdAt: now })));
  const lines: JournalLine[] = [
    ...own.map((l): JournalLine => ({ account: "payable", organisationId: l.organisationId, amount: l.amount })),
    { account: "receivable", organisationId: setOff.organisationId, amount: -setOff.amount },
    ...(total > setOff.amount ? [{ account: "cash" as const, amount: setOff.amount - total }] : []),
  ];
  await postEntry(tx, { currency: p.currency, kind: "credit_set_off", settlementId: p.settlementId, distributionId, lines }, now);
}

async function findDistribution(tx: DbOrTx, p: Proceeds) {
  if (p.paymentId) return (await tx.select().from(distributions).where(eq(distributions.paymentId, p.paymentId)))[0] ?? null;
  if (p.settlementId) return (await tx.select().from(distributions).where(and(eq(distributions.settlementId, p.settlementId), eq(distributions.source, p.source), eq(distributions.inKind, p.inKind))))[0] ?? null;
  return null;
}

/** A settlement's proceeds as the waterfall takes them: the seller's escrow, the case, the listing. */
export async function settlementProceeds(tx: DbOrTx, s: Pick<SettlementRow, "listingId" | "disposalCaseId" | "sellerOrganisationId" | "currency"> & { id?: string }) {
  const [seller] = await tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, s.sellerOrganisationId));
  return { listingId: s.listingId, disposalCaseId: s.disposalCaseId, settlementId: s.id ?? null, seller: { organisationId: s.sellerOrganisationId, partyName: seller!.name }, currency: s.currency };
}

/**
 * A sale (or a negotiated discount) paid in full: its price through the waterfall, the platform fee first; the
 * buyer's premium is the platform's, not proceeds. A credit bid's offset is settled against the buyer's own lines.
 */
export async function distributeSettlementPaid(tx: DbOrTx, s: SettlementRow, receivedOn: string, now: Date) {
  const base = await settlementProceeds(tx, s);
  const setOff = s.creditOffset > 0n ? { organisationId: s.buyerOrganisationId, amount: s.creditOffset } : null;
  return distributeProceeds(tx, { ...base, source: s.source === "discount" ? "discount" : "sale", paymentId: null, amount: s.price, receivedOn, inKind: false, platformFee: s.platformFee, setOff }, now);
}

/** A defaulter's deposit, forfeited to the seller's escrow, through the waterfall (no platform fee: nothing was sold). */
export async function distributeForfeitedDeposit(tx: DbOrTx, s: SettlementRow, paymentId: string, amount: bigint, receivedOn: string, now: Date) {
  const base = await settlementProceeds(tx, s);
  return distributeProceeds(tx, { ...base, source: "forfeited_deposit", paymentId, amount, receivedOn, inKind: false, platformFee: 0n }, now);
}

/** An equity contribution: its agreed value in kind at the acceptance, or the cash an exit realised above it (no platform fee: the fee is not taken in shares). */
export async function distributeEquity(tx: DbOrTx, s: SettlementRow, amount: bigint, inKind: boolean, receivedOn: string, now: Date) {
  const base = await settlementProceeds(tx, s);
  return distributeProceeds(tx, { ...base, source: "equity", paymentId: null, amount, receivedOn, inKind, platformFee: 0n }, now);
}

/** A distribution's lines in order (position = the waterfall's order). */
export async function linesOf(tx: DbOrTx, distributionId: string) {
  return tx.select().from(distributionLines).where(eq(distributionLines.distributionId, distributionId)).orderBy(asc(distributionLines.position));
}
