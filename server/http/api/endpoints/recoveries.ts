import { z } from "zod";
import { jsonSafe } from "../../../domain/money";
import { IdSchema } from "../../../domain/schemas/accounts";
import { CSV_TABLES } from "../../../services/recoveries/portfolio-service";
import { authorised, endpoint } from "../endpoint";
import { Timestamp } from "../views";

const Amount = z.number().int().describe("Minor units of the row's currency");
const Bps = z.number().int().nullable().describe("Basis points (10,000 = 100%); null when there is nothing to divide by");
const Day = z.string().describe("A calendar date, YYYY-MM-DD");
const Components = z.object({ enforcement_costs: Amount, interest: Amount, principal: Amount });

const Group = z.object({ key: z.string(), currency: z.string(), loans: z.number().int(), exposureAtDefault: Amount, recovered: Amount, recoveryRateBps: Bps, lgdBps: Bps, averageDaysToRecovery: z.number().int().nullable() });
const Month = z.object({ month: z.string(), currency: z.string(), recovered: Amount, own: Amount.describe("The part paid to the caller's organisation") });
const Accuracy = z.object({
  sales: z.array(z.object({ settlementId: z.uuid(), title: z.string(), soldOn: Day, currency: z.string(), price: Amount, appraiser: z.string(), appraisal: Amount, appraisedOn: Day, ratioBps: z.number().int() })),
  appraisers: z.array(z.object({ appraiser: z.string(), sales: z.number().int(), averageRatioBps: z.number().int() })),
});
const LoanRow = z.object({ loanId: z.uuid(), reference: z.string(), currency: z.string(), defaultedOn: Day, exposureAtDefault: Amount, recovered: Amount, recoveryRateBps: Bps, lgdBps: Bps, daysToRecovery: z.number().int().nullable(), modes: z.array(z.string()) });
const Groups = { totals: z.array(Group), byType: z.array(Group), byMode: z.array(Group), byDefaultMonth: z.array(Group), accuracy: Accuracy };
const BankView = z.object({ loans: z.array(LoanRow.extend({ own: Amount })), byMonth: z.array(Month), ...Groups });
const PlatformView = z.object({
  loans: z.array(LoanRow.extend({ bank: z.string().describe("The lending bank's name") })),
  byMonth: z.array(Month.omit({ own: true })),
  byBank: z.array(Group.extend({ key: z.uuid().describe("The bank's organisation id"), bank: z.string() })),
  ...Groups,
});
const SharerView = z.object({
  loans: z.array(z.object({ loanId: z.uuid(), reference: z.string(), bank: z.string(), role: z.string(), shareBps: z.number().int(), currency: z.string(), defaultedOn: Day, exposureAtDefault: Amount, paid: Amount, recovered: Amount, netLoss: Amount, loanRecoveryRateBps: Bps, loanLgdBps: Bps })),
  totals: z.array(z.object({ currency: z.string(), loans: z.number().int(), paid: Amount, recovered: Amount, netLoss: Amount })),
  byMonth: z.array(Month),
  performing: z.number().int().describe("Shared loans not in default"),
});
const Payment = z.object({ id: z.uuid(), purpose: z.string(), method: z.string(), status: z.string(), currency: z.string(), amount: Amount, received: Amount, reference: z.string(), settlementId: z.uuid().nullable(), createdAt: Timestamp, updatedAt: Timestamp });
const BidderView = z.object({
  deposits: z.array(z.object({ listingId: z.uuid(), title: z.string(), method: z.string(), status: z.string(), currency: z.string(), amount: Amount, requestedAt: Timestamp })),
  settlements: z.array(z.object({ id: z.uuid(), title: z.string(), status: z.string(), currency: z.string(), price: Amount, buyerPremium: Amount, depositApplied: Amount, balanceDue: Amount, dueAt: Timestamp, createdAt: Timestamp })),
  payments: z.array(Payment),
});
const Portfolio = z.object({ view: z.enum(["platform", "bank", "sharer", "bidder"]), discountRateBps: z.number().int(), platform: PlatformView.optional(), bank: BankView.optional(), sharer: SharerView.optional(), bidder: BidderView.optional() });

const Line = z.object({ position: z.number().int(), component: z.string(), loanId: z.uuid().nullable(), riskShareId: z.uuid().nullable(), organisationId: z.uuid().nullable(), partyName: z.string(), amount: Amount });
const Distribution = z.object({ id: z.uuid(), source: z.string(), currency: z.string(), amount: Amount, inKind: z.boolean(), receivedOn: Day, settlementId: z.uuid().nullable(), title: z.string().nullable(), mode: z.string().nullable(), lines: z.array(Line) });
const LoanRecovery = z.object({
  loan: z.object({ id: z.uuid(), reference: z.string(), borrower: z.string(), bank: z.string(), currency: z.string() }),
  defaultedOn: Day,
  exposureAtDefault: Amount,
  discountRateBps: z.number().int(),
  recovered: Amount,
  byComponent: Components,
  byParty: z.array(z.object({ organisationId: z.uuid().nullable(), partyName: z.string(), riskShareId: z.uuid().nullable(), total: Amount, byComponent: Components })),
  recoveryRateBps: Bps,
  lgdBps: Bps,
  daysToFirstRecovery: z.number().int().nullable(),
  daysToRecovery: z.number().int().nullable(),
  sharers: z.array(z.object({ id: z.uuid(), role: z.string(), partyName: z.string(), organisationId: z.uuid().nullable(), shareBps: z.number().int(), paid: Amount, recovered: Amount })),
  distributions: z.array(Distribution),
});
const Statement = z.object({
  allotted: z.array(z.object({ lineId: z.uuid(), receivedOn: Day, source: z.string(), currency: z.string(), component: z.string(), inKind: z.boolean(), loanReference: z.string().nullable(), title: z.string().nullable(), amount: Amount, payoutStatus: z.string().nullable(), paidOutAt: Timestamp.nullable() })),
  payments: z.array(Payment),
  totals: z.array(z.object({ currency: z.string(), allotted: Amount, paidOut: Amount, payable: Amount.describe("Allotted, not yet paid out"), paymentsMade: Amount })),
});

