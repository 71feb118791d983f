import { z } from "zod";
import { IdSchema, RejectSchema } from "../../../domain/schemas/accounts";
import { VERIFICATION_STATES } from "../../../domain/organisations";
import { authorised, endpoint } from "../endpoint";
import { ReviewItemView, iso, isoOrNull } from "../views";

const OrgParams = z.object({ id: IdSchema });
const DecisionView = z.object({ verification: z.enum(VERIFICATION_STATES) });

export const operatorEndpoints = [
  endpoint({
    method: "get",
    path: "/operator/verifications",
    summary: "The verification (KYB) queue: organisations by state, oldest first",
    tag: "operator",
    permission: "verification:review",
    query: z.object({ state: z.enum(VERIFICATION_STATES).default("pending") }).strict(),
    response: z.object({ organisations: z.array(ReviewItemView) }),
    successStatus: 200,
    async handle(input) {
      const rows = await input.services.verification.queue(input.query.state);
      return { status: 200, body: { organisations: rows.map((r) => ({ ...r, createdAt: iso(r.createdAt), reviewedAt: isoOrNull(r.reviewedAt) })) } };
    },
  }),
  endpoint({
    method: "post",
    path: "/operator/verifications/{id}/verify",
    summary: "Verify a pending organisation",
    tag: "operator",
    permission: "verification:review",
    params: OrgParams,
    response: DecisionView,
    successStatus: 200,
    async handle(input) {
      const result = await input.services.verification.decide(authorised(input), input.params.id, { verdict: "verified" });
      return result.ok ? { status: 200, body: { verification: result.verification } } : { fail: result.code };
    },
  }),
  endpoint({
    method: "post",
    path: "/operator/verifications/{id}/reject",
    summary: "Reject a pending organisation, with a reason the organisation sees",
    tag: "operator",
    permission: "verification:review",
    params: OrgParams,
    body: RejectSchema,
    response: DecisionView,
    successStatus: 200,
    async handle(input) {
      const result = await input.services.verification.decide(authorised(input), input.params.id, { verdict: "rejected", reason: input.body.reason });
      return result.ok ? { status: 200, body: { verification: result.verification } } : { fail: result.code };
    },
  }),
  endpoint({
    method: "post",
    path: "/operator/verifications/{id}/revoke",
    summary: "Withdraw a verified organisation's verification, with a reason the organisation sees",
    tag: "operator",
    permission: "verification:review",
    params: OrgParams,
    body: RejectSchema,
    response: DecisionView,
    successStatus: 200,
    async handle(input) {
      const result = await input.services.verification.revoke(authorised(input), input.params.id, input.body.reason);
      return result.ok ? { status: 200, body: { verification: result.verification } } : { fail: result.code };
    },
  }),
];
