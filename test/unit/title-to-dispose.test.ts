import { describe, expect, it } from "vitest";
import { type PledgeFact, type TitleFacts, titleToDispose } from "../../server/domain/listings/title";

const pledge = (over: Partial<PledgeFact> = {}): PledgeFact => ({
  pledgeId: "p1", registryPledgeNumber: "Y1", own: true, released: false, loanId: "l1", loanReference: "YH-1", loanInDefault: true, openCaseId: "c1", ...over,
});
const facts = (over: Partial<TitleFacts> = {}): TitleFacts => ({ registeredByCaller: false, callerNamedOwner: false, pledges: [], ...over });

describe("titleToDispose", () => {
  it.each<[string, TitleFacts, ReturnType<typeof titleToDispose>]>([
    ["pledgee: own pledge, loan in default, case open", facts({ pledges: [pledge()] }), { ok: true, basis: { kind: "pledgee", pledgeId: "p1", registryPledgeNumber: "Y1", loanId: "l1", loanReference: "YH-1", caseId: "c1" } }],
    ["own pledge on a performing loan", facts({ pledges: [pledge({ loanInDefault: false, openCaseId: null })] }), { ok: false, code: "NO_TITLE_TO_DISPOSE", reason: "pledge_not_in_default" }],
    ["own pledge in default, case closed", facts({ pledges: [pledge({ openCaseId: null })] }), { ok: false, code: "NO_TITLE_TO_DISPOSE", reason: "no_open_case" }],
    ["own pledge released: out of reach", facts({ pledges: [pledge({ released: true })] }), { ok: false, code: "NOT_FOUND" }],
    ["valuation only (no relation the rule sees): out of reach", facts(), { ok: false, code: "NOT_FOUND" }],
    ["risk sharer of a defaulted loan: not its pledge, out of reach", facts({ pledges: [pledge({ own: false })] }), { ok: false, code: "NOT_FOUND" }],
    ["registered holder, unpledged", facts({ registeredByCaller: true, callerNamedOwner: true }), { ok: true, basis: { kind: "holder" } }],
    ["registered holder, another's pledge in force (art. 444)", facts({ registeredByCaller: true, callerNamedOwner: true, pledges: [pledge({ own: false })] }), { ok: false, code: "NO_TITLE_TO_DISPOSE", reason: "pledged_without_consent" }],
    ["registered holder, another's pledge released", facts({ registeredByCaller: true, callerNamedOwner: true, pledges: [pledge({ own: false, released: true })] }), { ok: true, basis: { kind: "holder" } }],
    ["entered the right but the registry names someone else", facts({ registeredByCaller: true }), { ok: false, code: "NO_TITLE_TO_DISPOSE", reason: "not_registered_holder" }],
    ["named owner the caller did not enter: out of reach", facts({ callerNamedOwner: true }), { ok: false, code: "NOT_FOUND" }],
    ["bank entered a borrower's right and pledged it; loan performing", facts({ registeredByCaller: true, pledges: [pledge({ loanInDefault: false, openCaseId: null })] }), { ok: false, code: "NO_TITLE_TO_DISPOSE", reason: "pledge_not_in_default" }],
    ["bank entered a borrower's right and pledged it; default and case", facts({ registeredByCaller: true, pledges: [pledge({ own: false, pledgeId: "senior" }), pledge()] }), { ok: true, basis: { kind: "pledgee", pledgeId: "p1", registryPledgeNumber: "Y1", loanId: "l1", loanReference: "YH-1", caseId: "c1" } }],
  ])("%s", (_label, input, expected) => {
    expect(titleToDispose(input)).toEqual(expected);
  });
});
