import { type AppLoadContext, json } from "@remix-run/node";
import { chinaDate } from "../../../server/domain/calendar-date";
import { jsonSafe } from "../../../server/domain/money";
import { RISK_SHARING_KINDS } from "../../../server/domain/organisations";
import { IdSchema } from "../../../server/domain/schemas/accounts";
import type { Principal } from "../../../server/services/auth/principal";
import type { AlertDetails, DirectoryEntry } from "./types";

/** Anything outside the caller's scope is simply not there. */
export function notFound(): Response {
  return json({ formError: "NOT_FOUND" }, { status: 404 });
}

export function idOr404(value: string | undefined): string {
  const id = IdSchema.safeParse(value);
  if (!id.success) throw notFound();
  return id.data;
}

/** Today in China, the registries' calendar, for form defaults. */
export function today(): string {
  return chinaDate(new Date());
}

/** Verified guarantors, funds and insurers a bank may name in a risk-sharing agreement. */
export async function riskDirectory(context: AppLoadContext): Promise<DirectoryEntry[]> {
  const verified = await context.services.verification.queue("verified");
  return verified.filter((o) => RISK_SHARING_KINDS.includes(o.kind)).map((o) => ({ id: o.id, name: o.name, kind: o.kind }));
}

/** The loan page's data, for the bank's page and the sharing parties' view alike (the service scopes it). */
export async function loadLoanPage(context: AppLoadContext, principal: Principal, loanId: string) {
  const result = await context.services.loans.detail(principal, loanId);
  if (!result.ok) throw notFound();
  const { ok: _ok, ...detail } = result;
  const alerts = await context.services.monitor.list(principal, { loanId, openOnly: true });
  return { detail: jsonSafe(detail), alerts: alertsView(alerts) };
}

/** Alerts for a page: details typed as the facts the rules record. */
export function alertsView<T extends { details: unknown }>(alerts: readonly T[]) {
  return jsonSafe(alerts.map((a) => ({ ...a, details: a.details as AlertDetails })));
}
