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
  kind: z.enum(["period", "minimum_top_up"]).describe("minimum_top_up: asked at a licence year's end when its royalties fell short of the minimum annual royalty"),
  periodStart: z.string(),
  periodEnd: z.string(),
  currency: z.string(),
  netSales: Amount,
  royaltyDue: Amount.describe("net sales × the agreement's royalty rate, floored to the minor unit"),
  reportedAt: Timestamp,
  payment: z.object({ reference: z.string().describe("Quote it on the bank transfer"), amount: Amount, received: Amount, status: z.string() }).nullable().describe("null when nothing is due"),
});

const MinimumYearView = z.object({
  start: z.iso.date(),
  end: z.iso.date(),
  minimum: Amount.describe("The year's minimum annual royalty (a final part year: pro rata by days)"),
  reported: Amount.describe("Royalties reported for periods starting in the year"),
  topUp: Amount.nullable().describe("The top-up asked at the year's end, if any"),
  status: z.enum(["open", "met", "topped_up", "pending"]),
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
    response: z.object({ role: z.enum(["licensee", "licensor", "platform"]), reports: z.array(ReportView), minimum: z.array(MinimumYearView).describe("The licence years begun so far (empty without a minimum annual royalty)") }),
    successStatus: 200,
    handle: async (input) => {
      const found = await input.services.royalties.list(authorised(input), input.params.id);
      return found.ok ? { status: 200, body: jsonSafe({ role: found.role, reports: found.reports, minimum: found.minimum }) } : { fail: found.code };
    },
  }),
];
