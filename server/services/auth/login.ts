import { and, asc, count, eq, gt, max } from "drizzle-orm";
import { loginAttempts, memberships, organisations, users } from "../../../db/schema";
import { LOGIN_WINDOW_MS, isThrottled } from "../../domain/login-throttle";
import { fail, ok } from "../../domain/result";
import type { LoginCommand } from "../../domain/schemas/accounts";
import { appendAudit } from "../audit";
import type { RequestMeta, ServiceDeps } from "../context";
import { verifyPassword } from "./passwords";

/**
 * Checks e-mail and password, throttled per account and per address from the attempts table (so the
 * throttle holds across processes). A throttled attempt is refused before the password is looked at.
 */
export class LoginService {
  constructor(private readonly deps: ServiceDeps) {}

  private async counts(email: string, ipAddress: string, now: Date) {
    const windowStart = new Date(now.getTime() - LOGIN_WINDOW_MS);
    const { db } = this.deps;
    const [lastSuccess] = await db
      .select({ at: max(loginAttempts.attemptedAt) })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.email, email), eq(loginAttempts.succeeded, true), gt(loginAttempts.attemptedAt, windowStart)));
    const accountSince = lastSuccess?.at && lastSuccess.at > windowStart ? lastSuccess.at : windowStart;
    const [account] = await db
      .select({ n: count() })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.email, email), eq(loginAttempts.succeeded, false), gt(loginAttempts.attemptedAt, accountSince)));
    const [address] = await db
      .select({ n: count() })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.ipAddress, ipAddress), eq(loginAttempts.succeeded, false), gt(loginAttempts.attemptedAt, windowStart)));
    return { accountFailures: account?.n ?? 0, addressFailures: address?.n ?? 0 };
  }

  /** On success: the user and the organisation to act for (the one asked for, else the earliest membership). */
  async check(command: LoginCommand, meta: RequestMeta, organisationId?: string) {
    const now = this.deps.now();
    const email = command.email;
    if (isThrottled(await this.counts(email, meta.ipAddress, now))) return fail("THROTTLED");

    const [user] = await this.deps.db.select().from(users).where(eq(users.email, email));
    const valid = await verifyPassword(user?.passwordHash, command.password);
    const [membership] = user
      ? await this.deps.db
          .select({ organisationId: memberships.organisationId })
          .from(memberships)
          .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
          .where(organisationId ? and(eq(memberships.userId, user.id), eq(memberships.organisationId, organisationId)) : eq(memberships.userId, user.id))
          .orderBy(asc(memberships.createdAt))
          .limit(1)
      : [];

    const succeeded = Boolean(user && valid && membership);
    await this.deps.db.transaction(async (tx) => {
      await tx.insert(loginAttempts).values({ email, ipAddress: meta.ipAddress, succeeded, attemptedAt: now });
      await appendAudit(
        tx,
        {
          action: succeeded ? "auth.login" : "auth.login_failed",
          actorUserId: user?.id ?? null,
          organisationId: succeeded ? membership!.organisationId : null,
          subjectType: "user",
          subjectId: user?.id ?? email,
          data: { ipAddress: meta.ipAddress },
        },
        now,
      );
    });
    if (!succeeded || !user || !membership) return fail("INVALID_CREDENTIALS");
    return ok({ userId: user.id, organisationId: membership.organisationId });
  }
}
