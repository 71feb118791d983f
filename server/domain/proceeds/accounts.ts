/**
 * The ledger's chart of accounts. Debits are positive, credits negative; every journal entry sums to zero
 * per currency. Sub-ledger accounts carry the party (an organisation, or a name for parties not on the
 * exchange, such as a pledgor).
 *
 * - `cash`: money the platform holds in its client account (bank transfers in, card captures).
 * - `card_holds`: card authorisations not yet captured (a memorandum pair with `deposits_held`).
 * - `deposits_held`: what the platform owes bidders for their deposits (a liability).
 * - `escrow`: a buyer's money held for a settlement until it is distributed (a liability).
 * - `receivable`: what a buyer still owes on a settlement (an asset).
 * - `payable`: what the waterfall owes a party (creditor, risk sharer, cost payee, pledgor) until paid out.
 * - `fees`: the platform's income (fees, premium).
 * - `in_kind`: value recovered without cash (an equity contribution at its agreed value).
 * - `refunds_due`: over-payments owed back to the payer.
 * - `suspense`: bank receipts no payment's reference matched: the cash is in, whose it is is not yet known.
 */
export const LEDGER_ACCOUNTS = ["cash", "card_holds", "deposits_held", "escrow", "receivable", "payable", "fees", "in_kind", "refunds_due", "suspense"] as const;
export type LedgerAccount = (typeof LEDGER_ACCOUNTS)[number];

export type JournalLine = { account: LedgerAccount; organisationId?: string | null; partyName?: string | null; amount: bigint };

/** An entry balances when its lines sum to zero and none is zero. */
export function unbalancedBy(lines: readonly JournalLine[]): bigint {
  return lines.reduce((sum, line) => sum + line.amount, 0n);
}
