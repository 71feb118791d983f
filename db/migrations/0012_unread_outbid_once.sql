-- Earlier unread outbid notices of the same person and lot are folded into the newest before the index holds.
UPDATE "notifications" AS "older" SET "read_at" = "older"."created_at"
WHERE "older"."kind" = 'lot_outbid' AND "older"."read_at" IS NULL
  AND EXISTS (SELECT 1 FROM "notifications" AS "newer" WHERE "newer"."kind" = 'lot_outbid' AND "newer"."read_at" IS NULL AND "newer"."user_id" = "older"."user_id" AND "newer"."link" IS NOT DISTINCT FROM "older"."link" AND ("newer"."created_at", "newer"."id") > ("older"."created_at", "older"."id"));--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_unread_outbid_idx" ON "notifications" USING btree ("user_id","link") WHERE "notifications"."kind" = 'lot_outbid' and "notifications"."read_at" is null;
