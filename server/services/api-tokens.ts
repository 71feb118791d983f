import { and, desc, eq, isNull } from "drizzle-orm";
import { apiTokens } from "../../db/schema";
import { fail, ok } from "../domain/result";
import { appendAudit } from "./audit";
import { TOKEN_PREFIX } from "./auth/credentials";
import type { Principal } from "./auth/principal";
import type { ServiceDeps } from "./context";
import { randomSecret, sha256 } from "./secrets";

/** Bearer tokens for programs, bound to a user and the organisation they act for; stored hashed. */
export class ApiTokenService {
  constructor(private readonly deps: ServiceDeps) {}

  /** The secret is returned once, at creation. */
  async create(owner: { userId: string; organisationId: string }, name: string) {
    const now = this.deps.now();
    const token = `${TOKEN_PREFIX}${randomSecret()}`;
    return this.deps.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(apiTokens)
        .values({
          tokenHash: sha256(token),
          tokenPrefix: token.slice(0, 10),
          name,
          userId: owner.userId,
          organisationId: owner.organisationId,
          createdAt: now,
          expiresAt: new Date(now.getTime() + this.deps.config.apiTokenTtlMs),
        })
        .returning({ id: apiTokens.id, expiresAt: apiTokens.expiresAt, tokenPrefix: apiTokens.tokenPrefix });
      await appendAudit(tx, { action: "token.created", actorUserId: owner.userId, organisationId: owner.organisationId, subjectType: "api_token", subjectId: row!.id, data: { name } }, now);
      return ok({ token, id: row!.id, name, prefix: row!.tokenPrefix, expiresAt: row!.expiresAt });
    });
  }

  async list(principal: Principal) {
    return this.deps.db
      .select({
        id: apiTokens.id,
        name: apiTokens.name,
        prefix: apiTokens.tokenPrefix,
        createdAt: apiTokens.createdAt,
        lastUsedAt: apiTokens.lastUsedAt,
        expiresAt: apiTokens.expiresAt,
      })
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, principal.user.id), isNull(apiTokens.revokedAt)))
      .orderBy(desc(apiTokens.createdAt));
  }

  async revoke(principal: Principal, tokenId: string) {
    const now = this.deps.now();
    const done = await this.deps.db.transaction(async (tx) => {
      const rows = await tx
        .update(apiTokens)
        .set({ revokedAt: now })
        .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, principal.user.id), isNull(apiTokens.revokedAt)))
        .returning({ id: apiTokens.id });
      if (rows.length === 0) return false;
      await appendAudit(tx, { action: "token.revoked", actorUserId: principal.user.id, organisationId: principal.organisation.id, subjectType: "api_token", subjectId: tokenId }, now);
      return true;
    });
    if (!done) return fail("NOT_FOUND");
    this.deps.bus.publish("credentials:revoked", { userId: principal.user.id, sessionIds: [], tokenIds: [tokenId] });
    return ok({});
  }
}
