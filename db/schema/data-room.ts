import {
  bigserial,
  index,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { documents } from "./collateral";
import { listings } from "./listings";
import { organisations, users } from "./organisations";

export const dataRoomAccess = pgEnum("data_room_access", ["open", "nda"]);

/** A document in a listing's data room: open to everyone, or only to verified users who accepted the NDA. */
export const listingDocuments = pgTable(
  "listing_documents",
  {
    listingId: uuid("listing_id")
      .notNull()
      .references(() => listings.id, { onDelete: "cascade" }),
    documentId: uuid("document_id")
      .notNull()
      .references(() => documents.id),
    access: dataRoomAccess("access").notNull(),
    title: text("title").notNull(),
    addedBy: uuid("added_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.listingId, t.documentId] })]
);

/** A person's acceptance of a listing's NDA, with the digest of the text they accepted. */
export const ndaAcceptances = pgTable(
  "nda_acceptances",
  {
    listingId: uuid("listing_id")
      .notNull()
      .references(() => listings.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    textSha256: text("text_sha256").notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.listingId, t.userId] })]
);

/** Every opening of a data-room document, by whom (null for an anonymous visitor) and from where. Append-only (a trigger in migration 0009). */
export const dataRoomAccessLog = pgTable(
  "data_room_access_log",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    listingId: uuid("listing_id")
      .notNull()
      .references(() => listings.id, { onDelete: "cascade" }),
    documentId: uuid("document_id")
      .notNull()
      .references(() => documents.id),
    userId: uuid("user_id").references(() => users.id),
    organisationId: uuid("organisation_id").references(() => organisations.id),
    ip: text("ip"),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [index("data_room_access_log_listing_idx").on(t.listingId, t.at)]
);
