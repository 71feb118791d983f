import { type CreditorSide, type Recipient, type RiskSharingInput, allocateToCreditorSide, openCreditorSide } from "./creditor-side";
import { splitByWeights } from "./largest-remainder";

/**
 * The waterfall (docs/domain.md "Money", decision 009): an amount received on a disposal (sale price, royalty,
 * forfeited deposit) becomes distribution lines — (1) disposal costs in the order given, (2) secured claims in
 * pledge rank order, each as enforcement costs → interest → principal, split on the creditor side by the
 * loan's risk-sharing agreement, (3) the rest to the pledgor (surplus) or, for royalties, to the right holder.
 * Integer minor units; lines are positive and sum to the amount; the result depends only on the input.
 */
export type { Recipient, RiskShareInput, RiskSharingInput } from "./creditor-side";

export const CLAIM_COMPONENTS = ["enforcement_costs", "interest", "principal"] as const;
export type ClaimComponent = (typeof CLAIM_COMPONENTS)[number];
export type ClaimAmounts = Record<ClaimComponent, bigint>;
/** The values of the distribution_component enum. */
export type DistributionComponent = "disposal_cost" | ClaimComponent | "surplus" | "royalty_to_holder";

/** A disposal_costs row (or the settlement's platform fee): repaid to whoever advanced it, up to what is unpaid. */
export type DisposalCostDue = Recipient & { disposalCostId: string | null; amount: bigint; alreadyPaid: bigint };

/**
 * A loan's claim secured by a pledge on the collateral sold. `owed`: the claim fixed at default plus costs
 * recorded since (interest includes penalty interest); `recovered`: what earlier distributions paid on each
 * component, to every party. `riskSharing` null: the bank alone.
 */
export type SecuredClaim = {
  loanId: string;
  pledgeId: string;
  /** Rank follows registration time; equal times are ordered by registry pledge number, then pledge id. */
  registeredAt: Date;
  registryPledgeNumber: string;
  creditor: Recipient;
  owed: ClaimAmounts;
  recovered: ClaimAmounts;
  riskSharing: RiskSharingInput | null;
};

export type ResidualComponent = "surplus" | "royalty_to_holder";

export type WaterfallInput = {
  amount: bigint;
  costs: readonly DisposalCostDue[];
  claims: readonly SecuredClaim[];
  /** The pledgor (surplus) or the right holder (royalty_to_holder). */
  residualTo: Recipient;
  residualComponent: ResidualComponent;
};

/** One asset (or group) of a bundled lot, weighted by its latest appraisal, with the claims it secures. */
export type CollateralPortion = { appraisal: bigint; claims: readonly SecuredClaim[]; residualTo: Recipient };

export type BundleWaterfallInput = {
  amount: bigint;
  costs: readonly DisposalCostDue[];
  portions: readonly CollateralPortion[];
  residualComponent: ResidualComponent;
};

/** Maps onto a distribution_lines row; its position is its index in the returned list. */
export type DistributionLine = Recipient & {
  component: DistributionComponent;
  loanId: string | null;
  pledgeId: string | null;
  riskShareId: string | null;
  disposalCostId: string | null;
  amount: bigint;
};

/** Distributes an amount received on a lot that is one collateral (or whose parts secure the same claims). */
export function distribute(input: WaterfallInput): DistributionLine[] {
  return distributeBundle({ amount: input.amount, costs: input.costs, portions: [{ appraisal: 1n, claims: input.claims, residualTo: input.residualTo }], residualComponent: input.residualComponent });
}

/**
 * Distributes an amount received on a bundle: costs first out of the whole amount, then the rest split across
 * the portions by latest appraisal (largest remainder, earlier portion first on ties), each portion paying its
 * own claims in rank order and its residual. A loan secured by several portions is tracked once, so it is
 * never paid beyond what it is owed.
 */
