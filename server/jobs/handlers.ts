import { chinaDate, chinaDayEnd } from "../domain/calendar-date";
import type { Services } from "../services";
import { writeAuditCheckpoints } from "../services/audit";
import type { ServiceDeps } from "../services/context";
import { logTransport } from "../services/notifier";
import { WITHDRAW_INTENT_JOB } from "../services/payments/open-requests";
import { outboxDeliverer } from "./outbox";
import { type JobHandler, enqueueJob } from "./runner";

export const MONITOR_SWEEP_EVERY_MS = 60 * 60_000;
export const LOT_SWEEP_EVERY_MS = 15_000;
export const PAYMENT_RECONCILE_EVERY_MS = 10 * 60_000;
export const MINIMUM_ROYALTY_SWEEP_EVERY_MS = 24 * 60 * 60_000;

/** Every kind of background job and what runs it. */
export function jobHandlers(deps: ServiceDeps, services: Services): Record<string, JobHandler> {
  return {
    "outbox:deliver": outboxDeliverer(deps, logTransport(deps)),
    "import:run": (payload) => services.imports.run(String(payload.importJobId)),
    "listing:transition": async (payload) => {
      await services.listings.transition(String(payload.listingId), payload.to === "open" ? "open" : "closed");
    },
    "listing:match-searches": async (payload) => {
      await services.following.matchSearches(String(payload.listingId));
    },
    "listing:resolve-transfer": async (payload) => {
      await services.offers.transfer.resolve(String(payload.listingId));
    },
    "settlement:deadline": async (payload) => {
      await services.settlements.deadline(String(payload.settlementId));
    },
    "tender:open": async (payload) => {
      await services.tenders.open(String(payload.listingId));
    },
    "monitor:sweep": async () => {
      const result = await services.monitor.evaluateAll();
      deps.log.info(result, "collateral monitor sweep");
      await enqueueJob(deps.db, { kind: "monitor:sweep", runAt: new Date(deps.now().getTime() + MONITOR_SWEEP_EVERY_MS), dedupeKey: "monitor:sweep:next" });
    },
    // Closes overdue auction lots (after a crash too) and arms this process's timers for those ending soon.
    "lot:sweep": async () => {
      const result = await services.bids.sweep();
      if (result.closed > 0) deps.log.info(result, "lot sweep");
      await enqueueJob(deps.db, { kind: "lot:sweep", runAt: new Date(deps.now().getTime() + LOT_SWEEP_EVERY_MS), dedupeKey: "lot:sweep:next" });
    },
    // At each China day's end, every audit chain's head is recorded, so that verification notices deleted newest events.
    "audit:checkpoint": async (payload) => {
      const day = String(payload.day);
      await writeAuditCheckpoints(deps.db, day, deps.now());
      await enqueueAuditCheckpoint(deps, chinaDate(chinaDayEnd(day)));
    },
    "licence:minimum-royalty": async (payload) => {
      await services.royalties.closeYear(String(payload.agreementId), String(payload.yearStart));
    },
    // Closes licence years already over (agreements made before their year-end job existed) and re-arms each agreement's next year-end.
    "licence:minimum-sweep": async () => {
      const result = await services.royalties.sweepMinimums();
      if (result.closed > 0) deps.log.info(result, "minimum royalty sweep");
      await enqueueJob(deps.db, { kind: "licence:minimum-sweep", runAt: new Date(deps.now().getTime() + MINIMUM_ROYALTY_SWEEP_EVERY_MS), dedupeKey: "licence:minimum-sweep:next" });
    },
    "payment:cancel-hold": async (payload) => {
      await services.payments.card?.cancel(String(payload.paymentId));
    },
    [WITHDRAW_INTENT_JOB]: async (payload) => {
      await services.cardBalances.withdrawIntent(String(payload.paymentId));
    },
    "payment:capture-hold": async (payload) => {
      await services.payments.card?.capture(String(payload.paymentId));
    },
    "payout:transfer": async (payload) => {
      await services.payouts.transferDistribution(String(payload.distributionId));
    },
    "refund:card": async (payload) => {
      await services.refunds.sendCardRefund(String(payload.refundId));
    },
    // Applies what Stripe's webhooks did not deliver (an outage, a lost event) by re-reading open PaymentIntents.
    "payment:reconcile": async () => {
      const result = await services.payments.card?.reconcile();
      if (result?.applied) deps.log.info(result, "payment reconciliation");
      const transfers = await services.payouts.reconcile();
      if (transfers.transferred) deps.log.info(transfers, "payout reconciliation");
      const refunds = await services.refunds.reconcile();
      if (refunds.applied) deps.log.info(refunds, "refund reconciliation");
      if (services.payments.card) await enqueueJob(deps.db, { kind: "payment:reconcile", runAt: new Date(deps.now().getTime() + PAYMENT_RECONCILE_EVERY_MS), dedupeKey: "payment:reconcile:next" });
    },
  };
}

/** Recurring work that must always be queued: idempotent, several processes may call it. */
export async function scheduleRecurring(deps: ServiceDeps): Promise<void> {
  await enqueueJob(deps.db, { kind: "monitor:sweep", runAt: deps.now(), dedupeKey: "monitor:sweep:next" });
  await enqueueJob(deps.db, { kind: "lot:sweep", runAt: deps.now(), dedupeKey: "lot:sweep:next" });
  await enqueueJob(deps.db, { kind: "licence:minimum-sweep", runAt: deps.now(), dedupeKey: "licence:minimum-sweep:next" });
  await enqueueAuditCheckpoint(deps, chinaDate(deps.now()));
  if (deps.config.stripe) await enqueueJob(deps.db, { kind: "payment:reconcile", runAt: deps.now(), dedupeKey: "payment:reconcile:next" });
}

function enqueueAuditCheckpoint(deps: ServiceDeps, day: string): Promise<void> {
  return enqueueJob(deps.db, { kind: "audit:checkpoint", payload: { day }, runAt: chinaDayEnd(day), dedupeKey: `audit:checkpoint:${day}` });
}
