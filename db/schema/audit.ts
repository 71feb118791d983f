import { bigint, bigserial, date, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";

/**
 * Append-only, hash-chained. `chain` names an independent chain ('global' and any other) so
 * auditing never serialises unrelated work; (chain, seq) is gap-free and each row carries the previous hash.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    chain: text("chain").notNull(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    actorUserId: uuid("actor_user_id"),
    organisationId: uuid("organisation_id"),
    action: text("action").notNull(),
    subjectType: text("subject_type"),
    subjectId: text("subject_id"),
    data: jsonb("data"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [unique("audit_events_chain_seq_key").on(t.chain, t.seq)],
);

/**
 * The head of each audit chain as it stood at a day's end (Asia/Shanghai), written by a daily job. The verifier
 * compares the chain with every checkpoint, so that deleting the newest events (which leaves a shorter chain
 * that still links) is detected too.
 */
export const auditCheckpoints = pgTable(
  "audit_checkpoints",
  {
    chain: text("chain").notNull(),
    day: date("day").notNull(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    hash: text("hash").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.chain, t.day] })],
);
