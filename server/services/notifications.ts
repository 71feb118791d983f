import { and, count, desc, eq, isNull } from "drizzle-orm";
import { notifications } from "../../db/schema";
import { fail, ok } from "../domain/result";
import type { Principal } from "./auth/principal";
import type { ServiceDeps } from "./context";

/** The caller's in-app inbox, for the organisation it acts for. */
export class NotificationService {
  constructor(private readonly deps: ServiceDeps) {}

  private mine(principal: Principal) {
    return and(eq(notifications.userId, principal.user.id), eq(notifications.organisationId, principal.organisation.id));
  }

  async list(principal: Principal, limit = 100) {
    return this.deps.db.select().from(notifications).where(this.mine(principal)).orderBy(desc(notifications.createdAt)).limit(Math.min(limit, 500));
  }

  async unreadCount(principal: Principal): Promise<number> {
    const [row] = await this.deps.db.select({ n: count() }).from(notifications).where(and(this.mine(principal), isNull(notifications.readAt)));
    return row?.n ?? 0;
  }

  async markRead(principal: Principal, id: string) {
    const rows = await this.deps.db
      .update(notifications)
      .set({ readAt: this.deps.now() })
      .where(and(eq(notifications.id, id), this.mine(principal), isNull(notifications.readAt)))
      .returning({ id: notifications.id });
    if (rows.length > 0) return ok({});
    const [exists] = await this.deps.db.select({ id: notifications.id }).from(notifications).where(and(eq(notifications.id, id), this.mine(principal)));
    return exists ? ok({}) : fail("NOT_FOUND");
  }

  async markAllRead(principal: Principal) {
    const rows = await this.deps.db.update(notifications).set({ readAt: this.deps.now() }).where(and(this.mine(principal), isNull(notifications.readAt))).returning({ id: notifications.id });
    return ok({ count: rows.length });
  }
}
