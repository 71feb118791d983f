CREATE TYPE "public"."deposit_method" AS ENUM('bank_transfer', 'card', 'credit_bid');--> statement-breakpoint
CREATE TYPE "public"."deposit_status" AS ENUM('requested', 'confirmed', 'released', 'forfeited', 'applied');--> statement-breakpoint
CREATE TABLE "bids" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"listing_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"organisation_id" uuid NOT NULL,
	"user_id" uuid,
	"bidder_code" text NOT NULL,
	"amount" bigint NOT NULL,
	"max_amount" bigint,
	"auto" boolean DEFAULT false NOT NULL,
	"client_bid_id" text,
	"placed_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "bids_listing_seq_key" UNIQUE("listing_id","seq"),
	CONSTRAINT "bids_listing_org_client_key" UNIQUE("listing_id","organisation_id","client_bid_id"),
	CONSTRAINT "bids_amount_positive" CHECK ("bids"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "lot_deposits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"listing_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"bidder_code" text NOT NULL,
	"method" "deposit_method" NOT NULL,
	"status" "deposit_status" DEFAULT 'requested' NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"credit_cap" bigint,
	"requested_by" uuid,
	"requested_at" timestamp with time zone NOT NULL,
	"confirmed_by" uuid,
	"confirmed_at" timestamp with time zone,
	"released_at" timestamp with time zone,
	CONSTRAINT "lot_deposits_listing_org_key" UNIQUE("listing_id","organisation_id"),
	CONSTRAINT "lot_deposits_listing_code_key" UNIQUE("listing_id","bidder_code"),
	CONSTRAINT "lot_deposits_amount_nonnegative" CHECK ("lot_deposits"."amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "lot_priority_rights" (
	"listing_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"rank" integer NOT NULL,
	CONSTRAINT "lot_priority_rights_listing_id_organisation_id_pk" PRIMARY KEY("listing_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "lots" (
	"listing_id" uuid PRIMARY KEY NOT NULL,
	"seq" integer DEFAULT 0 NOT NULL,
	"price" bigint,
	"leader_organisation_id" uuid,
	"leader_ceiling" bigint,
	"leader_priority_rank" integer,
	"opens_at" timestamp (3) with time zone NOT NULL,
	"ends_at" timestamp (3) with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"outcome" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tender_bids" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"listing_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"key_id" text NOT NULL,
	"iv" text NOT NULL,
	"ciphertext" text NOT NULL,
	"auth_tag" text NOT NULL,
	"commitment" text NOT NULL,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone NOT NULL,
	"opened_amount" bigint,
	"verified" boolean,
	"rank" integer,
	CONSTRAINT "tender_bids_listing_org_key" UNIQUE("listing_id","organisation_id")
);
--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_deposits" ADD CONSTRAINT "lot_deposits_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_deposits" ADD CONSTRAINT "lot_deposits_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_deposits" ADD CONSTRAINT "lot_deposits_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_deposits" ADD CONSTRAINT "lot_deposits_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_priority_rights" ADD CONSTRAINT "lot_priority_rights_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_priority_rights" ADD CONSTRAINT "lot_priority_rights_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lots" ADD CONSTRAINT "lots_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lots" ADD CONSTRAINT "lots_leader_organisation_id_organisations_id_fk" FOREIGN KEY ("leader_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_bids" ADD CONSTRAINT "tender_bids_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_bids" ADD CONSTRAINT "tender_bids_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_bids" ADD CONSTRAINT "tender_bids_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bids_org_idx" ON "bids" USING btree ("organisation_id","placed_at");--> statement-breakpoint
CREATE FUNCTION bids_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'bids are append-only';
END;
$$;--> statement-breakpoint
CREATE TRIGGER bids_no_update_delete BEFORE UPDATE OR DELETE ON bids
  FOR EACH ROW EXECUTE FUNCTION bids_append_only();
