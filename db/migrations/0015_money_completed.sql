CREATE TYPE "public"."refund_method" AS ENUM('bank_transfer', 'card');--> statement-breakpoint
CREATE TYPE "public"."refund_source" AS ENUM('overpayment', 'part_payment', 'unmatched_receipt');--> statement-breakpoint
CREATE TYPE "public"."refund_status" AS ENUM('pending', 'paid', 'failed');--> statement-breakpoint
CREATE TYPE "public"."royalty_report_kind" AS ENUM('period', 'minimum_top_up');--> statement-breakpoint
CREATE TABLE "refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" "refund_source" NOT NULL,
	"method" "refund_method" NOT NULL,
	"status" "refund_status" DEFAULT 'pending' NOT NULL,
	"payment_id" uuid,
	"bank_receipt_id" uuid,
	"settlement_id" uuid,
	"organisation_id" uuid,
	"payee_name" text NOT NULL,
	"currency" text NOT NULL,
	"amount" bigint NOT NULL,
	"bank_serial" text,
	"stripe_refund_id" text,
	"failure_message" text,
	"recorded_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone,
	CONSTRAINT "refunds_bank_receipt_id_unique" UNIQUE("bank_receipt_id"),
	CONSTRAINT "refunds_bank_serial_unique" UNIQUE("bank_serial"),
	CONSTRAINT "refunds_stripe_refund_id_unique" UNIQUE("stripe_refund_id"),
	CONSTRAINT "refunds_amount_positive" CHECK ("refunds"."amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "royalty_reports" DROP CONSTRAINT "royalty_reports_period_key";--> statement-breakpoint
ALTER TABLE "settlements" DROP CONSTRAINT "settlements_amounts";--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "stripe_account_id" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "stripe_payouts_enabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "licence_agreements" ADD COLUMN "starts_on" date;--> statement-breakpoint
UPDATE "licence_agreements" SET "starts_on" = ("created_at" AT TIME ZONE 'Asia/Shanghai')::date;--> statement-breakpoint
ALTER TABLE "licence_agreements" ALTER COLUMN "starts_on" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "listing_intents" ADD COLUMN "deposit_status" "deposit_status" DEFAULT 'requested' NOT NULL;--> statement-breakpoint
UPDATE "listing_intents" SET "deposit_status" = 'confirmed' WHERE "deposit_confirmed_at" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "distributions" ADD COLUMN "reversed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "journal_entries" ADD COLUMN "bank_receipt_id" uuid;--> statement-breakpoint
ALTER TABLE "journal_entries" ADD COLUMN "refund_id" uuid;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "listing_intent_id" uuid;--> statement-breakpoint
ALTER TABLE "payouts" ADD COLUMN "transferred_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payouts" ADD COLUMN "failure_message" text;--> statement-breakpoint
ALTER TABLE "royalty_reports" ADD COLUMN "kind" "royalty_report_kind" DEFAULT 'period' NOT NULL;--> statement-breakpoint
ALTER TABLE "settlements" ADD COLUMN "credit_offset" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "settlements" ADD COLUMN "realised_amount" bigint;--> statement-breakpoint
ALTER TABLE "settlements" ADD COLUMN "realised_on" date;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_bank_receipt_id_bank_receipts_id_fk" FOREIGN KEY ("bank_receipt_id") REFERENCES "public"."bank_receipts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "refunds_payment_idx" ON "refunds" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "refunds_org_idx" ON "refunds" USING btree ("organisation_id","created_at");--> statement-breakpoint
ALTER TABLE "journal_entries" ADD CONSTRAINT "journal_entries_bank_receipt_id_bank_receipts_id_fk" FOREIGN KEY ("bank_receipt_id") REFERENCES "public"."bank_receipts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_entries" ADD CONSTRAINT "journal_entries_refund_id_refunds_id_fk" FOREIGN KEY ("refund_id") REFERENCES "public"."refunds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_listing_intent_id_listing_intents_id_fk" FOREIGN KEY ("listing_intent_id") REFERENCES "public"."listing_intents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_stripe_account_key" ON "organisations" USING btree ("stripe_account_id") WHERE "organisations"."stripe_account_id" is not null;--> statement-breakpoint
CREATE INDEX "payments_listing_intent_idx" ON "payments" USING btree ("listing_intent_id");--> statement-breakpoint
ALTER TABLE "royalty_reports" ADD CONSTRAINT "royalty_reports_period_key" UNIQUE("licence_agreement_id","kind","period_start");--> statement-breakpoint
ALTER TABLE "settlements" ADD CONSTRAINT "settlements_amounts" CHECK ("settlements"."price" >= 0 and "settlements"."buyer_premium" >= 0 and "settlements"."platform_fee" >= 0 and "settlements"."deposit_applied" >= 0 and "settlements"."balance_due" >= 0 and "settlements"."credit_offset" >= 0 and "settlements"."realised_amount" >= 0);