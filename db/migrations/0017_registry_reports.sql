CREATE TYPE "public"."registry_event_status" AS ENUM('reported', 'confirmed', 'rejected');--> statement-breakpoint
ALTER TABLE "registry_events" ADD COLUMN "status" "registry_event_status" DEFAULT 'confirmed' NOT NULL;--> statement-breakpoint
ALTER TABLE "registry_events" ADD COLUMN "reviewed_by" uuid;--> statement-breakpoint
ALTER TABLE "registry_events" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "registry_events" ADD CONSTRAINT "registry_events_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "registry_events_status_idx" ON "registry_events" USING btree ("status","created_at");