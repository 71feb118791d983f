import { type SQL, and, asc, desc, eq, gte, inArray, isNull, like, lt, notInArray, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { auditEvents, awards, listings, organisations, users } from "../../db/schema";
import { AUDIT_PAGE_SIZE, type AuditQuery, BIDDER_ACTION_PATTERNS, LISTING_SUBJECTS, type ListingFacts, dayRange, readableEvent } from "../domain/audit-trail";
import { verifyAuditChains } from "./audit";
import type { ServiceDeps } from "./context";

const kindColumn = sql<string>`split_part(${auditEvents.action}, '.', 1)`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The audit trail as auditors and operators read it (the `audit:read` permission): events newest first, filtered
 * and paged, with what no one may read yet withheld; and the chains' verification.
 */
export class AuditTrailService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Recomputes every chain; whatever entries the verifier reports (one per chain) are answered as they are. */
  verify() {
    return verifyAuditChains(this.deps.db);
  }

  /** One page of events (newest first) with their actor, organisation and subject named. */
  async events(query: AuditQuery) {
    const db = this.deps.db;
    const rows = await db
      .select()
      .from(auditEvents)
      .where(and(...conditionsOf(query)))
      .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
      .limit(AUDIT_PAGE_SIZE + 1)
      .offset((query.page - 1) * AUDIT_PAGE_SIZE);
    const page = rows.slice(0, AUDIT_PAGE_SIZE);
    const facts = await listingFacts(db, page);
    const readable = page.map((e) => readableEvent(e, e.subjectType && (LISTING_SUBJECTS as readonly string[]).includes(e.subjectType) ? (facts.get(e.subjectId ?? "") ?? null) : null));
    const [people, orgs] = await Promise.all([namesOf(db, users, readable.map((e) => e.actorUserId)), namesOf(db, organisations, readable.map((e) => e.organisationId))]);
    return {
      page: query.page,
      hasMore: rows.length > AUDIT_PAGE_SIZE,
      events: readable.map((e) => ({
        id: e.id,
        chain: e.chain,
        seq: e.seq,
        occurredAt: e.occurredAt,
        action: e.action,
        actor: e.actorUserId ? { id: e.actorUserId, name: people.get(e.actorUserId)?.name ?? null } : null,
        organisation: e.organisationId ? { id: e.organisationId, name: orgs.get(e.organisationId)?.name ?? null } : null,
        subject: e.subjectType ? { type: e.subjectType, id: e.subjectId, title: facts.get(e.subjectId ?? "")?.title ?? null } : null,
        data: (e.data ?? null) as Record<string, unknown> | null,
        withheld: e.withheld,
      })),
    };
  }

  /** What the filters offer: every organisation, and the kinds of action the trail holds. */
  async filters() {
    const db = this.deps.db;
    const [orgs, kinds] = await Promise.all([
      db.select({ id: organisations.id, name: organisations.name }).from(organisations).orderBy(asc(organisations.name)),
      db.selectDistinct({ kind: kindColumn }).from(auditEvents).orderBy(kindColumn),
    ]);
    return { organisations: orgs, kinds: kinds.map((k) => k.kind) };
  }
}

function conditionsOf(query: AuditQuery): SQL[] {
  const { since, before } = dayRange(query);
  const conditions: SQL[] = [];
  if (query.kind) conditions.push(like(auditEvents.action, `${query.kind}.%`));
  if (since) conditions.push(gte(auditEvents.occurredAt, since));
  if (before) conditions.push(lt(auditEvents.occurredAt, before));
  if (query.organisationId) {
    conditions.push(eq(auditEvents.organisationId, query.organisationId));
    // A bidder's events whose identity is withheld must not be found through their organisation either.
    conditions.push(or(notBidderEvent(), isNull(auditEvents.subjectType), notInArray(auditEvents.subjectType, [...LISTING_SUBJECTS]), sql`exists (select 1 from ${awards} where ${awards.listingId}::text = ${auditEvents.subjectId})`)!);
  }
  return conditions;
}

function notBidderEvent(): SQL {
  return and(...BIDDER_ACTION_PATTERNS.map((p) => sql`${auditEvents.action} not like ${p}`))!;
}

type Named = { id: string; title: string } & ListingFacts;

/** The listings the page's events are about: what decides what they may show, and their titles. */
async function listingFacts(db: Db, events: ReadonlyArray<{ subjectType: string | null; subjectId: string | null }>): Promise<Map<string, Named>> {
  const ids = [...new Set(events.filter((e) => (LISTING_SUBJECTS as readonly string[]).includes(e.subjectType ?? "") && UUID.test(e.subjectId ?? "")).map((e) => e.subjectId!))];
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: listings.id, title: listings.title, mode: listings.mode, status: listings.status, awardId: awards.id })
    .from(listings)
    .leftJoin(awards, eq(awards.listingId, listings.id))
    .where(inArray(listings.id, ids));
  return new Map(rows.map((r) => [r.id, { id: r.id, title: r.title, mode: r.mode, status: r.status, awarded: r.awardId !== null }]));
}

async function namesOf(db: Db, table: typeof users | typeof organisations, ids: ReadonlyArray<string | null>): Promise<Map<string, { name: string }>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: table.id, name: table.name }).from(table).where(inArray(table.id, wanted));
  return new Map(rows.map((r) => [r.id, { name: r.name }]));
}
