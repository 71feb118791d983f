/**
 * Title to dispose: who may offer a right on the exchange (decision 021). A valuation, a shared loan or a
 * registry report never gives power over a right; only the registered holder and, after default, the
 * pledgee under its own pledge do.
 */

/** One pledge over the right, as the caller's organisation may know it. */
export type PledgeFact = {
  pledgeId: string;
  registryPledgeNumber: string;
  /** The pledge secures a loan the caller's organisation holds (not one it merely shares). */
  own: boolean;
  /** Realised or cancelled pledges no longer bind the right. */
  released: boolean;
  loanId: string;
  loanReference: string;
  /** The secured loan is defaulted or in disposal. */
  loanInDefault: boolean;
  /** The loan's disposal case, when one is open. */
  openCaseId: string | null;
};

export type TitleFacts = {
  /** The caller's organisation entered the right on the exchange. */
  registeredByCaller: boolean;
  /** The registry names the caller's organisation among the right's owners. */
  callerNamedOwner: boolean;
  pledges: readonly PledgeFact[];
};

export type TitleBasis =
  | { kind: "holder" }
  | { kind: "pledgee"; pledgeId: string; registryPledgeNumber: string; loanId: string; loanReference: string; caseId: string };

export type TitleRefusal = "NOT_FOUND" | "NO_TITLE_TO_DISPOSE";
export type TitleReason = "pledge_not_in_default" | "no_open_case" | "pledged_without_consent" | "not_registered_holder";
export type TitleOutcome = { ok: true; basis: TitleBasis } | { ok: false; code: TitleRefusal; reason?: TitleReason };

export function titleToDispose(facts: TitleFacts): TitleOutcome {
  const ownPledges = facts.pledges.filter((p) => p.own && !p.released);
  // Only a relation that could carry title puts the right in the caller's scope for listing.
  if (!facts.registeredByCaller && ownPledges.length === 0) return { ok: false, code: "NOT_FOUND" };
  const enforceable = ownPledges.find((p) => p.loanInDefault && p.openCaseId !== null);
  if (enforceable) {
    const { pledgeId, registryPledgeNumber, loanId, loanReference } = enforceable;
    return { ok: true, basis: { kind: "pledgee", pledgeId, registryPledgeNumber, loanId, loanReference, caseId: enforceable.openCaseId! } };
  }
  if (facts.registeredByCaller && facts.callerNamedOwner) {
    // Civil Code art. 444: a pledged right is not transferred or licensed without the pledgee's consent,
    // and the product has no consent workflow yet.
    if (facts.pledges.some((p) => !p.released && !p.own)) return { ok: false, code: "NO_TITLE_TO_DISPOSE", reason: "pledged_without_consent" };
    return { ok: true, basis: { kind: "holder" } };
  }
  if (ownPledges.some((p) => p.loanInDefault)) return { ok: false, code: "NO_TITLE_TO_DISPOSE", reason: "no_open_case" };
  if (ownPledges.length > 0) return { ok: false, code: "NO_TITLE_TO_DISPOSE", reason: "pledge_not_in_default" };
  return { ok: false, code: "NO_TITLE_TO_DISPOSE", reason: "not_registered_holder" };
}
