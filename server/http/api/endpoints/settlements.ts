import { z } from "zod";
import { IdSchema } from "../../../domain/schemas/accounts";
import { jsonSafe } from "../../../domain/money";
import { CHECKLIST_STEPS } from "../../../domain/proceeds/settlement-terms";
import { authorised, endpoint } from "../endpoint";
import { Timestamp } from "../views";

const Params = z.object({ id: IdSchema });
const Amount = z.number().int().describe("Minor units of the settlement's currency");
const Status = z.enum(["awaiting_payment", "paid", "completed", "defaulted"]);

const SettlementSummary = z.object({
  id: z.uuid(),
  listingId: z.uuid(),
  title: z.string(),
  status: Status,
  source: z.enum(["sale", "licence", "equity", "discount"]),
  currency: z.string(),
  price: Amount,
  buyerPremium: Amount.describe("Paid by the buyer on top of the price (judicial preset: the commission within its caps)"),
  platformFee: Amount.describe("Borne by the seller out of the proceeds"),
  depositApplied: Amount,
  creditOffset: Amount.describe("A credit bid: the part of the price the buyer (the selling creditor) sets off against its own share of the proceeds"),
  balanceDue: Amount.describe("price + buyer's premium − deposit applied − credit offset: what is paid in cash"),
  dueAt: Timestamp,
  createdAt: Timestamp,
  buyerOrganisationId: z.uuid(),
  sellerOrganisationId: z.uuid(),
  buyerName: z.string(),
  sellerName: z.string(),
});

const SettlementView = SettlementSummary.extend({
  role: z.enum(["buyer", "seller", "operator", "auditor"]),
  owed: Amount.describe("What the buyer still owes (0 once paid or defaulted)"),
  overpaid: Amount.describe("Money that arrived beyond what was asked (e.g. a card charged after a transfer paid the balance): owed back to the buyer"),
  payment: z.object({ reference: z.string().describe("Quote it on the bank transfer"), amount: Amount, received: Amount, status: z.string() }).nullable(),
  checklist: z.record(z.enum(CHECKLIST_STEPS), Timestamp.nullable()),
  history: z.array(z.object({ action: z.string(), at: Timestamp })),
  equityExit: z
    .object({ agreedValue: Amount, realised: Amount, realisedOn: z.iso.date(), adjustment: Amount.describe("realised − agreed value: how the recovery in kind was adjusted") })
    .nullable()
    .describe("An equity contribution's exit, once recorded"),
  filingPackPdf: z.string().nullable().describe("The PDF's path, null when the server has no CJK font (print the filing pack page instead)"),
});

const FilingPackView = z.object({
  settlementId: z.uuid(),
  reference: z.string().nullable(),
  buyer: z.object({ name: z.string(), creditCode: z.string().nullable() }),
  seller: z.object({ name: z.string(), creditCode: z.string().nullable() }),
  rights: z.array(z.object({ type: z.string(), jurisdiction: z.string(), registryNumber: z.string(), title: z.string() })),
  currency: z.string(),
  price: Amount,
  creditOffset: Amount.describe("Paid by set-off against the buyer's own claim (a credit bid), not in cash"),
  awardedAt: Timestamp,
  pledges: z.array(z.string()).describe("Registry numbers of the seller's pledges to cancel"),
});

export const settlementEndpoints = [
  endpoint({
    method: "get",
    path: "/settlements",
    summary: "Your organisation's settlements as buyer or seller (the platform's operators and auditors: all), newest first",
    tag: "settlements",
    permission: "account:read",
    response: z.object({ settlements: z.array(SettlementSummary) }),
    successStatus: 200,
    handle: async (input) => ({ status: 200, body: { settlements: jsonSafe(await input.services.settlements.list(authorised(input))) } }),
  }),
  endpoint({
    method: "get",
    path: "/settlements/{id}",
    summary: "One settlement: figures, how to pay the balance, the checklist and the status history (parties and the platform only)",
    tag: "settlements",
    permission: "account:read",
    params: Params,
    response: SettlementView,
    successStatus: 200,
    handle: async (input) => {
      const found = await input.services.settlements.get(authorised(input), input.params.id);
      if (!found.ok) return { fail: found.code };
      const { supersedesId: _s, paidAt: _p, completedAt: _c, defaultedAt: _d, canTick: _t, canRecordExit: _e, mode: _m, preset: _r, ...view } = found.settlement;
      return { status: 200, body: { ...jsonSafe(view), filingPackPdf: found.pdfAvailable ? `/settlements/${input.params.id}/filing-pack.pdf` : null } };
    },
  }),
  endpoint({
    method: "post",
    path: "/settlements/{id}/checklist",
    summary: "The seller (or an operator) ticks a step of the title-transfer checklist once paid; the last step completes the settlement and cancels the seller's pledges",
    tag: "settlements",
    permission: "account:read",
    params: Params,
    body: z.object({ step: z.enum(CHECKLIST_STEPS) }),
    response: z.object({ status: Status }),
    successStatus: 200,
    handle: async (input) => {
      const ticked = await input.services.settlements.tick(authorised(input), input.params.id, input.body.step);
      return ticked.ok ? { status: 200, body: { status: ticked.status } } : { fail: ticked.code, details: ticked.details };
    },
  }),
  endpoint({
    method: "get",
    path: "/settlements/{id}/filing-pack",
    summary: "The registry filing pack's data: parties, rights, price, award date, pledges to cancel, reference (the PDF: /settlements/{id}/filing-pack.pdf)",
    tag: "settlements",
    permission: "account:read",
    params: Params,
    response: FilingPackView,
    successStatus: 200,
    handle: async (input) => {
      const found = await input.services.settlements.filingPack(authorised(input), input.params.id);
      if (!found.ok) return { fail: found.code };
      const { status: _s, title: _t, paidAt: _p, ...pack } = found.pack;
      return { status: 200, body: jsonSafe({ ...pack, rights: pack.rights.map(({ owners: _o, ...r }) => r) }) };
    },
  }),
];
