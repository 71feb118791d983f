import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { ALERT_RULES, ALERT_SEVERITIES } from "../../server/domain/collateral/vocabulary";
import { ipAssets, loans } from "./collateral";
import { organisations, users } from "./organisations";

export const alertRule = pgEnum("alert_rule", ALERT_RULES);
export const alertSeverity = pgEnum("alert_severity", ALERT_SEVERITIES);

/** One row per (loan, asset, rule, key): a finding raised once, acknowledged by a person, resolved when it stops firing. */
export const alerts = pgTable(
  "alerts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    loanId: uuid("loan_id")
      .notNull()
      .references(() => loans.id, { onDelete: "cascade" }),
    assetId: uuid("asset_id").references(() => ipAssets.id),
    rule: alertRule("rule").notNull(),
    key: text("key").notNull(),
    severity: alertSeverity("severity").notNull(),
    details: jsonb("details").notNull(),
    raisedAt: timestamp("raised_at", { withTimezone: true }).notNull(),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    acknowledgedBy: uuid("acknowledged_by").references(() => users.id),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("alerts_finding_key").on(t.loanId, sql`coalesce(${t.assetId}, '00000000-0000-0000-0000-000000000000'::uuid)`, t.rule, t.key),
    index("alerts_loan_idx").on(t.loanId, t.resolvedAt),
  ],
);

/** In-app notifications, one row per recipient user. */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    kind: text("kind").notNull(),
    data: jsonb("data").notNull(),
    link: text("link"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (t) => [
    index("notifications_user_idx").on(t.userId, t.createdAt),
    // A bidding war outbids a bidder many times a second: its inbox keeps one unread notice per lot, not thousands.
    uniqueIndex("notifications_unread_outbid_idx").on(t.userId, t.link).where(sql`${t.kind} = 'lot_outbid' and ${t.readAt} is null`),
  ],
);

/** Messages to send after commit (e-mail); a job delivers them, so a crash loses none. */
export const outbox = pgTable(
  "outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    channel: text("channel").notNull(),
    recipient: text("recipient").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
  },
  (t) => [index("outbox_pending_idx").on(t.createdAt).where(sql`${t.sentAt} is null`)],
);
