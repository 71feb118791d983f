CREATE TYPE "public"."listing_mode" AS ENUM('english_auction', 'tender', 'listed_transfer', 'licence', 'equity', 'negotiated_discount', 'fixed_price');--> statement-breakpoint
CREATE TYPE "public"."listing_preset" AS ENUM('judicial', 'private');--> statement-breakpoint
CREATE TYPE "public"."listing_status" AS ENUM('draft', 'in_review', 'announced', 'open', 'closed', 'awarded', 'unsold', 'settled', 'withdrawn');--> statement-breakpoint
CREATE TABLE "listing_assets" (
	"listing_id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	CONSTRAINT "listing_assets_listing_id_asset_id_pk" PRIMARY KEY("listing_id","asset_id")
);
--> statement-breakpoint
CREATE TABLE "listings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"disposal_case_id" uuid,
	"previous_listing_id" uuid,
	"attempt" integer DEFAULT 1 NOT NULL,
	"mode" "listing_mode" NOT NULL,
	"preset" "listing_preset" NOT NULL,
	"status" "listing_status" DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"region" text DEFAULT 'CN-GD' NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"price" bigint NOT NULL,
	"appraisal" bigint,
	"terms" jsonb NOT NULL,
	"asset_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"classes" text[] DEFAULT '{}'::text[] NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"search_tokens" "tsvector" DEFAULT ''::tsvector NOT NULL,
	"announce_at" timestamp with time zone,
	"opens_at" timestamp with time zone,
	"closes_at" timestamp with time zone,
	"review_reason" text,
	"reviewed_by" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "listing_assets" ADD CONSTRAINT "listing_assets_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listing_assets" ADD CONSTRAINT "listing_assets_asset_id_ip_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."ip_assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listings" ADD CONSTRAINT "listings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listings" ADD CONSTRAINT "listings_disposal_case_id_disposal_cases_id_fk" FOREIGN KEY ("disposal_case_id") REFERENCES "public"."disposal_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listings" ADD CONSTRAINT "listings_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listings" ADD CONSTRAINT "listings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "listing_assets_asset_idx" ON "listing_assets" USING btree ("asset_id");--> statement-breakpoint
CREATE INDEX "listings_search_idx" ON "listings" USING gin ("search_tokens");--> statement-breakpoint
CREATE INDEX "listings_catalogue_idx" ON "listings" USING btree ("status","mode","price");--> statement-breakpoint
CREATE INDEX "listings_closes_idx" ON "listings" USING btree ("closes_at");--> statement-breakpoint
CREATE INDEX "listings_types_idx" ON "listings" USING gin ("asset_types");--> statement-breakpoint
CREATE INDEX "listings_classes_idx" ON "listings" USING gin ("classes");--> statement-breakpoint
CREATE INDEX "listings_org_idx" ON "listings" USING btree ("organisation_id","created_at");