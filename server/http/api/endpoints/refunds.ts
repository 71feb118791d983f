import { z } from "zod";
import { jsonSafe } from "../../../domain/money";
import { RecordRefundSchema } from "../../../domain/schemas/refunds";
import { refundView } from "../../../services/payments/refunds-service";
import { authorised, endpoint } from "../endpoint";

const Source = z.enum(["overpayment", "part_payment", "unmatched_receipt"]);
const Owed = z.object({
  source: Source,
  organisationId: z.uuid().nullable(),
  payeeName: z.string(),
  currency: z.string(),
  owed: z.number().int(),
  paymentId: z.uuid().nullable(),
  settlementId: z.uuid().nullable(),
  bankReceiptId: z.uuid().nullable(),
  reference: z.string(),
  cardPaymentId: z.uuid().nullable(),
  cardRefundable: z.boolean(),
});
const Refund = z.object({
  id: z.uuid(),
  source: Source,
  method: z.enum(["bank_transfer", "card"]),
  status: z.enum(["pending", "paid", "failed"]),
  paymentId: z.uuid().nullable(),
  bankReceiptId: z.uuid().nullable(),
  settlementId: z.uuid().nullable(),
  organisationId: z.uuid().nullable(),
  payeeName: z.string(),
  currency: z.string(),
  amount: z.number().int(),
  bankSerial: z.string().nullable(),
  stripeRefundId: z.string().nullable(),
  failureMessage: z.string().nullable(),
  createdAt: z.string(),
  paidAt: z.string().nullable(),
});
const Overview = z.object({ owed: z.array(Owed), refunds: z.array(Refund) });

/** Refunds: operators see what is owed back to whom and record refunds; a payer sees its own. */
export const refundEndpoints = [
  endpoint({
    method: "get",
    path: "/operator/refunds",
    summary: "What is owed back (over-payments and defaulted sales' part-payments per payer, unmatched receipts in suspense) and every refund recorded",
    tag: "operator",
    permission: "verification:review",
    response: Overview,
    successStatus: 200,
    async handle(input) {
      return { status: 200, body: jsonSafe(await input.services.refunds.overview()) };
    },
  }),
  endpoint({
    method: "post",
    path: "/operator/refunds",
    summary:
      "Record a refund of one claim (paymentId, settlementId or bankReceiptId; amount in minor units, at most what is owed): a bank transfer sent (once per bank serial: the same serial answers the refund already recorded, 200) or a card refund through Stripe (pending until Stripe confirms it)",
    tag: "operator",
    permission: "verification:review",
    body: RecordRefundSchema,
    response: Refund,
    successStatus: 201,
    async handle(input) {
      const result = await input.services.refunds.record(authorised(input), input.body);
      if (!result.ok) return { fail: result.code, details: result.details };
      return { status: result.duplicate ? 200 : 201, body: jsonSafe(refundView(result.refund)) };
    },
  }),
  endpoint({
    method: "get",
    path: "/refunds",
    summary: "What your organisation is owed back (over-payments, part-payments of a defaulted sale) and its refunds, paid or on their way",
    tag: "payments",
    permission: "account:read",
    response: Overview,
    successStatus: 200,
    async handle(input) {
      return { status: 200, body: jsonSafe(await input.services.refunds.mine(authorised(input))) };
    },
  }),
];
