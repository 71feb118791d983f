import { and, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { alerts, ipAssets, loans, riskShares } from "../../../db/schema";
import { type AlertFinding, evaluateLoan } from "../../domain/collateral/alert-rules";
import { chinaDate } from "../../domain/calendar-date";
import { fail, ok } from "../../domain/result";
import { appendAudit } from "../audit";
import type { Principal } from "../auth/principal";
import type { ServiceDeps } from "../context";
import { notifyOrganisations } from "../notifier";
import { type LoanFacts, loadLoanFacts } from "./facts";
import { alertMail } from "./mail";

const NO_ASSET = "00000000-0000-0000-0000-000000000000";
const findingKey = (f: { assetId: string | null; rule: string; key: string }) => `${f.assetId ?? NO_ASSET}|${f.rule}|${f.key}`;
const SWEEP_BATCH = 500;

/**
 * The collateral monitor: evaluates the alert rules for loans, raises each new finding once (unique
 * key), resolves findings that stopped firing, and tells the bank and every risk-sharing party.
 */
export class MonitorService {
  constructor(private readonly deps: ServiceDeps) {}

  async evaluateLoans(loanIds: readonly string[]): Promise<{ raised: number; resolved: number }> {
    let raised = 0;
    let resolved = 0;
    for (let i = 0; i < loanIds.length; i += SWEEP_BATCH) {
      const result = await this.evaluateBatch(loanIds.slice(i, i + SWEEP_BATCH));
      raised += result.raised;
      resolved += result.resolved;
    }
    return { raised, resolved };
  }

  /** The periodic sweep: time alone makes annuities fall due. */
  async evaluateAll(): Promise<{ raised: number; resolved: number }> {
    const rows = await this.deps.db.select({ id: loans.id }).from(loans).where(sql`${loans.status} not in ('recovered', 'written_off')`);
    return this.evaluateLoans(rows.map((r) => r.id));
  }

  private async evaluateBatch(loanIds: readonly string[]) {
    const now = this.deps.now();
    const today = chinaDate(now);
    return this.deps.db.transaction(async (tx) => {
      const facts = await loadLoanFacts(tx, loanIds);
      const existing = await tx.select().from(alerts).where(inArray(alerts.loanId, [...loanIds]));
      let raised = 0;
      let resolved = 0;
      for (const loan of facts) {
        const findings = evaluateLoan(loan, today);
        const firing = new Map(findings.map((f) => [findingKey(f), f]));
        const known = existing.filter((a) => a.loanId === loan.id);
        const knownKeys = new Set(known.map(findingKey));
        const fresh = findings.filter((f) => !knownKeys.has(findingKey(f)));
        for (const alert of known) {
          const stillFiring = firing.has(findingKey(alert));
          if (!stillFiring && !alert.resolvedAt) {
            await tx.update(alerts).set({ resolvedAt: now }).where(eq(alerts.id, alert.id));
            resolved += 1;
          } else if (stillFiring && alert.resolvedAt) {
            await tx.update(alerts).set({ resolvedAt: null, acknowledgedAt: null, acknowledgedBy: null }).where(eq(alerts.id, alert.id));
            await this.announce(tx, loan, [firing.get(findingKey(alert))!], now);
            raised += 1;
          }
        }
        if (fresh.length > 0) {
          await tx
            .insert(alerts)
            .values(fresh.map((f) => ({ loanId: loan.id, assetId: f.assetId, rule: f.rule, key: f.key, severity: f.severity, details: f.details, raisedAt: now })))
            .onConflictDoNothing();
          await this.announce(tx, loan, fresh, now);
          raised += fresh.length;
        }
      }
      return { raised, resolved };
    });
  }

  private async announce(tx: Parameters<typeof notifyOrganisations>[0], loan: LoanFacts, findings: readonly AlertFinding[], now: Date) {
    const assetIds = findings.map((f) => f.assetId).filter((id): id is string => id !== null);
    const titles = assetIds.length
      ? new Map((await tx.select({ id: ipAssets.id, title: ipAssets.title, number: ipAssets.registryNumber }).from(ipAssets).where(inArray(ipAssets.id, assetIds))).map((a) => [a.id, a]))
      : new Map<string, { title: string; number: string }>();
    const items = findings.map((finding) => {
      const asset = finding.assetId ? titles.get(finding.assetId) : undefined;
      return { kind: "alert", data: { rule: finding.rule, loanReference: loan.reference, asset: asset ? `${asset.number} ${asset.title}` : null, severity: finding.severity }, link: `/collateral/loans/${loan.id}` };
    });
    await notifyOrganisations(tx, [loan.organisationId, ...loan.sharerIds], items, alertMail(loan.reference, items.map((i) => i.data)), now);
  }

  /** Alerts on loans the caller may see: its own (a bank) or shared (a risk-sharing party). */
  async list(principal: Principal, filter: { openOnly?: boolean; loanId?: string } = {}) {
    const org = principal.organisation.id;
    const visible = or(
      eq(loans.organisationId, org),
      sql`exists (select 1 from ${riskShares} where ${riskShares.loanId} = ${loans.id} and ${riskShares.organisationId} = ${org})`,
    );
    return this.deps.db
      .select({
        id: alerts.id,
        loanId: alerts.loanId,
        loanReference: loans.reference,
        assetId: alerts.assetId,
        assetTitle: ipAssets.title,
        assetNumber: ipAssets.registryNumber,
        rule: alerts.rule,
        severity: alerts.severity,
        details: alerts.details,
        raisedAt: alerts.raisedAt,
        acknowledgedAt: alerts.acknowledgedAt,
        resolvedAt: alerts.resolvedAt,
      })
      .from(alerts)
      .innerJoin(loans, eq(loans.id, alerts.loanId))
      .leftJoin(ipAssets, eq(ipAssets.id, alerts.assetId))
      .where(and(visible, filter.openOnly ? isNull(alerts.resolvedAt) : undefined, filter.loanId ? eq(alerts.loanId, filter.loanId) : undefined))
      .orderBy(sql`${alerts.resolvedAt} is not null`, sql`${alerts.acknowledgedAt} is not null`, desc(alerts.raisedAt))
      .limit(1000);
  }

  /** Only the bank that holds the loan acknowledges; anyone else gets NOT_FOUND. */
  async acknowledge(principal: Principal, alertId: string) {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const [row] = await tx
        .select({ id: alerts.id, acknowledgedAt: alerts.acknowledgedAt, loanId: alerts.loanId })
        .from(alerts)
        .innerJoin(loans, eq(loans.id, alerts.loanId))
        .where(and(eq(alerts.id, alertId), eq(loans.organisationId, principal.organisation.id)))
        .for("update", { of: alerts });
      if (!row) return fail("NOT_FOUND");
      if (row.acknowledgedAt) return ok({ acknowledgedAt: row.acknowledgedAt });
      await tx.update(alerts).set({ acknowledgedAt: now, acknowledgedBy: principal.user.id }).where(eq(alerts.id, alertId));
      await appendAudit(tx, { action: "alert.acknowledged", actorUserId: principal.user.id, organisationId: principal.organisation.id, subjectType: "alert", subjectId: alertId, data: { loanId: row.loanId } }, now);
      return ok({ acknowledgedAt: now });
    });
  }
}
