import { z } from "zod";
import { AuditQuerySchema } from "../../../domain/audit-trail";
import { endpoint } from "../endpoint";
import { Timestamp, iso } from "../views";

const Named = z.object({ id: z.uuid(), name: z.string().nullable() });
const AuditEventView = z.object({
  id: z.number().int(),
  chain: z.string(),
  seq: z.number().int(),
  occurredAt: Timestamp,
  action: z.string(),
  actor: Named.nullable().describe("null when there is none, or while it is withheld"),
  organisation: Named.nullable(),
  subject: z.object({ type: z.string(), id: z.string().nullable(), title: z.string().nullable() }).nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
  withheld: z.array(z.enum(["bidder", "sealed"])).describe("What no one may read yet: a bidder's identity before the award, sealed amounts before the opening"),
});
const ChainReportView = z.object({
  chains: z.array(z.object({ chain: z.string(), events: z.number().int(), firstBreak: z.object({ seq: z.number().int(), reason: z.string() }).nullable() }).describe("One entry per chain the verifier reports")),
});

/** The audit trail for auditors and operators: what the /audit page shows and does. */
export const auditEndpoints = [
  endpoint({
    method: "get",
    path: "/audit/events",
    summary: "Audit events, newest first, filtered by organisation, kind of action and Beijing days, paged; what no one may read yet is withheld",
    tag: "audit",
    permission: "audit:read",
    query: AuditQuerySchema,
    response: z.object({ page: z.number().int(), hasMore: z.boolean(), events: z.array(AuditEventView) }),
    successStatus: 200,
    async handle(input) {
      const trail = await input.services.audit.events(input.query);
      return { status: 200, body: { ...trail, events: trail.events.map((e) => ({ ...e, occurredAt: iso(e.occurredAt) })) } };
    },
  }),
  endpoint({
    method: "get",
    path: "/audit/verify",
    summary: "Verify the audit hash chains (against their day-end checkpoints) and every lot's bid chain: links checked per chain, and the first broken link of each",
    tag: "audit",
    permission: "audit:read",
    response: ChainReportView,
    successStatus: 200,
    async handle(input) {
      return { status: 200, body: { chains: await input.services.audit.verify() } };
    },
  }),
];
