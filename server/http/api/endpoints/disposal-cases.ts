import { z } from "zod";
import { LISTING_MODES, LISTING_STATUSES, PRESETS } from "../../../domain/listings/vocabulary";
import { jsonSafe } from "../../../domain/money";
import { valueOf } from "../../../domain/result";
import { IdSchema } from "../../../domain/schemas/accounts";
import { authorised, endpoint } from "../endpoint";
import { Timestamp } from "../views";

const Amount = z.number().int();
const Attempt = z.object({
  id: z.uuid(),
  attempt: z.number().int(),
  title: z.string(),
  mode: z.enum(LISTING_MODES),
  preset: z.enum(PRESETS),
  status: z.enum(LISTING_STATUSES),
  price: Amount,
  currency: z.string(),
  appraisal: Amount.nullable(),
  ofAppraisalBps: z.number().int().nullable(),
  previousStart: Amount.nullable(),
  cutBps: z.number().int().nullable(),
  announceAt: Timestamp.nullable(),
  opensAt: Timestamp.nullable(),
  closesAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
/** The case and its attempts are described; the rights and the next step (a tagged union) pass as they are. */
const DisposalCaseView = z.looseObject({
  case: z.looseObject({ id: z.uuid(), loanId: z.uuid(), loanReference: z.string(), currency: z.string(), exposureAtDefault: Amount }),
  appraisal: Amount.nullable(),
  attempts: z.array(Attempt),
  nextStep: z.looseObject({ kind: z.enum(["under_way", "concluded", "first_auction", "relist", "fixed_price"]) }),
});

export const disposalCaseEndpoints = [
  endpoint({
    method: "get",
    path: "/disposal-cases/{id}",
    summary: "One of your disposal cases: exposure frozen at default, its rights, its history of attempts and the next step the rules allow",
    tag: "collateral",
    permission: "collateral:manage",
    params: z.object({ id: IdSchema }),
    response: DisposalCaseView,
    successStatus: 200,
    async handle(input) {
      const result = await input.services.disposalCases.get(authorised(input), input.params.id);
      return result.ok ? { status: 200, body: jsonSafe(valueOf(result)) } : { fail: result.code };
    },
  }),
];
