import { and, eq, isNull, ne } from "drizzle-orm";
import type Stripe from "stripe";
import type { DbOrTx } from "../../../db/client";
import { organisations } from "../../../db/schema";
import { fail, ok } from "../../domain/result";
import { type ConnectedAccountState, type StripeGateway, accountStateOf } from "../../payments/stripe-client";
import { appendAudit } from "../audit";
import type { Principal } from "../auth/principal";
import type { ServiceDeps } from "../context";
import type { CardPayments } from "./card";

/** Stripe's onboarding sends the admin back here (`return`), or here for a fresh link when one expired (`refresh`). */
export const ONBOARDING_PATH = "/organisation/payouts";

/** Records what Stripe says of a connected account: can it receive transfers? Once per change. */
export async function applyAccount(tx: DbOrTx, state: ConnectedAccountState, now: Date): Promise<boolean> {
  const changed = await tx
    .update(organisations)
    .set({ stripePayoutsEnabled: state.payoutsEnabled })
    .where(and(eq(organisations.stripeAccountId, state.id), ne(organisations.stripePayoutsEnabled, state.payoutsEnabled)))
    .returning({ id: organisations.id });
  for (const o of changed) await appendAudit(tx, { action: state.payoutsEnabled ? "organisation.stripe_payouts_enabled" : "organisation.stripe_payouts_disabled", organisationId: o.id, subjectType: "organisation", subjectId: o.id, data: { accountId: state.id } }, now);
  return changed.length > 0;
}

/**
 * Receiving payouts by Stripe: an organisation's admin creates its Express account (once, keyed by the
 * organisation) and finishes Stripe's hosted onboarding; `account.updated` (or the return page re-reading the
 * account) says when transfers can go to it. Without a Stripe key nothing of this exists.
 */
export class PayoutAccounts {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly gateway: StripeGateway | null,
    card: CardPayments | null,
  ) {
    card?.onEvent("account", (tx, event, now) => applyAccount(tx, accountStateOf(event.data.object as Stripe.Account), now));
  }

  /** Null when Stripe is not configured: the organisation page offers nothing. */
  async status(organisationId: string) {
    if (!this.gateway) return null;
    const [o] = await this.deps.db.select({ accountId: organisations.stripeAccountId, payoutsEnabled: organisations.stripePayoutsEnabled }).from(organisations).where(eq(organisations.id, organisationId));
    return o ? { connected: o.accountId !== null, payoutsEnabled: o.payoutsEnabled } : null;
  }

  /** Creates the organisation's account if it has none, and answers a link into Stripe's onboarding for it. */
  async startOnboarding(principal: Principal) {
    if (!this.gateway) return fail("PAYOUTS_UNAVAILABLE");
    const accountId = (await this.accountOf(principal.organisation.id)) ?? (await this.createAccount(principal));
    const back = (step: string) => `${this.deps.config.publicOrigin}${ONBOARDING_PATH}?step=${step}`;
    return ok({ url: await this.gateway.onboardingLink(accountId, back("refresh"), back("return")) });
  }

  /** The admin is back from Stripe: the account re-read (a webhook may not have arrived yet). */
  async refresh(principal: Principal) {
    if (!this.gateway) return fail("PAYOUTS_UNAVAILABLE");
    const accountId = await this.accountOf(principal.organisation.id);
    if (!accountId) return fail("NOT_FOUND");
    const state = await this.gateway.retrieveAccount(accountId);
    await this.deps.db.transaction((tx) => applyAccount(tx, state, this.deps.now()));
    return ok({ payoutsEnabled: state.payoutsEnabled });
  }

  private async accountOf(organisationId: string) {
    const [o] = await this.deps.db.select({ accountId: organisations.stripeAccountId }).from(organisations).where(eq(organisations.id, organisationId));
    return o?.accountId ?? null;
  }

  /** Two admins at once reach Stripe with the same key and get the same account; the first to commit stores it. */
  private async createAccount(principal: Principal) {
    const account = await this.gateway!.createConnectedAccount(principal.organisation.id);
    const now = this.deps.now();
    await this.deps.db.transaction(async (tx) => {
      const [stored] = await tx.update(organisations).set({ stripeAccountId: account.id }).where(and(eq(organisations.id, principal.organisation.id), isNull(organisations.stripeAccountId))).returning({ id: organisations.id });
      if (stored) await appendAudit(tx, { action: "organisation.stripe_account_created", actorUserId: principal.user.id, organisationId: stored.id, subjectType: "organisation", subjectId: stored.id, data: { accountId: account.id } }, now);
    });
    return (await this.accountOf(principal.organisation.id))!;
  }
}
