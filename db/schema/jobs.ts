import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organisations, users } from "./organisations";

/**
 * Timed and background work, polled with FOR UPDATE SKIP LOCKED so that several processes share it and
 * each job runs once; `dedupe_key` keeps a recurring job from being queued twice.
 */
export const jobs = pgTable(
  "jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").notNull(),
    payload: jsonb("payload").notNull().default(sql`'{}'::jsonb`),
    runAt: timestamp("run_at", { withTimezone: true }).notNull(),
    dedupeKey: text("dedupe_key"),
    attempts: integer("attempts").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    doneAt: timestamp("done_at", { withTimezone: true }),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("jobs_due_idx").on(t.runAt).where(sql`${t.doneAt} is null`),
    // Only a job not yet claimed deduplicates: work queued while a run is under way gets a run of its own.
    uniqueIndex("jobs_queued_dedupe_key").on(t.dedupeKey).where(sql`${t.doneAt} is null and ${t.lockedUntil} is null`),
  ],
);

/** A bulk import: the files as uploaded, its progress, and its outcome (errors by file, line and column). */
export const importJobs = pgTable(
  "import_jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    kind: text("kind").notNull(),
    files: jsonb("files").notNull(),
    status: text("status").notNull().default("queued"),
    phase: text("phase"),
    totalRows: integer("total_rows").notNull().default(0),
    processedRows: integer("processed_rows").notNull().default(0),
    errors: jsonb("errors").notNull().default(sql`'[]'::jsonb`),
    errorCount: integer("error_count").notNull().default(0),
    summary: jsonb("summary"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("import_jobs_org_idx").on(t.organisationId, t.createdAt)],
);
