import type { RiskSharingMode, ShareRole } from "../collateral/vocabulary";
import { splitByWeights, splitByWeightsCapped } from "./largest-remainder";

/** Who receives a line: an organisation on the exchange, or only a name (a pledgor, a registry, a sharer not yet on the exchange). */
export type Recipient = { organisationId: string | null; partyName: string };

/**
 * One risk_shares row of the loan's agreement, with what that party has paid the bank (the sum of its
 * risk_share_payments) and what earlier distributions already returned to it. The bank's own row (role
 * "bank") only contributes its share; its paid and recovered are not read.
 */
export type RiskShareInput = Recipient & { riskShareId: string; role: ShareRole; shareBps: number; paid: bigint; recovered: bigint };

export type RiskSharingInput = { mode: RiskSharingMode; shares: readonly RiskShareInput[] };

/** The running position of one loan's creditor side while a distribution is computed. */
export type CreditorSide = {
  creditor: Recipient;
  bankRiskShareId: string | null;
  bankShareBps: bigint;
  mode: RiskSharingMode;
  /** Sharers other than the bank, in the agreement's order, with what they may still take back (paid − recovered). */
  sharers: Array<{ share: RiskShareInput; paid: bigint; room: bigint }>;
  /** The bank's unpaid balance under subrogation: the claim, less what the sharers paid, less what the bank recovered. */
  bankUnpaid: bigint;
};

export type Allocation = { recipient: Recipient; riskShareId: string | null; amount: bigint };

const FULL = 10_000n;

export function openCreditorSide(creditor: Recipient, sharing: RiskSharingInput | null, claimTotal: bigint, recoveredTotal: bigint): CreditorSide {
  const shares = sharing?.shares ?? [];
  const bank = shares.find((s) => s.role === "bank");
  const others = shares.filter((s) => s.role !== "bank");
  const othersBps = others.reduce((sum, s) => sum + BigInt(s.shareBps), 0n);
  const sharers = others.map((share) => ({ share, paid: share.paid, room: share.paid > share.recovered ? share.paid - share.recovered : 0n }));
  const paidBySharers = sharers.reduce((sum, s) => sum + s.paid, 0n);
  const recoveredBySharers = others.reduce((sum, s) => sum + s.recovered, 0n);
  const bankRecovered = recoveredTotal - recoveredBySharers;
  const bankUnpaid = claimTotal - paidBySharers - bankRecovered;
  return {
    creditor,
    bankRiskShareId: bank?.riskShareId ?? null,
    bankShareBps: bank ? BigInt(bank.shareBps) : FULL - othersBps,
    mode: sharing?.mode ?? "pro_rata",
    sharers,
    bankUnpaid: bankUnpaid > 0n ? bankUnpaid : 0n,
  };
}

/**
 * Who gets `amount` paid on one component of the loan's claim, and the side's position updated.
 * - pro_rata: the bank and every sharer that has paid something share by loss share (largest remainder,
 *   bank first on ties); a sharer's part beyond what it may still take back goes to the bank.
 * - subrogated: the bank first, up to its unpaid balance; the rest to the sharers that paid, by loss share,
 *   each up to what it may still take back (a full sharer's excess goes to the others); anything left to the bank.
 * Returns the bank first, then the sharers in the agreement's order; zero amounts are left out.
 */
export function allocateToCreditorSide(side: CreditorSide, amount: bigint): Allocation[] {
  const payers = side.sharers.filter((s) => s.paid > 0n);
  const toSharers = payers.map(() => 0n);
  let toBank = 0n;
  if (side.mode === "pro_rata") {
    const [bankPart, ...sharerParts] = splitByWeights(amount, [side.bankShareBps, ...payers.map((s) => BigInt(s.share.shareBps))]);
    toBank = bankPart!;
    sharerParts.forEach((part, i) => {
      const room = payers[i]!.room;
      toSharers[i] = part <= room ? part : room;
      toBank += part - toSharers[i]!;
    });
  } else {
    toBank = amount < side.bankUnpaid ? amount : side.bankUnpaid;
    const { parts, unplaced } = splitByWeightsCapped(
      amount - toBank,
      payers.map((s) => BigInt(s.share.shareBps)),
      payers.map((s) => s.room),
    );
    parts.forEach((part, i) => (toSharers[i] = part));
    toBank += unplaced;
  }
  side.bankUnpaid = side.bankUnpaid > toBank ? side.bankUnpaid - toBank : 0n;
  payers.forEach((s, i) => (s.room -= toSharers[i]!));
  const out: Allocation[] = [{ recipient: side.creditor, riskShareId: side.bankRiskShareId, amount: toBank }];
  payers.forEach((s, i) => out.push({ recipient: { organisationId: s.share.organisationId, partyName: s.share.partyName }, riskShareId: s.share.riskShareId, amount: toSharers[i]! }));
  return out.filter((a) => a.amount > 0n);
}
