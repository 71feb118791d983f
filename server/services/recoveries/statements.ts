import { and, asc, eq, isNull, sql } from "drizzle-orm";
import Papa from "papaparse";
import type { DbOrTx } from "../../../db/client";
import { distributionLines, distributions, listings, loans, payouts, settlements } from "../../../db/schema";
import { formatMajor } from "../../domain/money";
import { payerPayments } from "./portfolio-parties";

/**
 * An organisation's statement: what distributions allotted to it (its payables on the platform's books), which of
 * those were paid out, and the payments it was asked for and made. Totals per currency; nothing is ever netted
 * across currencies.
 */
export async function statementOf(db: DbOrTx, organisationId: string) {
  const [allotted, paid] = await Promise.all([
    db
      .select({
        lineId: distributionLines.id,
        receivedOn: distributions.receivedOn,
        source: distributions.source,
        currency: distributions.currency,
        component: distributionLines.component,
        inKind: distributions.inKind,
        loanReference: loans.reference,
        title: listings.title,
        amount: distributionLines.amount,
        payoutStatus: payouts.status,
        // A transfer retried after a refusal was paid when it went through, not when it was first tried.
        paidOutAt: sql<Date | null>`coalesce(${payouts.transferredAt}, ${payouts.createdAt})`.mapWith(payouts.createdAt),
      })
      .from(distributionLines)
      .innerJoin(distributions, eq(distributions.id, distributionLines.distributionId))
      .leftJoin(loans, eq(loans.id, distributionLines.loanId))
      .leftJoin(settlements, eq(settlements.id, distributions.settlementId))
      .leftJoin(listings, eq(listings.id, settlements.listingId))
      .leftJoin(payouts, eq(payouts.distributionLineId, distributionLines.id))
      .where(and(eq(distributionLines.organisationId, organisationId), isNull(distributions.reversedAt)))
      .orderBy(asc(distributions.receivedOn), asc(distributions.createdAt), asc(distributionLines.position)),
    payerPayments(db, organisationId),
  ]);
  const currencies = [...new Set([...allotted.map((a) => a.currency), ...paid.map((p) => p.currency)])].sort();
  const totals = currencies.map((currency) => {
    const lines = allotted.filter((a) => a.currency === currency);
    const allottedSum = lines.reduce((s, a) => s + a.amount, 0n);
    const paidOut = lines.filter((a) => a.payoutStatus && a.payoutStatus !== "failed").reduce((s, a) => s + a.amount, 0n);
    const paymentsMade = paid.filter((p) => p.currency === currency).reduce((s, p) => s + p.received, 0n);
    return { currency, allotted: allottedSum, paidOut, payable: allottedSum - paidOut, paymentsMade };
  });
  return { allotted, payments: paid, totals };
}

export type Statement = Awaited<ReturnType<typeof statementOf>>;

/** A table as CSV: a header row of stable English keys, UTF-8 with a BOM (spreadsheets then read Chinese right), formulae escaped. */
export function toCsv(columns: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  return `\uFEFF${Papa.unparse({ fields: [...columns], data: rows.map((r) => r.map((v) => v ?? "")) }, { escapeFormulae: true, newline: "\r\n" })}\r\n`;
}

export const major = (amount: bigint, currency: string) => formatMajor(amount, currency);

/** The statement as one chronological CSV: allotments, payouts and payments, each dated; a payment shows what was asked and what arrived. */
export function statementCsv(s: Statement): string {
  type Row = [string, string, string, string, string, string, string];
  const about = (a: Statement["allotted"][number]) => `${a.component} ${a.title ?? a.loanReference ?? ""}`.trim();
  const entries: Row[] = [
    ...s.allotted.map((a): Row => [a.receivedOn, "allotted", about(a), "", a.currency, major(a.amount, a.currency), ""]),
    ...s.allotted.flatMap((a): Row[] => (a.paidOutAt && a.payoutStatus !== "failed" ? [[a.paidOutAt.toISOString().slice(0, 10), "paid_out", about(a), "", a.currency, major(a.amount, a.currency), ""]] : [])),
    ...s.payments.map((p): Row => [p.createdAt.toISOString().slice(0, 10), `payment_${p.purpose}`, `${p.method} ${p.status}`, p.reference, p.currency, major(p.amount, p.currency), major(p.received, p.currency)]),
  ];
  entries.sort((a, b) => a[0].localeCompare(b[0]));
  return toCsv(["date", "entry", "description", "reference", "currency", "amount", "received"], entries);
}
