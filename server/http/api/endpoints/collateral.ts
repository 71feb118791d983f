import { z } from "zod";
import { ALERT_RULES, ALERT_SEVERITIES, LOAN_STATUSES } from "../../../domain/collateral/vocabulary";
import { jsonSafe } from "../../../domain/money";
import { valueOf } from "../../../domain/result";
import { IdSchema } from "../../../domain/schemas/accounts";
import {
  AssetInputSchema,
  DeclareDefaultSchema,
  LoanInputSchema,
  PledgeInputSchema,
  RegistryEventInputSchema,
  RiskSharingInputSchema,
  ValuationInputSchema,
} from "../../../domain/schemas/collateral";
import { DocumentFilenameSchema } from "../../../domain/schemas/documents";
import { authorised, endpoint } from "../endpoint";
import { Timestamp } from "../views";

const LoanParams = z.object({ id: IdSchema });
const Created = z.object({ id: z.uuid() });
const Amount = z.number().int();

const PortfolioLoan = z.object({
  id: z.uuid(),
  reference: z.string(),
  borrower: z.string(),
  status: z.enum(LOAN_STATUSES),
  currency: z.string(),
  principal: Amount,
  maturesOn: z.string(),
  exposure: Amount,
  collateral: Amount,
  coverageBps: z.number().int().nullable(),
  assetCount: z.number().int(),
  openAlerts: z.number().int(),
  criticalAlerts: z.number().int(),
});

const AlertView = z.object({
  id: z.uuid(),
  loanId: z.uuid(),
  loanReference: z.string(),
  assetId: z.uuid().nullable(),
  assetTitle: z.string().nullable(),
  assetNumber: z.string().nullable(),
  rule: z.enum(ALERT_RULES),
  severity: z.enum(ALERT_SEVERITIES),
  details: z.record(z.string(), z.unknown()),
  raisedAt: Timestamp,
  acknowledgedAt: Timestamp.nullable(),
  resolvedAt: Timestamp.nullable(),
});

/** Loan and asset pages carry many nested facts; the stable top-level fields are described, the rest pass. */
const LoanDetail = z.looseObject({
  loan: z.looseObject({ id: z.uuid(), reference: z.string(), status: z.enum(LOAN_STATUSES), currency: z.string() }),
  readOnly: z.boolean(),
  exposure: Amount,
  collateral: Amount,
  coverageBps: z.number().int().nullable(),
  pledges: z.array(z.looseObject({ id: z.uuid(), registryPledgeNumber: z.string() })),
  riskSharing: z.looseObject({ mode: z.string() }).nullable(),
});
const AssetDetail = z.looseObject({
  asset: z.looseObject({ id: z.uuid(), type: z.string(), registryNumber: z.string(), legalStatus: z.string() }),
  pledges: z.array(z.looseObject({ rank: z.number().int(), mine: z.boolean() })),
});

