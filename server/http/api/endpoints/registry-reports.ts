import { z } from "zod";
import { REGISTRY_EVENT_STATUSES } from "../../../domain/collateral/vocabulary";
import { IdSchema } from "../../../domain/schemas/accounts";
import { authorised, endpoint } from "../endpoint";
import { iso, isoOrNull } from "../views";

const ReportView = z.object({
  id: z.uuid(),
  status: z.enum(REGISTRY_EVENT_STATUSES),
  kind: z.string(),
  occurredOn: z.string(),
  source: z.string(),
  sourceRef: z.string(),
  newStatus: z.string().nullable(),
  reporter: z.string().nullable(),
  asset: z.object({ id: z.uuid(), type: z.string(), registryNumber: z.string(), title: z.string(), legalStatus: z.string() }),
  createdAt: z.string(),
  reviewedAt: z.string().nullable(),
});

/** Organisations' registry reports: only an operator turns one into a shared fact (decision 021). */
export const registryReportEndpoints = [
  endpoint({
    method: "get",
    path: "/operator/registry-reports",
    summary: "Registry events reported by organisations, by status (awaiting confirmation by default, oldest first)",
    tag: "operator",
    permission: "verification:review",
    query: z.object({ status: z.enum(REGISTRY_EVENT_STATUSES).default("reported") }).strict(),
    response: z.object({ reports: z.array(ReportView) }),
    successStatus: 200,
    async handle(input) {
      const rows = await input.services.assets.reports(input.query.status);
      const reports = rows.map(({ event: e, asset, reporter }) => ({
        id: e.id, status: e.status, kind: e.kind, occurredOn: e.occurredOn, source: e.source, sourceRef: e.sourceRef, newStatus: e.newStatus, reporter, asset,
        createdAt: iso(e.createdAt), reviewedAt: isoOrNull(e.reviewedAt),
      }));
      return { status: 200, body: { reports } };
    },
  }),
  endpoint({
    method: "post",
    path: "/operator/registry-reports/{id}/review",
    summary: "Confirm a registry report (it then changes the right's shared facts for everyone) or reject it",
    tag: "operator",
    permission: "verification:review",
    params: z.object({ id: IdSchema }),
    body: z.object({ verdict: z.enum(["confirm", "reject"]) }).strict(),
    response: z.object({ status: z.enum(REGISTRY_EVENT_STATUSES) }),
    successStatus: 200,
    async handle(input) {
      const result = await input.services.assets.reviewReport(authorised(input), input.params.id, input.body.verdict);
      return result.ok ? { status: 200, body: { status: result.status } } : { fail: result.code };
    },
  }),
];
