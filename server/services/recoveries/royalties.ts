import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { licenceAgreements, listings, organisations, payments, royaltyReports } from "../../../db/schema";
import { chinaDate } from "../../domain/calendar-date";
import { bpsOf } from "../../domain/proceeds/fees";
import { appendAudit } from "../audit";
import { postEntry } from "../ledger/journal";
import type { PaymentRow } from "../payments/received";
import { trimOpenRequests } from "../payments/open-requests";
import { requestPayment } from "../payments/requests";
import { distributeProceeds } from "./distribute";

/** The royalty a period's net sales owe at the agreement's rate (floored to the minor unit). */
export function royaltyDue(netSales: bigint, royaltyBps: number): bigint {
  return bpsOf(netSales, royaltyBps);
}

export type RoyaltyReportInput = { licenceAgreementId: string; periodStart: string; periodEnd: string; netSales: bigint; reportedBy: string | null };

/**
 * A licensee reports a period: the royalty due by the agreement's rate is recorded and asked for as a payment
 * (a bank transfer with its reference). The minimum annual royalty is checked at each licence year's end
 * (royalties-minimum.ts), not here.
 */
export async function reportRoyalty(tx: DbOrTx, input: RoyaltyReportInput, now: Date) {
  const [agreement] = await tx.select().from(licenceAgreements).where(eq(licenceAgreements.id, input.licenceAgreementId));
  const [l] = await tx.select().from(listings).where(eq(listings.id, agreement!.listingId));
  const terms = agreement!.terms as { royaltyBps?: number };
  const due = royaltyDue(input.netSales, terms.royaltyBps ?? 0);
  const [report] = await tx
    .insert(royaltyReports)
    .values({ licenceAgreementId: agreement!.id, periodStart: input.periodStart, periodEnd: input.periodEnd, currency: l!.currency, netSales: input.netSales, royaltyDue: due, reportedBy: input.reportedBy, reportedAt: now })
    .returning();
  const payment = due > 0n ? await requestPayment(tx, { payerOrganisationId: agreement!.licenseeOrganisationId, purpose: "royalty", method: "bank_transfer", royaltyReportId: report!.id, currency: l!.currency, amount: due }, now) : null;
  await appendAudit(tx, { action: "royalty.reported", actorUserId: input.reportedBy, organisationId: agreement!.licenseeOrganisationId, subjectType: "listing", subjectId: l!.id, data: { reportId: report!.id, netSales: input.netSales.toString(), royaltyDue: due.toString() } }, now);
  return { report: report!, payment };
}

/** What a royalty report still asks: its royalty less what its payments (by transfer or card) brought towards it. */
export async function royaltyOwed(tx: DbOrTx, report: { id: string; royaltyDue: bigint }): Promise<bigint> {
  const [row] = await tx
    .select({ applied: sql<string>`coalesce(sum(least(${payments.received}, ${payments.amount})), 0)` })
    .from(payments)
    .where(and(eq(payments.royaltyReportId, report.id), eq(payments.purpose, "royalty")));
  return report.royaltyDue - BigInt(row!.applied);
}

/**
 * The royalty purpose's handler: money in is held for the licensor (Dr cash / Cr escrow(licensor)); once the
 * report is paid in full (by one payment or a transfer and a card together), the royalty runs through the
 * waterfall — the licensor's creditors' claims first, then `royalty_to_holder`.
 */
export async function royaltyReceived(tx: DbOrTx, payment: PaymentRow, amountNow: bigint, now: Date) {
  const [row] = await tx
    .select({ listing: listings, licensorName: organisations.name, report: royaltyReports })
    .from(royaltyReports)
    .innerJoin(licenceAgreements, eq(licenceAgreements.id, royaltyReports.licenceAgreementId))
    .innerJoin(listings, eq(listings.id, licenceAgreements.listingId))
    .innerJoin(organisations, eq(organisations.id, listings.organisationId))
    .where(eq(royaltyReports.id, payment.royaltyReportId!));
  const licensor = { organisationId: row!.listing.organisationId, partyName: row!.licensorName };
  if (amountNow > 0n) {
    const lines = [
      { account: "cash" as const, amount: amountNow },
      { account: "escrow" as const, organisationId: licensor.organisationId, amount: -amountNow },
    ];
    await postEntry(tx, { currency: payment.currency, kind: "royalty_received", paymentId: payment.id, lines }, now);
  }
  const owed = await royaltyOwed(tx, row!.report);
  await trimOpenRequests(tx, and(eq(payments.royaltyReportId, row!.report.id), eq(payments.purpose, "royalty"))!, owed, now);
  if (owed > 0n) return;
  await distributeProceeds(
    tx,
    { source: "royalty", listingId: row!.listing.id, disposalCaseId: row!.listing.disposalCaseId, settlementId: null, paymentId: payment.id, seller: licensor, amount: row!.report.royaltyDue, currency: payment.currency, receivedOn: chinaDate(now), inKind: false, platformFee: 0n, residualTo: licensor },
    now,
  );
}