const distributionView = (d: { id: string; source: string; currency: string; amount: bigint; inKind: boolean; receivedOn: string; settlementId: string | null; title: string | null; mode: string | null; lines: unknown[] }) => {
  const { id, source, currency, amount, inKind, receivedOn, settlementId, title, mode, lines } = d;
  return jsonSafe({ id, source, currency, amount, inKind, receivedOn, settlementId, title, mode, lines }) as z.input<typeof Distribution>;
};
const tables = [...new Set(Object.values(CSV_TABLES).flat())] as [string, ...string[]];

export const recoveryEndpoints = [
  endpoint({
    method: "get",
    path: "/recoveries",
    summary: "Your organisation's recoveries dashboard: for the platform's auditor and operator every bank's defaulted loans with a per-bank breakdown, a bank's book (by month, IP type, disposal mode, month of default; valuation accuracy), a risk-sharer's paid and recovered shares, or a bidder's deposits, settlements and payments",
    tag: "recoveries",
    permission: "account:read",
    response: Portfolio,
    successStatus: 200,
    handle: async (input) => ({ status: 200, body: jsonSafe(await input.services.recoveries.portfolio(authorised(input))) as z.input<typeof Portfolio> }),
  }),
  endpoint({
    method: "get",
    path: "/recoveries.csv",
    summary: "One table of your recoveries dashboard as CSV (text/csv, UTF-8 with BOM, amounts in major units); CSV variants are the same path with .csv",
    tag: "recoveries",
    permission: "account:read",
    query: z.object({ table: z.enum(tables).describe("platform: loans, by_bank, by_month, by_type, by_mode, by_default_month, accuracy; bank: loans, by_month, by_type, by_mode, by_default_month, accuracy; risk-sharer: loans, by_month; bidder: deposits, settlements, payments") }).strict(),
    produces: "text/csv",
    successStatus: 200,
    handle: async (input) => {
      const made = await input.services.recoveries.portfolioCsv(authorised(input), input.query.table);
      return made.ok ? { status: 200, csv: made.csv, filename: made.filename } : { fail: made.code };
    },
  }),
  endpoint({
    method: "get",
    path: "/recoveries/loans/{id}",
    summary: "A defaulted loan's recovery: per party and component, recovery rate, realised LGD at the configured discount rate, time to recovery, every distribution line by line (the loan's bank and risk-sharers, and the platform's auditor and operator)",
    tag: "recoveries",
    permission: "account:read",
    params: z.object({ id: IdSchema }),
    response: LoanRecovery,
    successStatus: 200,
    handle: async (input) => {
      const found = await input.services.recoveries.loan(authorised(input), input.params.id);
      if (!found.ok) return { fail: found.code };
      const { loan, kase, exposureAtDefault, recovery, sharers, distributions } = found.recovery;
      const { recoveryRate: _r, ...figures } = recovery;
      return {
        status: 200,
        body: {
          ...jsonSafe({ loan: { id: loan.id, reference: loan.reference, borrower: loan.borrower, bank: loan.bank, currency: loan.currency }, defaultedOn: kase.defaultedOn, exposureAtDefault, discountRateBps: found.discountRateBps, ...figures, sharers: sharers.map(({ byComponent: _c, ...s }) => s) }),
          distributions: distributions.map(distributionView),
        },
      };
    },
  }),
  endpoint({
    method: "get",
    path: "/distributions",
    summary: "A disposal case's distributions through the waterfall, line by line (the loan's bank and risk-sharers, and the platform's auditor and operator)",
    tag: "recoveries",
    permission: "account:read",
    query: z.object({ caseId: IdSchema }).strict(),
    response: z.object({ distributions: z.array(Distribution) }),
    successStatus: 200,
    handle: async (input) => {
      const found = await input.services.recoveries.distributions(authorised(input), input.query.caseId);
      return found.ok ? { status: 200, body: { distributions: found.distributions.map(distributionView) } } : { fail: found.code };
    },
  }),
  endpoint({
    method: "get",
    path: "/statements",
    summary: "Your organisation's statement: what distributions allotted to it and their payouts, and the payments it was asked for and made, with totals per currency",
    tag: "recoveries",
    permission: "account:read",
    response: Statement,
    successStatus: 200,
    handle: async (input) => ({ status: 200, body: jsonSafe(await input.services.recoveries.statement(authorised(input))) }),
  }),
  endpoint({
    method: "get",
    path: "/statements.csv",
    summary: "Your organisation's statement as one chronological CSV (text/csv, UTF-8 with BOM, amounts in major units)",
    tag: "recoveries",
    permission: "account:read",
    produces: "text/csv",
    successStatus: 200,
    handle: async (input) => ({ status: 200, csv: await input.services.recoveries.statementCsv(authorised(input)), filename: "statement.csv" }),
  }),
];
