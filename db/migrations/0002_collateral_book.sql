CREATE TYPE "public"."asset_type" AS ENUM('patent_invention', 'patent_utility_model', 'patent_design', 'trademark', 'copyright_software', 'copyright_work');--> statement-breakpoint
CREATE TYPE "public"."legal_status" AS ENUM('valid', 'annuity_due', 'in_grace', 'lapsed', 'invalidation_pending', 'invalidated', 'expired', 'transferred');--> statement-breakpoint
CREATE TYPE "public"."loan_status" AS ENUM('performing', 'overdue', 'defaulted', 'in_disposal', 'recovered', 'written_off');--> statement-breakpoint
CREATE TYPE "public"."pledge_status" AS ENUM('registered', 'changed', 'enforcing', 'realised', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."registry_event_kind" AS ENUM('status_change', 'transfer', 'licence_recordal', 'pledge', 'pledge_release', 'invalidation_request', 'preservation_order', 'preservation_release');--> statement-breakpoint
CREATE TYPE "public"."risk_sharing_mode" AS ENUM('pro_rata', 'subrogated');--> statement-breakpoint
CREATE TYPE "public"."share_role" AS ENUM('bank', 'risk_fund', 'insurer', 'guarantor', 're_guarantor', 'valuer');--> statement-breakpoint
CREATE TYPE "public"."valuation_method" AS ENUM('income', 'market', 'cost');--> statement-breakpoint
CREATE TYPE "public"."alert_rule" AS ENUM('annuity_due_soon', 'in_grace_period', 'lapsed', 'expired', 'invalidation_pending', 'preservation_order', 'ownership_changed', 'valuation_fell', 'coverage_below_one');--> statement-breakpoint
CREATE TYPE "public"."alert_severity" AS ENUM('info', 'warning', 'critical');--> statement-breakpoint
CREATE TABLE "disposal_case_assets" (
	"case_id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	CONSTRAINT "disposal_case_assets_case_id_asset_id_pk" PRIMARY KEY("case_id","asset_id")
);
--> statement-breakpoint
CREATE TABLE "disposal_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"loan_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"defaulted_on" date NOT NULL,
	"currency" text NOT NULL,
	"principal_at_default" bigint NOT NULL,
	"interest_at_default" bigint NOT NULL,
	"penalty_at_default" bigint NOT NULL,
	"costs_at_default" bigint NOT NULL,
	"opened_by" uuid,
	"opened_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	CONSTRAINT "disposal_cases_loan_id_unique" UNIQUE("loan_id")
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"asset_id" uuid,
	"kind" text NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "documents_storage_key_unique" UNIQUE("storage_key")
);
--> statement-breakpoint
CREATE TABLE "ip_assets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" "asset_type" NOT NULL,
	"jurisdiction" text DEFAULT 'CN' NOT NULL,
	"registry_number" text NOT NULL,
	"title" text NOT NULL,
	"owners" text[] DEFAULT '{}'::text[] NOT NULL,
	"classes" text[] DEFAULT '{}'::text[] NOT NULL,
	"filed_on" date,
	"granted_on" date,
	"expires_on" date,
	"legal_status" "legal_status" DEFAULT 'valid' NOT NULL,
	"next_annuity_due" date,
	"description" text DEFAULT '' NOT NULL,
	"registered_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ip_assets_registry_key" UNIQUE("type","jurisdiction","registry_number")
);
--> statement-breakpoint
CREATE TABLE "loans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"borrower_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"principal" bigint NOT NULL,
	"rate_bps" integer NOT NULL,
	"disbursed_on" date NOT NULL,
	"matures_on" date NOT NULL,
	"status" "loan_status" DEFAULT 'performing' NOT NULL,
	"outstanding_principal" bigint NOT NULL,
	"accrued_interest" bigint DEFAULT 0 NOT NULL,
	"penalty_interest" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loans_reference_key" UNIQUE("organisation_id","reference"),
	CONSTRAINT "loans_amounts_non_negative" CHECK ("loans"."principal" > 0 and "loans"."outstanding_principal" >= 0 and "loans"."accrued_interest" >= 0 and "loans"."penalty_interest" >= 0),
	CONSTRAINT "loans_dates_ordered" CHECK ("loans"."matures_on" >= "loans"."disbursed_on")
);
--> statement-breakpoint
CREATE TABLE "parties" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"credit_code" text NOT NULL,
	"name" text NOT NULL,
	"organisation_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "parties_credit_code_unique" UNIQUE("credit_code")
);
--> statement-breakpoint
CREATE TABLE "pledge_assets" (
	"pledge_id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	CONSTRAINT "pledge_assets_pledge_id_asset_id_pk" PRIMARY KEY("pledge_id","asset_id")
);
--> statement-breakpoint
CREATE TABLE "pledges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"loan_id" uuid NOT NULL,
	"registry_pledge_number" text NOT NULL,
	"registered_at" timestamp with time zone NOT NULL,
	"pledgor_id" uuid NOT NULL,
	"secured_amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"scope" text DEFAULT '' NOT NULL,
	"status" "pledge_status" DEFAULT 'registered' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pledges_registry_key" UNIQUE("registry_pledge_number"),
	CONSTRAINT "pledges_secured_positive" CHECK ("pledges"."secured_amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "registry_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"asset_id" uuid NOT NULL,
	"kind" "registry_event_kind" NOT NULL,
	"occurred_on" date NOT NULL,
	"source" text NOT NULL,
	"source_ref" text NOT NULL,
	"new_status" "legal_status",
	"details" jsonb,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registry_events_source_key" UNIQUE("asset_id","source","source_ref")
);
--> statement-breakpoint
CREATE TABLE "risk_shares" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"loan_id" uuid NOT NULL,
	"role" "share_role" NOT NULL,
	"party_name" text NOT NULL,
	"organisation_id" uuid,
	"share_bps" integer NOT NULL,
	CONSTRAINT "risk_shares_bps_range" CHECK ("risk_shares"."share_bps" > 0 and "risk_shares"."share_bps" <= 10000)
);
--> statement-breakpoint
CREATE TABLE "risk_sharing_agreements" (
	"loan_id" uuid PRIMARY KEY NOT NULL,
	"mode" "risk_sharing_mode" NOT NULL,
	"preset" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "valuations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"asset_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"appraiser" text NOT NULL,
	"method" "valuation_method" NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"valued_on" date NOT NULL,
	"report_document_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "valuations_natural_key" UNIQUE("organisation_id","asset_id","appraiser","valued_on"),
	CONSTRAINT "valuations_amount_positive" CHECK ("valuations"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"loan_id" uuid NOT NULL,
	"asset_id" uuid,
	"rule" "alert_rule" NOT NULL,
	"key" text NOT NULL,
	"severity" "alert_severity" NOT NULL,
	"details" jsonb NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"data" jsonb NOT NULL,
	"link" text,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "import_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"files" jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"phase" text,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"summary" jsonb,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"run_at" timestamp with time zone NOT NULL,
	"dedupe_key" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"done_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "disposal_case_assets" ADD CONSTRAINT "disposal_case_assets_case_id_disposal_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."disposal_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disposal_case_assets" ADD CONSTRAINT "disposal_case_assets_asset_id_ip_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."ip_assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disposal_cases" ADD CONSTRAINT "disposal_cases_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disposal_cases" ADD CONSTRAINT "disposal_cases_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disposal_cases" ADD CONSTRAINT "disposal_cases_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_asset_id_ip_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."ip_assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ip_assets" ADD CONSTRAINT "ip_assets_registered_by_organisations_id_fk" FOREIGN KEY ("registered_by") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_borrower_id_parties_id_fk" FOREIGN KEY ("borrower_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parties" ADD CONSTRAINT "parties_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pledge_assets" ADD CONSTRAINT "pledge_assets_pledge_id_pledges_id_fk" FOREIGN KEY ("pledge_id") REFERENCES "public"."pledges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pledge_assets" ADD CONSTRAINT "pledge_assets_asset_id_ip_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."ip_assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pledges" ADD CONSTRAINT "pledges_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pledges" ADD CONSTRAINT "pledges_pledgor_id_parties_id_fk" FOREIGN KEY ("pledgor_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_events" ADD CONSTRAINT "registry_events_asset_id_ip_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."ip_assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_events" ADD CONSTRAINT "registry_events_recorded_by_organisations_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_shares" ADD CONSTRAINT "risk_shares_loan_id_risk_sharing_agreements_loan_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."risk_sharing_agreements"("loan_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_shares" ADD CONSTRAINT "risk_shares_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_sharing_agreements" ADD CONSTRAINT "risk_sharing_agreements_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "valuations" ADD CONSTRAINT "valuations_asset_id_ip_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."ip_assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "valuations" ADD CONSTRAINT "valuations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "valuations" ADD CONSTRAINT "valuations_report_document_id_documents_id_fk" FOREIGN KEY ("report_document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_asset_id_ip_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."ip_assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "documents_asset_idx" ON "documents" USING btree ("asset_id");--> statement-breakpoint
CREATE INDEX "pledge_assets_asset_idx" ON "pledge_assets" USING btree ("asset_id");--> statement-breakpoint
CREATE INDEX "registry_events_asset_idx" ON "registry_events" USING btree ("asset_id","occurred_on");--> statement-breakpoint
CREATE INDEX "risk_shares_org_idx" ON "risk_shares" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "valuations_asset_idx" ON "valuations" USING btree ("asset_id","valued_on");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_finding_key" ON "alerts" USING btree ("loan_id",coalesce("asset_id", '00000000-0000-0000-0000-000000000000'::uuid),"rule","key");--> statement-breakpoint
CREATE INDEX "alerts_loan_idx" ON "alerts" USING btree ("loan_id","resolved_at");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox" USING btree ("created_at") WHERE "outbox"."sent_at" is null;--> statement-breakpoint
CREATE INDEX "import_jobs_org_idx" ON "import_jobs" USING btree ("organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("run_at") WHERE "jobs"."done_at" is null;--> statement-breakpoint
CREATE INDEX "jobs_dedupe_idx" ON "jobs" USING btree ("dedupe_key") WHERE "jobs"."done_at" is null;