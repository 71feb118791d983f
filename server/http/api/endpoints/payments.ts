import { z } from "zod";
import { jsonSafe } from "../../../domain/money";
import { IdSchema } from "../../../domain/schemas/accounts";
import { AssignReceiptSchema, BankReceiptSchema, StatementImportSchema } from "../../../domain/schemas/payments";
import { valueOf } from "../../../domain/result";
import type { ReceiptOutcome } from "../../../services/payments/receipts";
import { receiptView } from "../../../services/payments/service";
import { authorised, endpoint } from "../endpoint";

const Params = z.object({ id: IdSchema });

const Payment = z.object({
  id: z.uuid(),
  purpose: z.enum(["deposit", "balance", "royalty", "refund"]),
  method: z.enum(["card", "bank_transfer", "credit_bid", "in_kind"]),
  status: z.enum(["pending", "held", "succeeded", "canceled", "refunded", "failed"]),
  currency: z.string(),
  amount: z.number().int(),
  received: z.number().int(),
  shortfall: z.number().int(),
  excess: z.number().int(),
  reference: z.string(),
  lotDepositId: z.uuid().nullable(),
  settlementId: z.uuid().nullable(),
  listing: z.object({ id: z.uuid(), title: z.string() }).nullable(),
  holdExpiresAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const Receipt = z.object({ id: z.uuid(), bankSerial: z.string(), currency: z.string(), amount: z.number().int(), reference: z.string(), payerName: z.string(), receivedOn: z.string(), paymentId: z.uuid().nullable(), createdAt: z.string() });
const Recorded = z.object({ outcome: z.enum(["matched", "unmatched", "duplicate"]), receipt: Receipt, applied: z.number().int(), excess: z.number().int() });
const StatementImport = z.object({
  matched: z.number().int(),
  unmatched: z.number().int(),
  duplicates: z.number().int(),
  invalid: z.number().int(),
  lines: z.array(z.object({ line: z.number().int(), outcome: z.enum(["matched", "unmatched", "duplicate", "invalid"]), error: z.string().nullable(), bankSerial: z.string().nullable(), paymentId: z.uuid().nullable() })),
});
const CardHold = z.object({ paymentId: z.uuid(), intentId: z.string(), clientSecret: z.string().nullable() });

const recorded = (r: Pick<ReceiptOutcome, "outcome" | "receipt" | "applied" | "excess">) => jsonSafe({ outcome: r.outcome, receipt: receiptView(r.receipt), applied: r.applied, excess: r.excess });

/** Payments: payers read their own; operators record bank receipts (one, or a statement) and assign the unmatched. */
export const paymentEndpoints = [
  endpoint({
    method: "get",
    path: "/payments",
    summary: "Your organisation's payments (deposits, balances, royalties), newest first, with what is still short or was paid over",
    tag: "payments",
    permission: "account:read",
    response: z.array(Payment),
    successStatus: 200,
    async handle(input) {
      return { status: 200, body: jsonSafe(await input.services.payments.mine(authorised(input))) };
    },
  }),
  endpoint({
    method: "get",
    path: "/payments/{id}",
    summary: "One of your organisation's payments (operators: any)",
    tag: "payments",
    permission: "account:read",
    params: Params,
    response: Payment,
    successStatus: 200,
    async handle(input) {
      const result = await input.services.payments.get(authorised(input), input.params.id);
      return result.ok ? { status: 200, body: jsonSafe(result.payment) } : { fail: result.code };
    },
  }),
  endpoint({
    method: "post",
    path: "/payments/{id}/renew-hold",
    summary: "Replace a card hold that would lapse before its lot closes with a new one (confirm it with Stripe.js); the old hold is cancelled once the new one is authorised",
    tag: "payments",
    permission: "market:trade",
    params: Params,
    response: CardHold,
    successStatus: 201,
    async handle(input) {
      const result = await input.services.payments.renewHold(authorised(input), input.params.id);
      return result.ok ? { status: 201, body: valueOf(result) } : { fail: result.code, details: result.details };
    },
  }),
  endpoint({
    method: "post",
    path: "/lots/{id}/deposits/card",
    summary: "Register to bid with the deposit held on a card (only where card payment is offered): answers the registration and the client secret to confirm with Stripe.js. Idempotent",
    tag: "deposits",
    permission: "market:trade",
    params: Params,
    response: z.object({ registration: z.object({ id: z.uuid(), method: z.string(), status: z.string() }).loose(), clientSecret: z.string().nullable() }),
    successStatus: 201,
    async handle(input) {
      const result = await input.services.deposits.requestByCard(authorised(input), input.params.id);
      return result.ok ? { status: result.created ? 201 : 200, body: jsonSafe({ registration: result.registration, clientSecret: result.clientSecret }) } : { fail: result.code, details: result.details };
    },
  }),
  endpoint({
    method: "post",
    path: "/operator/bank-receipts",
    summary: "Record a bank transfer as the bank reported it (amount in minor units); matched to a payment by its reference; a bank serial already recorded is reported as a duplicate and changes nothing",
    tag: "operator",
    permission: "verification:review",
    body: BankReceiptSchema,
    response: Recorded,
    successStatus: 201,
    async handle(input) {
      const result = await input.services.payments.recordReceipt(authorised(input), input.body);
      return { status: result.outcome === "duplicate" ? 200 : 201, body: recorded(result) };
    },
  }),
  endpoint({
    method: "post",
    path: "/operator/bank-receipts/import",
    summary: "Import a bank statement: CSV with the columns serial, date, amount (major units), reference, payer; each line recorded as a receipt",
    tag: "operator",
    permission: "verification:review",
    body: StatementImportSchema,
    response: StatementImport,
    successStatus: 200,
    maxBodyBytes: 2_500_000,
    async handle(input) {
      const result = await input.services.payments.importStatement(authorised(input), input.body.csv, input.body.currency);
      return result.ok ? { status: 200, body: valueOf(result) } : { fail: result.code, details: result.details };
    },
  }),
  endpoint({
    method: "get",
    path: "/operator/bank-receipts/unmatched",
    summary: "Bank receipts no payment's reference matched, newest first, for an operator to assign",
    tag: "operator",
    permission: "verification:review",
    response: z.array(Receipt),
    successStatus: 200,
    async handle(input) {
      return { status: 200, body: jsonSafe(await input.services.payments.unmatched()) };
    },
  }),
  endpoint({
    method: "post",
    path: "/operator/bank-receipts/{id}/assign",
    summary: "Assign an unmatched bank receipt to a payment, by the payment's reference or id",
    tag: "operator",
    permission: "verification:review",
    params: Params,
    body: AssignReceiptSchema,
    response: Recorded,
    successStatus: 200,
    async handle(input) {
      const result = await input.services.payments.assignReceipt(authorised(input), input.params.id, input.body);
      return result.ok ? { status: 200, body: recorded(result) } : { fail: result.code, details: result.details };
    },
  }),
];