export const collateralEndpoints = [
  endpoint({
    method: "get",
    path: "/loans",
    summary: "The bank's portfolio: loans with exposure, collateral, coverage and open alerts",
    tag: "collateral",
    permission: "collateral:manage",
    response: z.object({ loans: z.array(PortfolioLoan) }),
    successStatus: 200,
    async handle(input) {
      return { status: 200, body: { loans: jsonSafe(await input.services.loans.portfolio(authorised(input))) } };
    },
  }),
  endpoint({
    method: "post",
    path: "/loans",
    summary: "Record a loan (amounts in minor units)",
    tag: "collateral",
    permission: "collateral:manage",
    body: LoanInputSchema,
    response: Created,
    successStatus: 201,
    async handle(input) {
      const result = await input.services.loans.create(authorised(input), input.body);
      return result.ok ? { status: 201, body: { id: result.id } } : { fail: result.code };
    },
  }),
  endpoint({
    method: "get",
    path: "/loans/{id}",
    summary: "A loan with pledges, assets, valuations, risk sharing and timeline (own loans, or shared ones read-only)",
    tag: "collateral",
    permission: "account:read",
    params: LoanParams,
    response: LoanDetail,
    successStatus: 200,
    async handle(input) {
      const p = authorised(input);
      if (!p.permissions.has("collateral:manage") && !p.permissions.has("risk:read")) return { fail: "NOT_FOUND" };
      const result = await input.services.loans.detail(p, input.params.id);
      if (!result.ok) return { fail: result.code };
      return { status: 200, body: jsonSafe(valueOf(result)) };
    },
  }),
  endpoint({
    method: "put",
    path: "/loans/{id}/risk-sharing",
    summary: "Set the loan's risk-sharing agreement (shares in basis points summing to 10,000)",
    tag: "collateral",
    permission: "collateral:manage",
    params: LoanParams,
    body: RiskSharingInputSchema,
    successStatus: 204,
    async handle(input) {
      const result = await input.services.loans.setRiskSharing(authorised(input), input.params.id, input.body);
      return result.ok ? { status: 204 } : { fail: result.code };
    },
  }),
  endpoint({
    method: "post",
    path: "/loans/{id}/default",
    summary: "Declare default: snapshot exposure at default and open the disposal case",
    tag: "collateral",
    permission: "collateral:manage",
    params: LoanParams,
    body: DeclareDefaultSchema,
    response: z.object({ caseId: z.uuid(), exposureAtDefault: Amount, assets: z.number().int() }),
    successStatus: 201,
    async handle(input) {
      const result = await input.services.loans.declareDefault(authorised(input), input.params.id, input.body);
      if (!result.ok) return { fail: result.code };
      return { status: 201, body: jsonSafe({ caseId: result.caseId, exposureAtDefault: result.exposureAtDefault, assets: result.assets }) };
    },
  }),
  endpoint({
    method: "get",
    path: "/shared-loans",
    summary: "Loans whose loss your organisation shares, with your share",
    tag: "collateral",
    permission: "risk:read",
    response: z.object({ loans: z.array(PortfolioLoan.extend({ myShareBps: z.number().int() })) }),
    successStatus: 200,
    async handle(input) {
      return { status: 200, body: { loans: jsonSafe(await input.services.loans.shared(authorised(input))) } };
    },
  }),
  endpoint({
    method: "post",
    path: "/assets",
    summary: "Register a patent, trademark or copyright in the bank's book",
    tag: "collateral",
    permission: "collateral:manage",
    body: AssetInputSchema,
    response: Created,
    successStatus: 201,
    async handle(input) {
      const result = await input.services.assets.create(authorised(input), input.body);
      return result.ok ? { status: 201, body: { id: result.id } } : { fail: result.code, details: result.details };
    },
  }),
  endpoint({
    method: "get",
    path: "/assets/{id}",
    summary: "An asset in the bank's book: facts, status history, valuations, pledges in rank order, documents",
    tag: "collateral",
    permission: "collateral:manage",
    params: LoanParams,
    response: AssetDetail,
    successStatus: 200,
    async handle(input) {
      const result = await input.services.assets.detail(authorised(input), input.params.id);
      if (!result.ok) return { fail: result.code };
      return { status: 200, body: jsonSafe(valueOf(result)) };
    },
  }),
  endpoint({
    method: "post",
    path: "/assets/{id}/documents",
    summary: "Upload a document (PDF, PNG or JPEG, at most 10 MB, base64) about an asset in the bank's book",
    tag: "collateral",
    permission: "collateral:manage",
    params: LoanParams,
    body: z
      .object({
        filename: DocumentFilenameSchema,
        kind: z.enum(["appraisal_report", "registry_certificate", "pledge_registration", "contract", "other"], { error: "document_kind_invalid" }),
        contentBase64: z.base64({ error: "base64_invalid" }).max(14_000_000, "too_long"),
      })
      .strict(),
    response: Created,
    successStatus: 201,
    maxBodyBytes: 15 * 1024 * 1024,
    async handle(input) {
      const bytes = new Uint8Array(Buffer.from(input.body.contentBase64, "base64"));
      const result = await input.services.assets.uploadDocument(authorised(input), input.params.id, { filename: input.body.filename, kind: input.body.kind, content: bytes });
      return result.ok ? { status: 201, body: { id: result.id } } : { fail: result.code };
    },
  }),
  endpoint({
    method: "get",
    path: "/documents/{id}",
    summary: "Download a document your organisation uploaded (base64)",
    tag: "collateral",
    permission: "collateral:manage",
    params: LoanParams,
    response: z.object({ filename: z.string(), contentType: z.string(), contentBase64: z.string() }),
    successStatus: 200,
    async handle(input) {
      const result = await input.services.assets.readDocument(authorised(input), input.params.id);
      if (!result.ok) return { fail: result.code };
      return { status: 200, body: { filename: result.filename, contentType: result.contentType, contentBase64: Buffer.from(result.bytes).toString("base64") } };
    },
  }),
  endpoint({
    method: "post",
    path: "/valuations",
    summary: "Record a valuation of an asset in the bank's book (amount in minor units)",
    tag: "collateral",
    permission: "collateral:manage",
    body: ValuationInputSchema,
    response: Created,
    successStatus: 201,
    async handle(input) {
      const result = await input.services.assets.addValuation(authorised(input), input.body);
      return result.ok ? { status: 201, body: { id: result.id } } : { fail: result.code };
    },
  }),
  endpoint({
    method: "post",
    path: "/pledges",
    summary: "Record a registered pledge of one or more assets to one of the bank's loans",
    tag: "collateral",
    permission: "collateral:manage",
    body: PledgeInputSchema,
    response: Created,
    successStatus: 201,
    async handle(input) {
      const result = await input.services.assets.addPledge(authorised(input), input.body);
      return result.ok ? { status: 201, body: { id: result.id } } : { fail: result.code, details: result.details };
    },
  }),
  endpoint({
    method: "post",
    path: "/registry-events",
    summary: "Report a registry event (status change, transfer, preservation order…) on an asset in the bank's book: it alerts your loans at once and changes the shared facts only once an operator confirms it",
    tag: "collateral",
    permission: "collateral:manage",
    body: RegistryEventInputSchema,
    response: z.object({ id: z.uuid().nullable(), duplicate: z.boolean() }),
    successStatus: 201,
    async handle(input) {
      const result = await input.services.assets.recordRegistryEvent(authorised(input), input.body);
      return result.ok ? { status: result.duplicate ? 200 : 201, body: { id: result.id, duplicate: result.duplicate } } : { fail: result.code };
    },
  }),
  endpoint({
    method: "get",
    path: "/alerts",
    summary: "Collateral alerts on your loans or the loans you share",
    tag: "collateral",
    permission: "account:read",
    query: z.object({ open: z.enum(["true", "false"]).default("true"), loanId: IdSchema.optional() }).strict(),
    response: z.object({ alerts: z.array(AlertView) }),
    successStatus: 200,
    async handle(input) {
      const p = authorised(input);
      if (!p.permissions.has("collateral:manage") && !p.permissions.has("risk:read")) return { status: 200, body: { alerts: [] } };
      const rows = await input.services.monitor.list(p, { openOnly: input.query.open === "true", loanId: input.query.loanId });
      return { status: 200, body: { alerts: jsonSafe(rows) as z.input<typeof AlertView>[] } };
    },
  }),
  endpoint({
    method: "post",
    path: "/alerts/{id}/acknowledge",
    summary: "Acknowledge an alert on one of the bank's loans",
    tag: "collateral",
    permission: "collateral:manage",
    params: LoanParams,
    response: z.object({ acknowledgedAt: Timestamp }),
    successStatus: 200,
    async handle(input) {
      const result = await input.services.monitor.acknowledge(authorised(input), input.params.id);
      return result.ok ? { status: 200, body: { acknowledgedAt: result.acknowledgedAt.toISOString() } } : { fail: result.code };
    },
  }),
  endpoint({
    method: "get",
    path: "/notifications",
    summary: "Your in-app notifications for the organisation you act for",
    tag: "collateral",
    permission: "account:read",
    response: z.object({
      unread: z.number().int(),
      notifications: z.array(z.object({ id: z.uuid(), kind: z.string(), data: z.record(z.string(), z.unknown()), link: z.string().nullable(), createdAt: Timestamp, readAt: Timestamp.nullable() })),
    }),
    successStatus: 200,
    async handle(input) {
      const p = authorised(input);
      const [rows, unread] = await Promise.all([input.services.notifications.list(p), input.services.notifications.unreadCount(p)]);
      return {
        status: 200,
        body: { unread, notifications: rows.map((n) => ({ id: n.id, kind: n.kind, data: n.data as Record<string, unknown>, link: n.link, createdAt: n.createdAt.toISOString(), readAt: n.readAt?.toISOString() ?? null })) },
      };
    },
  }),
  endpoint({
    method: "post",
    path: "/notifications/{id}/read",
    summary: "Mark a notification read",
    tag: "collateral",
    permission: "account:read",
    params: LoanParams,
    successStatus: 204,
    async handle(input) {
      const result = await input.services.notifications.markRead(authorised(input), input.params.id);
      return result.ok ? { status: 204 } : { fail: result.code };
    },
  }),
];
