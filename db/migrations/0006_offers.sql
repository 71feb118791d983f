CREATE TYPE "public"."discount_role" AS ENUM('creditor', 'pledgor');--> statement-breakpoint
CREATE TYPE "public"."licence_application_kind" AS ENUM('apply', 'counter_offer');--> statement-breakpoint
CREATE TYPE "public"."licence_kind" AS ENUM('exclusive', 'sole', 'non_exclusive');--> statement-breakpoint
CREATE TYPE "public"."offer_status" AS ENUM('pending', 'accepted', 'declined', 'withdrawn');--> statement-breakpoint
CREATE TABLE "awards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"listing_id" uuid NOT NULL,
	"buyer_organisation_id" uuid NOT NULL,
	"price" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "awards_listing_id_unique" UNIQUE("listing_id")
);
--> statement-breakpoint
CREATE TABLE "discount_confirmations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"listing_id" uuid NOT NULL,
	"role" "discount_role" NOT NULL,
	"confirmed" boolean NOT NULL,
	"confirmed_by" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "equity_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"listing_id" uuid NOT NULL,
	"proposer_organisation_id" uuid NOT NULL,
	"target_company_name" text NOT NULL,
	"target_credit_code" text NOT NULL,
	"agreed_value" bigint NOT NULL,
	"valuation_id" uuid,
	"valuation_appraiser" text,
	"valuation_date" text,
	"equity_bps" integer NOT NULL,
	"conditions" text DEFAULT '' NOT NULL,
	"status" "offer_status" DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "licence_agreements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"listing_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"licensee_organisation_id" uuid NOT NULL,
	"kind" "licence_kind" NOT NULL,
	"terms" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "licence_agreements_application_id_unique" UNIQUE("application_id")
);
--> statement-breakpoint
CREATE TABLE "licence_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"listing_id" uuid NOT NULL,
	"applicant_organisation_id" uuid NOT NULL,
	"kind" "licence_application_kind" NOT NULL,
	"terms" jsonb NOT NULL,
	"status" "offer_status" DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "listing_intents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"listing_id" uuid NOT NULL,
	"buyer_organisation_id" uuid NOT NULL,
	"deposit_amount" bigint NOT NULL,
	"deposit_confirmed_at" timestamp with time zone,
	"deposit_confirmed_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_buyer_organisation_id_organisations_id_fk" FOREIGN KEY ("buyer_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discount_confirmations" ADD CONSTRAINT "discount_confirmations_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discount_confirmations" ADD CONSTRAINT "discount_confirmations_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equity_proposals" ADD CONSTRAINT "equity_proposals_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equity_proposals" ADD CONSTRAINT "equity_proposals_proposer_organisation_id_organisations_id_fk" FOREIGN KEY ("proposer_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equity_proposals" ADD CONSTRAINT "equity_proposals_valuation_id_valuations_id_fk" FOREIGN KEY ("valuation_id") REFERENCES "public"."valuations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licence_agreements" ADD CONSTRAINT "licence_agreements_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licence_agreements" ADD CONSTRAINT "licence_agreements_application_id_licence_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."licence_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licence_agreements" ADD CONSTRAINT "licence_agreements_licensee_organisation_id_organisations_id_fk" FOREIGN KEY ("licensee_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licence_applications" ADD CONSTRAINT "licence_applications_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licence_applications" ADD CONSTRAINT "licence_applications_applicant_organisation_id_organisations_id_fk" FOREIGN KEY ("applicant_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listing_intents" ADD CONSTRAINT "listing_intents_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listing_intents" ADD CONSTRAINT "listing_intents_buyer_organisation_id_organisations_id_fk" FOREIGN KEY ("buyer_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listing_intents" ADD CONSTRAINT "listing_intents_deposit_confirmed_by_users_id_fk" FOREIGN KEY ("deposit_confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "discount_confirmations_listing_role_key" ON "discount_confirmations" USING btree ("listing_id","role");--> statement-breakpoint
CREATE INDEX "equity_proposals_listing_idx" ON "equity_proposals" USING btree ("listing_id","created_at");--> statement-breakpoint
CREATE INDEX "licence_agreements_listing_idx" ON "licence_agreements" USING btree ("listing_id");--> statement-breakpoint
CREATE INDEX "licence_applications_listing_idx" ON "licence_applications" USING btree ("listing_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "listing_intents_listing_buyer_key" ON "listing_intents" USING btree ("listing_id","buyer_organisation_id");