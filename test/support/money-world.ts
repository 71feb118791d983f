import { and, eq, inArray, isNull } from "drizzle-orm";
import { jobs, lotDeposits, payments } from "../../db/schema";
import { parseConfig } from "../../server/config";
import { jobHandlers } from "../../server/jobs/handlers";
import { JobRunner } from "../../server/jobs/runner";
import { createLogger } from "../../server/logger";
import type { Principal } from "../../server/services/auth/principal";
import { type Services, buildServices } from "../../server/services";
import type { ServiceDeps } from "../../server/services/context";
import { EventBus } from "../../server/services/events";
import { requestPayment } from "../../server/services/payments/requests";
import { principalOf } from "./recovery-fixture";
import { shuffled } from "./shuffle";
import { type StandInEvent, StripeStandIn } from "./stripe-stand-in";
import { type TestServer, startTestServer } from "./test-server";

/**
 * The world random money flows run in: one database and server (receiving Stripe's webhooks), the Stripe
 * stand-in, and the services in this process on a fake clock. The clock starts years ahead of the real one,
 * so the server's own job runner never takes the jobs the flows queue (settlement deadlines, card captures):
 * the flows run those themselves, when they choose.
 */
const PAYMENT_JOBS = ["payment:capture-hold", "payment:cancel-hold", "payment:withdraw-intent", "refund:card"];

/** How webhooks reach the server: every event `copies` times in an order drawn from `seed`; when `together`, first two copies of each at once (so at least two). */
export type DeliveryPlan = { seed: number; copies: number; together: boolean };

export type Deposit = { organisationId: string; depositId: string; paymentId: string; reference: string; method: "bank_transfer" | "card"; intentId: string | null };

export class MoneyWorld {
  clock = new Date("2031-01-06T02:00:00Z");
  readonly services: Services;
  /** The private preset's platform fee the settlements here charge, in basis points. */
  readonly platformFeeBps = 150;
  private readonly runner: JobRunner;
  private serial = 0;

  private constructor(
    readonly server: TestServer,
    readonly standIn: StripeStandIn,
  ) {
    const config = parseConfig({ NODE_ENV: "test", DATABASE_URL: server.databaseUrl, LOG_LEVEL: "silent", PLATFORM_FEE_BPS: String(this.platformFeeBps), ...standIn.env() });
    const deps: ServiceDeps = { db: server.db.db, config, bus: new EventBus(), log: createLogger("silent"), now: () => this.clock };
    this.services = buildServices(deps);
    const handlers = jobHandlers(deps, this.services);
    this.runner = new JobRunner(deps, Object.fromEntries(PAYMENT_JOBS.map((kind) => [kind, handlers[kind]!])));
  }

  static async start() {
    const standIn = await new StripeStandIn().start();
    standIn.autoDeliver = false;
    const server = await startTestServer(standIn.env());
    standIn.webhookUrl = `${server.origin}/webhooks/stripe`;
    return new MoneyWorld(server, standIn);
  }

  async stop() {
    await this.runner.stop();
    await this.server?.stop();
    await this.standIn?.stop();
  }

  get db() {
    return this.server.db.db;
  }

  /** The next day (or later): every flow starts on a day of its own. */
  advance(ms = 86_400_000) {
    this.clock = new Date(this.clock.getTime() + ms);
  }

  today() {
    return this.clock.toISOString().slice(0, 10);
  }

  principal(org: { id: string; name: string; kind: string }): Promise<Principal> {
    return principalOf(this.db, org);
  }

  /** An operator records a bank transfer quoting `reference` (matched to its payment by the payments port). */
  async receiveTransfer(reference: string, amount: bigint) {
    const receipt = { bankSerial: `FLOW-${Date.now()}-${++this.serial}`, amount: Number(amount), currency: "CNY", reference, payerName: "payer", receivedOn: this.today() };
    return this.db.transaction((tx) => this.services.payments.recordReceiptInTx(tx, receipt, null, this.clock));
  }

  /** A transfer quoting a reference no payment has: held in suspense until an operator assigns or returns it. */
  async receiveStray(amount: bigint) {
    const outcome = await this.receiveTransfer(`STRAY-${++this.serial}`, amount);
    if (outcome.outcome !== "unmatched") throw new Error(`a stray transfer was ${outcome.outcome}`);
    return outcome.receipt;
  }

  /** A bidder registers for a lot with its deposit asked by bank transfer or by card (a PaymentIntent created through the SDK). */
  async requestDeposit(listingId: string, organisationId: string, method: Deposit["method"], amount: bigint): Promise<Deposit> {
    const [d] = await this.db.insert(lotDeposits).values({ listingId, organisationId, bidderCode: `B${++this.serial}`, method, status: "requested", amount, requestedAt: this.clock }).returning();
    const p = await this.db.transaction((tx) => requestPayment(tx, { payerOrganisationId: organisationId, purpose: "deposit", method, lotDepositId: d!.id, currency: "CNY", amount }, this.clock));
    const deposit = { organisationId, depositId: d!.id, paymentId: p.id, reference: p.reference, method };
    if (method === "bank_transfer") return { ...deposit, intentId: null };
    const intent = await this.services.payments.card!.ensureIntent(p.id);
    if (!intent.ok) throw new Error(`no PaymentIntent for ${p.id}: ${intent.code}`);
    return { ...deposit, intentId: intent.intentId };
  }

  /** The stand-in's events from `mark` on (its event count before the steps that emitted them). */
  eventsSince(mark: number): StandInEvent[] {
    return this.standIn.events.slice(mark);
  }

  /** Delivers signed webhooks to the server as the plan says; each must be answered 200. */
  async deliver(events: readonly StandInEvent[], plan: DeliveryPlan) {
    const statuses: number[] = [];
    if (plan.together) statuses.push(...(await Promise.all(events.flatMap((e) => [this.standIn.deliver(e), this.standIn.deliver(e)]))));
    const rest = Array.from({ length: Math.max(plan.copies - (plan.together ? 2 : 0), 0) }, () => events).flat();
    for (const e of shuffled(rest, plan.seed)) statuses.push(await this.standIn.deliver(e));
    if (statuses.some((s) => s !== 200)) throw new Error(`webhook answered ${statuses.join(",")}`);
  }

  /** Runs the queued card captures, cancellations, withdrawals and refunds (as the job runner would, at the fake clock) until none is left. */
  async runPaymentJobs() {
    const open = () => this.db.select({ id: jobs.id, lastError: jobs.lastError }).from(jobs).where(and(inArray(jobs.kind, PAYMENT_JOBS), isNull(jobs.doneAt)));
    this.runner.start();
    try {
      for (let waited = 0; (await open()).length > 0; waited += 50) {
        if (waited > 15_000) throw new Error(`payment jobs stuck: ${JSON.stringify(await open())}`);
        this.runner.wake();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await this.runner.stop();
    }
  }

  async payment(id: string) {
    return (await this.db.select().from(payments).where(eq(payments.id, id)))[0]!;
  }
}
