import { z } from "zod";
import { IdSchema } from "../../../domain/schemas/accounts";
import { jsonSafe } from "../../../domain/money";
import { RoyaltyReportSchema } from "../../../domain/schemas/royalties";
import { authorised, endpoint } from "../endpoint";
import { Timestamp } from "../views";

const Params = z.object({ id: IdSchema });
const Amount = z.number().int().describe("Minor units of the listing's currency");

const ReportView = z.object({
  id: z.uuid(),
  periodStart: z.string(),
  periodEnd: z.string(),
  currency: z.string(),
  netSales: Amount,
  royaltyDue: Amount.describe("net sales × the agreement's royalty rate, floored to the minor unit"),
  reportedAt: Timestamp,
  payment: z.object({ reference: z.string().describe("Quote it on the bank transfer"), amount: Amount, received: Amount, status: z.string() }).nullable().describe("null when nothing is due"),
});

export const royaltyEndpoints = [
  endpoint({
    method: "post",
    path: "/licence-agreements/{id}/royalty-reports",
    summary: "The licensee reports a period's net sales: the royalty due at the agreement's rate is asked for by bank transfer (quote the reference); periods may not overlap",
    tag: "royalties",
    permission: "market:trade",
    params: Params,
    body: RoyaltyReportSchema,
    response: z.object({ id: z.uuid(), royaltyDue: Amount, currency: z.string(), reference: z.string().nullable().describe("The bank-transfer reference to quote; null when nothing is due") }),
    successStatus: 201,
    handle: async (input) => {
      const done = await input.services.royalties.report(authorised(input), input.params.id, input.body);
      if (!done.ok) return { fail: done.code, details: done.details };
      return { status: 201, body: jsonSafe({ id: done.report.id, royaltyDue: done.report.royaltyDue, currency: done.report.currency, reference: done.reference }) };
    },
  }),
  endpoint({
    method: "get",
    path: "/licence-agreements/{id}/royalty-reports",
    summary: "A licence agreement's royalty reports with their payment (the licensee, the licensor and the platform only)",
    tag: "royalties",
    permission: "account:read",
    params: Params,
    response: z.object({ role: z.enum(["licensee", "licensor", "platform"]), reports: z.array(ReportView) }),
    successStatus: 200,
    handle: async (input) => {
      const found = await input.services.royalties.list(authorised(input), input.params.id);
      return found.ok ? { status: 200, body: jsonSafe({ role: found.role, reports: found.reports }) } : { fail: found.code };
    },
  }),
];
