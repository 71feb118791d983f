CREATE TYPE "public"."disposal_cost_kind" AS ENUM('platform_fee', 'appraisal', 'registry_fee', 'annuity', 'enforcement', 'other');--> statement-breakpoint
CREATE TYPE "public"."distribution_component" AS ENUM('disposal_cost', 'enforcement_costs', 'interest', 'principal', 'surplus', 'royalty_to_holder');--> statement-breakpoint
CREATE TYPE "public"."distribution_source" AS ENUM('sale', 'royalty', 'forfeited_deposit', 'equity', 'discount');--> statement-breakpoint
CREATE TYPE "public"."payment_method" AS ENUM('card', 'bank_transfer', 'credit_bid', 'in_kind');--> statement-breakpoint
CREATE TYPE "public"."payment_purpose" AS ENUM('deposit', 'balance', 'royalty', 'refund');--> statement-breakpoint
CREATE TYPE "public"."payment_status" AS ENUM('pending', 'held', 'succeeded', 'canceled', 'refunded', 'failed');--> statement-breakpoint
CREATE TYPE "public"."payout_status" AS ENUM('recorded', 'transferred', 'failed');--> statement-breakpoint
CREATE TYPE "public"."settlement_source" AS ENUM('sale', 'licence', 'equity', 'discount');--> statement-breakpoint
CREATE TYPE "public"."settlement_status" AS ENUM('awaiting_payment', 'paid', 'completed', 'defaulted');--> statement-breakpoint
CREATE TABLE "bank_receipts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bank_serial" text NOT NULL,
	"currency" text NOT NULL,
	"amount" bigint NOT NULL,
	"reference" text NOT NULL,
	"payer_name" text DEFAULT '' NOT NULL,
	"received_on" date NOT NULL,
	"payment_id" uuid,
	"recorded_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "bank_receipts_bank_serial_unique" UNIQUE("bank_serial"),
	CONSTRAINT "bank_receipts_amount_positive" CHECK ("bank_receipts"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "bidder_bars" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"disposal_case_id" uuid,
	"listing_id" uuid NOT NULL,
	"settlement_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "bidder_bars_settlement_id_unique" UNIQUE("settlement_id")
);
--> statement-breakpoint
CREATE TABLE "disposal_costs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"disposal_case_id" uuid NOT NULL,
	"kind" "disposal_cost_kind" NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"currency" text NOT NULL,
	"amount" bigint NOT NULL,
	"incurred_on" date NOT NULL,
	"paid_by_organisation_id" uuid,
	"paid_by_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "disposal_costs_amount_positive" CHECK ("disposal_costs"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "distribution_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"distribution_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"component" "distribution_component" NOT NULL,
	"loan_id" uuid,
	"pledge_id" uuid,
	"risk_share_id" uuid,
	"disposal_cost_id" uuid,
	"organisation_id" uuid,
	"party_name" text NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "distribution_lines_position_key" UNIQUE("distribution_id","position"),
	CONSTRAINT "distribution_lines_amount_positive" CHECK ("distribution_lines"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "distributions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"disposal_case_id" uuid,
	"settlement_id" uuid,
	"payment_id" uuid,
	"source" "distribution_source" NOT NULL,
	"currency" text NOT NULL,
	"amount" bigint NOT NULL,
	"in_kind" boolean DEFAULT false NOT NULL,
	"received_on" date NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "distributions_amount_positive" CHECK ("distributions"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "journal_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"currency" text NOT NULL,
	"kind" text NOT NULL,
	"memo" text DEFAULT '' NOT NULL,
	"settlement_id" uuid,
	"payment_id" uuid,
	"distribution_id" uuid,
	"reverses_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "journal_entries_reverses_key" UNIQUE("reverses_id")
);
--> statement-breakpoint
CREATE TABLE "journal_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entry_id" uuid NOT NULL,
	"account" text NOT NULL,
	"organisation_id" uuid,
	"party_name" text,
	"amount" bigint NOT NULL,
	CONSTRAINT "journal_lines_amount_nonzero" CHECK ("journal_lines"."amount" <> 0)
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"payer_organisation_id" uuid NOT NULL,
	"purpose" "payment_purpose" NOT NULL,
	"method" "payment_method" NOT NULL,
	"status" "payment_status" DEFAULT 'pending' NOT NULL,
	"settlement_id" uuid,
	"lot_deposit_id" uuid,
	"royalty_report_id" uuid,
	"currency" text NOT NULL,
	"amount" bigint NOT NULL,
	"received" bigint DEFAULT 0 NOT NULL,
	"reference" text NOT NULL,
	"stripe_payment_intent_id" text,
	"hold_expires_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payments_reference_unique" UNIQUE("reference"),
	CONSTRAINT "payments_stripe_payment_intent_id_unique" UNIQUE("stripe_payment_intent_id"),
	CONSTRAINT "payments_amounts" CHECK ("payments"."amount" >= 0 and "payments"."received" >= 0)
);
--> statement-breakpoint
CREATE TABLE "payouts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"distribution_line_id" uuid NOT NULL,
	"organisation_id" uuid,
	"currency" text NOT NULL,
	"amount" bigint NOT NULL,
	"status" "payout_status" DEFAULT 'recorded' NOT NULL,
	"stripe_transfer_id" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payouts_distribution_line_id_unique" UNIQUE("distribution_line_id"),
	CONSTRAINT "payouts_stripe_transfer_id_unique" UNIQUE("stripe_transfer_id")
);
--> statement-breakpoint
CREATE TABLE "risk_share_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"loan_id" uuid NOT NULL,
	"risk_share_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"amount" bigint NOT NULL,
	"paid_on" date NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "risk_share_payments_amount_positive" CHECK ("risk_share_payments"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "royalty_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"licence_agreement_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"currency" text NOT NULL,
	"net_sales" bigint NOT NULL,
	"royalty_due" bigint NOT NULL,
	"reported_by" uuid,
	"reported_at" timestamp with time zone NOT NULL,
	CONSTRAINT "royalty_reports_period_key" UNIQUE("licence_agreement_id","period_start"),
	CONSTRAINT "royalty_reports_amounts" CHECK ("royalty_reports"."net_sales" >= 0 and "royalty_reports"."royalty_due" >= 0 and "royalty_reports"."period_end" >= "royalty_reports"."period_start")
);
--> statement-breakpoint
CREATE TABLE "settlements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"listing_id" uuid NOT NULL,
	"award_id" uuid,
	"licence_agreement_id" uuid,
	"disposal_case_id" uuid,
	"source" "settlement_source" NOT NULL,
	"buyer_organisation_id" uuid NOT NULL,
	"seller_organisation_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"price" bigint NOT NULL,
	"buyer_premium" bigint DEFAULT 0 NOT NULL,
	"platform_fee" bigint DEFAULT 0 NOT NULL,
	"deposit_applied" bigint DEFAULT 0 NOT NULL,
	"balance_due" bigint NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" "settlement_status" DEFAULT 'awaiting_payment' NOT NULL,
	"paid_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"defaulted_at" timestamp with time zone,
	"transfer_filed_at" timestamp with time zone,
	"transfer_recorded_at" timestamp with time zone,
	"pledge_cancelled_at" timestamp with time zone,
	"supersedes_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "settlements_amounts" CHECK ("settlements"."price" >= 0 and "settlements"."buyer_premium" >= 0 and "settlements"."platform_fee" >= 0 and "settlements"."deposit_applied" >= 0 and "settlements"."balance_due" >= 0)
);
--> statement-breakpoint
CREATE TABLE "stripe_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"object_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bank_receipts" ADD CONSTRAINT "bank_receipts_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_receipts" ADD CONSTRAINT "bank_receipts_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bidder_bars" ADD CONSTRAINT "bidder_bars_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bidder_bars" ADD CONSTRAINT "bidder_bars_disposal_case_id_disposal_cases_id_fk" FOREIGN KEY ("disposal_case_id") REFERENCES "public"."disposal_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bidder_bars" ADD CONSTRAINT "bidder_bars_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bidder_bars" ADD CONSTRAINT "bidder_bars_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disposal_costs" ADD CONSTRAINT "disposal_costs_disposal_case_id_disposal_cases_id_fk" FOREIGN KEY ("disposal_case_id") REFERENCES "public"."disposal_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disposal_costs" ADD CONSTRAINT "disposal_costs_paid_by_organisation_id_organisations_id_fk" FOREIGN KEY ("paid_by_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_lines" ADD CONSTRAINT "distribution_lines_distribution_id_distributions_id_fk" FOREIGN KEY ("distribution_id") REFERENCES "public"."distributions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_lines" ADD CONSTRAINT "distribution_lines_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_lines" ADD CONSTRAINT "distribution_lines_pledge_id_pledges_id_fk" FOREIGN KEY ("pledge_id") REFERENCES "public"."pledges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_lines" ADD CONSTRAINT "distribution_lines_risk_share_id_risk_shares_id_fk" FOREIGN KEY ("risk_share_id") REFERENCES "public"."risk_shares"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_lines" ADD CONSTRAINT "distribution_lines_disposal_cost_id_disposal_costs_id_fk" FOREIGN KEY ("disposal_cost_id") REFERENCES "public"."disposal_costs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_lines" ADD CONSTRAINT "distribution_lines_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distributions" ADD CONSTRAINT "distributions_disposal_case_id_disposal_cases_id_fk" FOREIGN KEY ("disposal_case_id") REFERENCES "public"."disposal_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distributions" ADD CONSTRAINT "distributions_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distributions" ADD CONSTRAINT "distributions_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_entries" ADD CONSTRAINT "journal_entries_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_entries" ADD CONSTRAINT "journal_entries_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_entries" ADD CONSTRAINT "journal_entries_distribution_id_distributions_id_fk" FOREIGN KEY ("distribution_id") REFERENCES "public"."distributions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_entries" ADD CONSTRAINT "journal_entries_reverses_id_journal_entries_id_fk" FOREIGN KEY ("reverses_id") REFERENCES "public"."journal_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_lines" ADD CONSTRAINT "journal_lines_entry_id_journal_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."journal_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_lines" ADD CONSTRAINT "journal_lines_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_payer_organisation_id_organisations_id_fk" FOREIGN KEY ("payer_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_lot_deposit_id_lot_deposits_id_fk" FOREIGN KEY ("lot_deposit_id") REFERENCES "public"."lot_deposits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_royalty_report_id_royalty_reports_id_fk" FOREIGN KEY ("royalty_report_id") REFERENCES "public"."royalty_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_distribution_line_id_distribution_lines_id_fk" FOREIGN KEY ("distribution_line_id") REFERENCES "public"."distribution_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_share_payments" ADD CONSTRAINT "risk_share_payments_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_share_payments" ADD CONSTRAINT "risk_share_payments_risk_share_id_risk_shares_id_fk" FOREIGN KEY ("risk_share_id") REFERENCES "public"."risk_shares"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "royalty_reports" ADD CONSTRAINT "royalty_reports_licence_agreement_id_licence_agreements_id_fk" FOREIGN KEY ("licence_agreement_id") REFERENCES "public"."licence_agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "royalty_reports" ADD CONSTRAINT "royalty_reports_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlements" ADD CONSTRAINT "settlements_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlements" ADD CONSTRAINT "settlements_award_id_awards_id_fk" FOREIGN KEY ("award_id") REFERENCES "public"."awards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlements" ADD CONSTRAINT "settlements_licence_agreement_id_licence_agreements_id_fk" FOREIGN KEY ("licence_agreement_id") REFERENCES "public"."licence_agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlements" ADD CONSTRAINT "settlements_disposal_case_id_disposal_cases_id_fk" FOREIGN KEY ("disposal_case_id") REFERENCES "public"."disposal_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlements" ADD CONSTRAINT "settlements_buyer_organisation_id_organisations_id_fk" FOREIGN KEY ("buyer_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlements" ADD CONSTRAINT "settlements_seller_organisation_id_organisations_id_fk" FOREIGN KEY ("seller_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlements" ADD CONSTRAINT "settlements_supersedes_id_settlements_id_fk" FOREIGN KEY ("supersedes_id") REFERENCES "public"."settlements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bank_receipts_payment_idx" ON "bank_receipts" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "bidder_bars_org_idx" ON "bidder_bars" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "disposal_costs_case_idx" ON "disposal_costs" USING btree ("disposal_case_id");--> statement-breakpoint
CREATE INDEX "distribution_lines_org_idx" ON "distribution_lines" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "distributions_case_idx" ON "distributions" USING btree ("disposal_case_id","received_on");--> statement-breakpoint
CREATE UNIQUE INDEX "distributions_payment_idx" ON "distributions" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "journal_entries_settlement_idx" ON "journal_entries" USING btree ("settlement_id");--> statement-breakpoint
CREATE INDEX "journal_lines_entry_idx" ON "journal_lines" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "journal_lines_account_idx" ON "journal_lines" USING btree ("account","organisation_id");--> statement-breakpoint
CREATE INDEX "payments_payer_idx" ON "payments" USING btree ("payer_organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "payments_settlement_idx" ON "payments" USING btree ("settlement_id");--> statement-breakpoint
CREATE INDEX "risk_share_payments_loan_idx" ON "risk_share_payments" USING btree ("loan_id");--> statement-breakpoint
CREATE UNIQUE INDEX "settlements_live_listing_idx" ON "settlements" USING btree ("listing_id") WHERE "settlements"."status" <> 'defaulted' and "settlements"."source" <> 'licence';--> statement-breakpoint
CREATE INDEX "settlements_buyer_idx" ON "settlements" USING btree ("buyer_organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "settlements_seller_idx" ON "settlements" USING btree ("seller_organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "settlements_due_idx" ON "settlements" USING btree ("status","due_at");