import { and, asc, eq, ne, sql } from "drizzle-orm";
import { memberships, organisations, users } from "../../db/schema";
import type { VerificationState } from "../domain/organisations";
import { fail, ok } from "../domain/result";
import { appendAudit } from "./audit";
import type { Principal } from "./auth/principal";
import type { ServiceDeps } from "./context";

/** KYB: operators verify or reject organisations; a rejected organisation's admin may ask again. */
export class VerificationService {
  constructor(private readonly deps: ServiceDeps) {}

  async queue(state: VerificationState = "pending") {
    return this.deps.db
      .select({
        id: organisations.id,
        name: organisations.name,
        kind: organisations.kind,
        creditCode: organisations.creditCode,
        verification: organisations.verification,
        reason: organisations.verificationReason,
        createdAt: organisations.createdAt,
        reviewedAt: organisations.reviewedAt,
        contactEmails: sql<string[]>`coalesce(array_agg(${users.email} order by ${memberships.createdAt}) filter (where ${users.email} is not null), '{}')`,
      })
      .from(organisations)
      .leftJoin(memberships, eq(memberships.organisationId, organisations.id))
      .leftJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(organisations.verification, state), ne(organisations.kind, "platform")))
      .groupBy(organisations.id)
      .orderBy(asc(organisations.createdAt))
      .limit(500);
  }

  async decide(principal: Principal, organisationId: string, decision: { verdict: "verified" } | { verdict: "rejected"; reason: string }) {
    const now = this.deps.now();
    const decided = await this.deps.db.transaction(async (tx) => {
      const [org] = await tx.select().from(organisations).where(eq(organisations.id, organisationId)).for("update");
      if (!org || org.kind === "platform") return fail("NOT_FOUND");
      if (org.verification !== "pending") return fail("NOT_PENDING");
      const reason = decision.verdict === "rejected" ? decision.reason : null;
      await tx
        .update(organisations)
        .set({ verification: decision.verdict, verificationReason: reason, reviewedAt: now, reviewedBy: principal.user.id })
        .where(eq(organisations.id, organisationId));
      await appendAudit(tx, { action: `organisation.${decision.verdict}`, actorUserId: principal.user.id, organisationId, subjectType: "organisation", subjectId: organisationId, data: reason ? { reason } : undefined }, now);
      return ok({ verification: decision.verdict });
    });
    if (decided.ok) this.changed(organisationId);
    return decided;
  }

  /** An operator withdraws a verification (the organisation stops trading at once); its admin may ask again. */
  async revoke(principal: Principal, organisationId: string, reason: string) {
    const now = this.deps.now();
    const revoked = await this.deps.db.transaction(async (tx) => {
      const rows = await tx
        .update(organisations)
        .set({ verification: "rejected", verificationReason: reason, reviewedAt: now, reviewedBy: principal.user.id })
        .where(and(eq(organisations.id, organisationId), eq(organisations.verification, "verified"), ne(organisations.kind, "platform")))
        .returning({ id: organisations.id });
      if (rows.length === 0) return fail("NOT_VERIFIED");
      await appendAudit(tx, { action: "organisation.verification_revoked", actorUserId: principal.user.id, organisationId, subjectType: "organisation", subjectId: organisationId, data: { reason } }, now);
      return ok({ verification: "rejected" as const });
    });
    if (revoked.ok) this.changed(organisationId);
    return revoked;
  }

  /** After a rejection the organisation's admin asks for another review. */
  async resubmit(principal: Principal) {
    const now = this.deps.now();
    const resubmitted = await this.deps.db.transaction(async (tx) => {
      const rows = await tx
        .update(organisations)
        .set({ verification: "pending" })
        .where(and(eq(organisations.id, principal.organisation.id), eq(organisations.verification, "rejected")))
        .returning({ id: organisations.id });
      if (rows.length === 0) return fail("NOT_REJECTED");
      await appendAudit(tx, { action: "organisation.resubmitted", actorUserId: principal.user.id, organisationId: principal.organisation.id, subjectType: "organisation", subjectId: principal.organisation.id }, now);
      return ok({});
    });
    if (resubmitted.ok) this.changed(principal.organisation.id);
    return resubmitted;
  }

  /** Every member's standing follows the verification: their connected sockets must notice. */
  private changed(organisationId: string) {
    this.deps.bus.publish("principal:changed", { userIds: [], organisationIds: [organisationId] });
  }

  async status(organisationId: string) {
    const [org] = await this.deps.db
      .select({ verification: organisations.verification, reason: organisations.verificationReason })
      .from(organisations)
      .where(eq(organisations.id, organisationId));
    return org ?? null;
  }
}
