import { sql } from "drizzle-orm";
import { boolean, index, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { MEMBERSHIP_ROLES, ORGANISATION_KINDS, VERIFICATION_STATES } from "../../server/domain/organisations";

export const organisationKind = pgEnum("organisation_kind", ORGANISATION_KINDS);
export const verificationState = pgEnum("verification_state", VERIFICATION_STATES);
export const membershipRole = pgEnum("membership_role", MEMBERSHIP_ROLES);

export const organisations = pgTable(
  "organisations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    kind: organisationKind("kind").notNull(),
    creditCode: text("credit_code"),
    verification: verificationState("verification").notNull().default("pending"),
    verificationReason: text("verification_reason"),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    reviewedBy: uuid("reviewed_by"),
    /** The organisation's Stripe Connect account, where distributions are transferred; payouts are recorded only without one. */
    stripeAccountId: text("stripe_account_id"),
    /** Stripe says the connected account can receive transfers (its onboarding is complete). */
    stripePayoutsEnabled: boolean("stripe_payouts_enabled").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("organisations_stripe_account_key").on(t.stripeAccountId).where(sql`${t.stripeAccountId} is not null`),
    uniqueIndex("organisations_credit_code_key").on(t.creditCode).where(sql`${t.creditCode} is not null`),
    index("organisations_verification_idx").on(t.verification, t.createdAt),
  ],
);

export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const memberships = pgTable(
  "memberships",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    role: membershipRole("role").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.organisationId] }), index("memberships_org_idx").on(t.organisationId)],
);

export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: membershipRole("role").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    invitedBy: uuid("invited_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("invitations_org_idx").on(t.organisationId)],
);
