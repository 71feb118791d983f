import { and, desc, eq, gte, lte, or, sql } from "drizzle-orm";
import { licenceAgreements, listings, organisations, payments, royaltyReports } from "../../../db/schema";
import type { RoyaltyReportCommand } from "../../domain/schemas/royalties";
import { fail, ok } from "../../domain/result";
import type { Principal } from "../auth/principal";
import type { ServiceDeps } from "../context";
import { reportRoyalty } from "./royalties";
import { closeEndedYears, closeLicenceYear, minimumYearsView } from "./royalties-minimum";

const isPlatform = (p: Principal) => p.organisation.kind === "platform" && ["operator", "auditor"].includes(p.role);

/** Licence agreements' royalty reports: the licensee reports a period; the licensee, the licensor and the platform read them. */
export class RoyaltyService {
  constructor(private readonly deps: ServiceDeps) {}

  /** The caller's licence agreements, as licensee or as licensor, newest first. */
  agreements(principal: Principal) {
    const org = principal.organisation.id;
    return this.deps.db
      .select({ id: licenceAgreements.id, listingId: listings.id, title: listings.title, currency: listings.currency, kind: licenceAgreements.kind, terms: licenceAgreements.terms, licensee: organisations.name, licenseeOrganisationId: licenceAgreements.licenseeOrganisationId, licensorOrganisationId: listings.organisationId, createdAt: licenceAgreements.createdAt })
      .from(licenceAgreements)
      .innerJoin(listings, eq(listings.id, licenceAgreements.listingId))
      .innerJoin(organisations, eq(organisations.id, licenceAgreements.licenseeOrganisationId))
      .where(or(eq(licenceAgreements.licenseeOrganisationId, org), eq(listings.organisationId, org)))
      .orderBy(desc(licenceAgreements.createdAt));
  }

  /** The licensee reports a period; one starting before the licence or overlapping an earlier report is refused (nothing saved). Others are told the agreement does not exist. */
  async report(principal: Principal, agreementId: string, command: RoyaltyReportCommand) {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      // The agreement's row lock serialises reports, so two overlapping periods cannot both pass the check.
      const [agreement] = await tx.select().from(licenceAgreements).where(eq(licenceAgreements.id, agreementId)).for("update");
      if (!agreement || agreement.licenseeOrganisationId !== principal.organisation.id) return fail("NOT_FOUND");
      if (command.periodStart < agreement.startsOn) return fail("ROYALTY_PERIOD_BEFORE_LICENCE", { startsOn: agreement.startsOn });
      const [overlap] = await tx
        .select({ periodStart: royaltyReports.periodStart, periodEnd: royaltyReports.periodEnd })
        .from(royaltyReports)
        .where(and(eq(royaltyReports.licenceAgreementId, agreementId), lte(royaltyReports.periodStart, command.periodEnd), gte(royaltyReports.periodEnd, command.periodStart)));
      if (overlap) return fail("ROYALTY_PERIOD_OVERLAP", overlap);
      const { report, payment } = await reportRoyalty(tx, { licenceAgreementId: agreementId, ...command, reportedBy: principal.user.id }, now);
      return ok({ report, reference: payment?.reference ?? null });
    });
  }

  /** An agreement's reports with their payment, newest period first (licensee, licensor, operators and auditors). */
  async list(principal: Principal, agreementId: string) {
    const [row] = await this.deps.db.select({ agreement: licenceAgreements, licensor: listings.organisationId, title: listings.title, currency: listings.currency }).from(licenceAgreements).innerJoin(listings, eq(listings.id, licenceAgreements.listingId)).where(eq(licenceAgreements.id, agreementId));
    const org = principal.organisation.id;
    if (!row || (row.agreement.licenseeOrganisationId !== org && row.licensor !== org && !isPlatform(principal))) return fail("NOT_FOUND");
    const rows = await this.deps.db
      .select({ report: royaltyReports, payment: payments, applied: sql<string>`(select coalesce(sum(least(cp.received, cp.amount)), 0) from payments cp where cp.royalty_report_id = ${royaltyReports.id})` })
      .from(royaltyReports)
      // The bank-transfer request is the report's payment of record (a card payment may stand beside it).
      .leftJoin(payments, and(eq(payments.royaltyReportId, royaltyReports.id), eq(payments.method, "bank_transfer")))
      .where(eq(royaltyReports.licenceAgreementId, agreementId))
      .orderBy(desc(royaltyReports.periodStart));
    const reports = rows.map(({ report, payment, applied }) => ({
      id: report.id,
      kind: report.kind,
      periodStart: report.periodStart,
      periodEnd: report.periodEnd,
      currency: report.currency,
      netSales: report.netSales,
      royaltyDue: report.royaltyDue,
      reportedAt: report.reportedAt,
      // Whichever way it was paid (transfer, card or both), the report's payment is what all of them brought.
      payment: payment ? { reference: payment.reference, amount: report.royaltyDue, received: BigInt(applied), status: BigInt(applied) >= report.royaltyDue ? ("succeeded" as const) : payment.status } : null,
    }));
    const minimum = await minimumYearsView(this.deps.db, row.agreement, this.deps.now());
    return ok({ title: row.title, currency: row.currency, startsOn: row.agreement.startsOn, minimum, role: row.agreement.licenseeOrganisationId === org ? ("licensee" as const) : row.licensor === org ? ("licensor" as const) : ("platform" as const), reports });
  }

  /** Run by the year-end job: the licence year's minimum topped up when the royalties reported fell short (once). */
  closeYear(agreementId: string, yearStart: string) {
    const now = this.deps.now();
    return this.deps.db.transaction((tx) => closeLicenceYear(tx, agreementId, yearStart, now));
  }

  /** Run at start-up and daily: every agreement's years already over are closed and its next year-end armed (one transaction each). */
  async sweepMinimums() {
    const now = this.deps.now();
    const agreements = await this.deps.db.select().from(licenceAgreements);
    let closed = 0;
    for (const a of agreements) closed += await this.deps.db.transaction((tx) => closeEndedYears(tx, a, now));
    return { agreements: agreements.length, closed };
  }
}
