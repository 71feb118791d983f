import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { memberships, organisations, users } from "../schema";
import { permissionsFor } from "../../server/domain/permissions";
import type { Principal } from "../../server/services/auth/principal";

/** The seed acts through the services as a demo person would, with that person's own permissions. */
export async function principalFor(db: Db, email: string): Promise<Principal> {
  const [row] = await db
    .select({ user: users, org: organisations, role: memberships.role })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(users.email, email));
  if (!row) throw new Error(`demo user ${email} missing`);
  return {
    user: { id: row.user.id, email: row.user.email, name: row.user.name },
    organisation: { id: row.org.id, name: row.org.name, kind: row.org.kind, verification: row.org.verification },
    role: row.role,
    permissions: permissionsFor({ kind: row.org.kind, role: row.role, verification: row.org.verification }),
    // No real session: the seed acts at once and never through a socket, so its credential never lapses.
    credential: { kind: "session", id: "seed", expiresAt: new Date(8.64e15) },
  };
}
