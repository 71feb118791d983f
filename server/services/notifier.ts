import { eq, inArray, sql } from "drizzle-orm";
import { anyOf } from "../../db/array-param";
import type { DbOrTx } from "../../db/client";
import { memberships, notifications, outbox, users } from "../../db/schema";
import { enqueueJob } from "../jobs/runner";
import type { ServiceDeps } from "./context";

export type NotificationItem = {
  kind: string;
  /** Parameters the pages translate `notifications.<kind>` with. */
  data: Record<string, string | number | null>;
  link: string | null;
};

/** Plain-text e-mail, in both languages (we do not know each reader's choice). */
export type Mail = { subject: string; body: string };

/** One person to tell, in the organisation they are told as. */
export type Recipient = { userId: string; organisationId: string; email: string };

/**
 * Tells every member of the given organisations: an in-app notification per item each, and one e-mail
 * (covering all the items) through the outbox; `email: null` keeps it in the inbox only (frequent news,
 * such as being outbid). Runs inside the caller's transaction, so a notice exists exactly when its cause does.
 */
export async function notifyOrganisations(tx: DbOrTx, organisationIds: readonly string[], items: readonly NotificationItem[], email: Mail | null, now: Date): Promise<number> {
  const unique = [...new Set(organisationIds)];
  if (unique.length === 0 || items.length === 0) return 0;
  const people = await tx
    .select({ userId: memberships.userId, organisationId: memberships.organisationId, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(inArray(memberships.organisationId, unique));
  return notifyPeople(tx, people, items, email, now);
}

/**
 * Tells every member of the given organisations in-app only, unless an unread notice of this kind and link
 * is already waiting for them (kinds with a unique index over unread notices: frequent news, one statement).
 */
export async function notifyOrganisationsOnce(tx: DbOrTx, organisationIds: readonly string[], item: NotificationItem, now: Date): Promise<void> {
  if (organisationIds.length === 0) return;
  await tx
    .insert(notifications)
    .select(
      tx
        .select({
          id: sql<string>`gen_random_uuid()`.as("id"),
          userId: memberships.userId,
          organisationId: memberships.organisationId,
          kind: sql<string>`${item.kind}::text`.as("kind"),
          data: sql<unknown>`${JSON.stringify(item.data)}::jsonb`.as("data"),
          link: sql<string | null>`${item.link}::text`.as("link"),
          createdAt: sql<Date>`${now.toISOString()}::timestamptz`.as("created_at"),
          readAt: sql<Date | null>`null::timestamptz`.as("read_at"),
        })
        .from(memberships)
        .where(anyOf(memberships.organisationId, [...new Set(organisationIds)])),
    )
    .onConflictDoNothing();
}

/** Tells the given people (in-app, and unless `email` is null one e-mail each through the outbox), inside the caller's transaction. */
export async function notifyPeople(tx: DbOrTx, people: readonly Recipient[], items: readonly NotificationItem[], email: Mail | null, now: Date): Promise<number> {
  if (people.length === 0 || items.length === 0) return 0;
  await tx.insert(notifications).values(
    people.flatMap((p) => items.map((item) => ({ userId: p.userId, organisationId: p.organisationId, kind: item.kind, data: item.data, link: item.link, createdAt: now }))),
  );
  if (!email) return people.length * items.length;
  const recipients = [...new Set(people.map((p) => p.email))];
  await tx.insert(outbox).values(recipients.map((recipient) => ({ channel: "email", recipient, subject: email.subject, body: email.body, createdAt: now })));
  await enqueueJob(tx, { kind: "outbox:deliver", runAt: now, dedupeKey: "outbox:deliver" });
  return people.length * items.length;
}

export type MailTransport = { send(message: { to: string; subject: string; body: string }): Promise<void> };

/** Development and test transport: the message goes to the log, nowhere else. */
export function logTransport(deps: Pick<ServiceDeps, "log">): MailTransport {
  return {
    async send(message) {
      deps.log.info({ mail: { to: message.to, subject: message.subject } }, `e-mail (log transport): ${message.subject}\n${message.body}`);
    },
  };
}
