import { z } from "zod";

/**
 * What the audit trail shows and withholds. Auditors read every event except what no one may read yet: a bidder's
 * identity before the lot's award, and sealed tender amounts before the opening (docs/architecture.md,
 * "Security model").
 */

export const AUDIT_PAGE_SIZE = 50;

/** The trail's filters, as the page's query string and API v1 both take them; days are Beijing calendar days. */
export const AuditQuerySchema = z
  .object({
    organisationId: z.uuid().optional(),
    kind: z
      .string()
      .regex(/^[a-z][a-z_]{0,39}$/)
      .optional()
      .describe("The part of the action before the dot: `listing`, `tender`, `auth`, …"),
    from: z.iso.date().optional().describe("First day included, YYYY-MM-DD (Asia/Shanghai)"),
    to: z.iso.date().optional().describe("Last day included, YYYY-MM-DD (Asia/Shanghai)"),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "from must not be after to", path: ["to"] });
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

/** A day's bounds in Beijing time (UTC+8 all year), as instants: [start of `from`, start of the day after `to`). */
export function dayRange(query: Pick<AuditQuery, "from" | "to">): { since: Date | null; before: Date | null } {
  const start = (day: string) => new Date(`${day}T00:00:00+08:00`);
  return { since: query.from ? start(query.from) : null, before: query.to ? new Date(start(query.to).getTime() + 86_400_000) : null };
}

/** The kind of an action, `listing.awarded` → `listing`: what the trail filters by. */
export const kindOf = (action: string) => action.split(".")[0]!;

/**
 * Actions whose actor and organisation are a bidder's (LIKE patterns: SQL filters with them too). Per-lot bid
 * events (`bid.*`) are covered whatever their name.
 */
export const BIDDER_ACTION_PATTERNS = ["bid.%", "deposit.%", "tender.submitted", "tender.revised", "transfer.intent_registered"] as const;
/** Data fields that name bidders (a listed transfer turned auction names its registered buyers). */
const BIDDER_DATA_KEYS = ["bidders", "bidder", "organisationId", "userId"];
/** Data fields of bid events that could carry a sealed tender's amounts. */
const SEALED_DATA_KEYS = ["amount", "price", "values", "maximum"];
const SEALED_ACTION_PATTERNS = ["bid.%", "tender.%"];
/** Statuses a tender reaches only through its opening (or after it). */
const OPENED_STATUSES = ["awarded", "unsold", "settled"];

const matches = (action: string, patterns: readonly string[]) => patterns.some((p) => (p.endsWith("%") ? action.startsWith(p.slice(0, -1)) : action === p));

/** Subjects that are a listing (a lot is the listing it sells). */
export const LISTING_SUBJECTS = ["listing", "lot"] as const;

/** What decides what an event on a listing may show. */
export type ListingFacts = { mode: string; status: string; awarded: boolean };

export type Withheld = "bidder" | "sealed";

type Event = { actorUserId: string | null; organisationId: string | null; action: string; subjectType: string | null; data: unknown };

/**
 * The event as an auditor may read it now, with what was withheld. An event on a listing the trail cannot find is
 * treated as not yet awarded nor opened: deny by default.
 */
export function readableEvent<E extends Event>(event: E, listing: ListingFacts | null): E & { withheld: Withheld[] } {
  const onListing = (LISTING_SUBJECTS as readonly string[]).includes(event.subjectType ?? "");
  if (!onListing) return { ...event, withheld: [] };
  const withheld: Withheld[] = [];
  let { actorUserId, organisationId } = event;
  let data = event.data;
  if (!listing?.awarded) {
    const bidderEvent = matches(event.action, BIDDER_ACTION_PATTERNS);
    const named = keysIn(data, BIDDER_DATA_KEYS);
    if (bidderEvent || named.length > 0) {
      withheld.push("bidder");
      if (bidderEvent) [actorUserId, organisationId] = [null, null];
      data = omit(data, named);
    }
  }
  const sealed = (!listing || listing.mode === "tender") && !OPENED_STATUSES.includes(listing?.status ?? "") && matches(event.action, SEALED_ACTION_PATTERNS);
  const sealedKeys = sealed ? keysIn(data, SEALED_DATA_KEYS) : [];
  if (sealedKeys.length > 0) {
    withheld.push("sealed");
    data = omit(data, sealedKeys);
  }
  return { ...event, actorUserId, organisationId, data, withheld };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function keysIn(data: unknown, keys: readonly string[]): string[] {
  return isRecord(data) ? keys.filter((k) => k in data) : [];
}

function omit(data: unknown, keys: readonly string[]): unknown {
  if (!isRecord(data) || keys.length === 0) return data;
  return Object.fromEntries(Object.entries(data).filter(([k]) => !keys.includes(k)));
}