export function distributeBundle(input: BundleWaterfallInput): DistributionLine[] {
  checkInput(input);
  const lines: DistributionLine[] = [];
  let left = input.amount;
  for (const cost of input.costs) {
    const take = min(left, positive(cost.amount - cost.alreadyPaid));
    left -= take;
    lines.push({ ...recipient(cost), component: "disposal_cost", loanId: null, pledgeId: null, riskShareId: null, disposalCostId: cost.disposalCostId, amount: take });
  }
  const shares = splitByWeights(left, input.portions.map((p) => p.appraisal));
  const loans = new Map<string, LoanPosition>();
  input.portions.forEach((portion, i) => {
    let portionLeft = shares[i]!;
    for (const claim of byRank(portion.claims)) {
      const position = loans.get(claim.loanId) ?? openPosition(claim);
      loans.set(claim.loanId, position);
      for (const component of CLAIM_COMPONENTS) {
        const take = min(portionLeft, position.unpaid[component]);
        if (take === 0n) continue;
        portionLeft -= take;
        position.unpaid[component] -= take;
        for (const a of allocateToCreditorSide(position.side, take)) {
          lines.push({ ...a.recipient, component, loanId: claim.loanId, pledgeId: claim.pledgeId, riskShareId: a.riskShareId, disposalCostId: null, amount: a.amount });
        }
      }
    }
    lines.push({ ...recipient(portion.residualTo), component: input.residualComponent, loanId: null, pledgeId: null, riskShareId: null, disposalCostId: null, amount: portionLeft });
  });
  return mergeLines(lines.filter((l) => l.amount > 0n));
}

type LoanPosition = { unpaid: ClaimAmounts; side: CreditorSide };

function openPosition(claim: SecuredClaim): LoanPosition {
  const unpaid = Object.fromEntries(CLAIM_COMPONENTS.map((c) => [c, positive(claim.owed[c] - claim.recovered[c])])) as ClaimAmounts;
  const total = (amounts: ClaimAmounts) => CLAIM_COMPONENTS.reduce((sum, c) => sum + amounts[c], 0n);
  return { unpaid, side: openCreditorSide(recipient(claim.creditor), claim.riskSharing, total(claim.owed), total(claim.recovered)) };
}

/** Pledge rank: earlier registration first; ties by registry pledge number, then pledge id, so input order never matters. */
export function byRank<T extends Pick<SecuredClaim, "registeredAt" | "registryPledgeNumber" | "pledgeId">>(claims: readonly T[]): T[] {
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...claims].sort((a, b) => a.registeredAt.getTime() - b.registeredAt.getTime() || compare(a.registryPledgeNumber, b.registryPledgeNumber) || compare(a.pledgeId, b.pledgeId));
}

/** Lines to the same party for the same thing (a loan paid from two portions) become one, at the first one's place. */
function mergeLines(lines: DistributionLine[]): DistributionLine[] {
  const byKey = new Map<string, DistributionLine>();
  for (const line of lines) {
    const key = JSON.stringify([line.component, line.loanId, line.pledgeId, line.riskShareId, line.disposalCostId, line.organisationId, line.partyName]);
    const seen = byKey.get(key);
    if (seen) seen.amount += line.amount;
    else byKey.set(key, { ...line });
  }
  return [...byKey.values()];
}

function checkInput(input: BundleWaterfallInput): void {
  const negative = (v: bigint) => v < 0n;
  if (negative(input.amount)) throw new RangeError("amount must not be negative");
  if (input.costs.some((c) => negative(c.amount) || negative(c.alreadyPaid))) throw new RangeError("cost amounts must not be negative");
  if (input.portions.length === 0) throw new RangeError("a distribution needs at least one portion");
  if (input.portions.some((p) => p.appraisal <= 0n)) throw new RangeError("appraisals must be positive");
  for (const portion of input.portions) {
    const loanIds = portion.claims.map((c) => c.loanId);
    if (new Set(loanIds).size !== loanIds.length) throw new RangeError("one claim per loan in a portion");
    for (const claim of portion.claims) {
      if (CLAIM_COMPONENTS.some((c) => negative(claim.owed[c]) || negative(claim.recovered[c]))) throw new RangeError("claim amounts must not be negative");
      if (claim.riskSharing?.shares.some((s) => s.shareBps <= 0 || negative(s.paid) || negative(s.recovered))) throw new RangeError("risk shares must be positive, payments not negative");
    }
  }
}

const recipient = (r: Recipient): Recipient => ({ organisationId: r.organisationId, partyName: r.partyName });
const positive = (v: bigint) => (v > 0n ? v : 0n);
const min = (a: bigint, b: bigint) => (a < b ? a : b);
