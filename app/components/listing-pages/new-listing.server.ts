import type { AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import { valuationsByDate } from "../../../server/domain/collateral/alert-rules";
import { JUDICIAL, defaultAuctionTerms, fixedPriceFloor, minRelistStart } from "../../../server/domain/listings/presets";
import { LISTING_MODES, type ListingMode, PRESETS, type Preset } from "../../../server/domain/listings/vocabulary";
import { formatMajor } from "../../../server/domain/money";
import { AuctionTermsSchema, DiscountTermsSchema, EquityTermsSchema, LicenceTermsSchema } from "../../../server/domain/schemas/listings";
import type { Principal } from "../../../server/services/auth/principal";
import { scoringFormValues } from "~/components/tender/scoring-form";
import { isAuctionLike } from "./rules";

/** What the create page needs from the back office: the rights a seller may list, and the step-2 defaults. */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const SelectionSchema = z.object({
  mode: z.enum(LISTING_MODES).optional().catch(undefined),
  preset: z.enum(PRESETS).catch("private"),
  case: z.uuid().optional().catch(undefined),
  asset: z.array(z.uuid()).catch([]),
  edit: z.string().optional().catch(undefined),
});
export type Selection = z.output<typeof SelectionSchema>;

export function selectionOf(url: URL): Selection {
  const p = url.searchParams;
  return SelectionSchema.parse({ mode: p.get("mode") ?? undefined, preset: p.get("preset") ?? "private", case: p.get("case") || undefined, asset: p.getAll("asset").filter(Boolean), edit: p.get("edit") ?? undefined });
}

/** Beijing wall-clock time for a datetime-local input. */
export const beijingLocal = (d: Date) => new Date(d.getTime() + 8 * HOUR).toISOString().slice(0, 16);
const yuan = (minor: bigint) => formatMajor(minor, "CNY");
const tenth = (minor: bigint) => (minor + 9n) / 10n;

export async function loadChoices(context: AppLoadContext, principal: Principal) {
  const book = await context.services.assets.list(principal);
  const loans = (await context.services.loans.portfolio(principal)).filter((l) => l.status === "defaulted" || l.status === "in_disposal");
  const cases = [];
  for (const loan of loans) {
    const detail = await context.services.loans.detail(principal, loan.id);
    if (!detail.ok || !detail.disposalCase) continue;
    const assets = detail.pledges.flatMap((p) => p.assets.map((a) => ({ id: a.id, appraisal: a.latestValuation })));
    cases.push({ id: detail.disposalCase.id, loanReference: loan.reference, borrower: loan.borrower, pledgor: detail.pledges[0]?.pledgor ?? "", assets });
  }
  const appraisalOf = new Map(cases.flatMap((c) => c.assets.map((a) => [a.id, a.appraisal] as const)));
  const caseOf = new Map(cases.flatMap((c) => c.assets.map((a) => [a.id, c.loanReference] as const)));
  return {
    cases: cases.map(({ id, loanReference, borrower, pledgor, assets }) => ({ id, loanReference, borrower, pledgor, assetIds: [...new Set(assets.map((a) => a.id))] })),
    rights: book.map((a) => ({ id: a.id, type: a.type, registryNumber: a.registryNumber, title: a.title, inCase: caseOf.get(a.id) ?? null, appraisal: appraisalOf.get(a.id) ?? null })),
  };
}

/** The appraisal the service will check against: the seller's latest valuation of each right, summed. */
export async function appraisalOf(context: AppLoadContext, principal: Principal, assetIds: string[]): Promise<bigint | null> {
  let total = 0n;
  for (const id of assetIds) {
    const detail = await context.services.assets.detail(principal, id);
    if (!detail.ok) return null;
    const latest = valuationsByDate(detail).at(-1);
    if (!latest) return null;
    total += latest.amount;
  }
  return total;
}

/** Which attempt of the case this would be, and the start of the last failed auction (service's own count). */
export async function attemptOf(context: AppLoadContext, principal: Principal, caseId: string | undefined) {
  if (!caseId) return { attempt: 1, previousStart: null };
  const failed = (await context.services.listings.mine(principal))
    .filter((l) => l.disposalCaseId === caseId && l.status === "unsold" && (l.mode === "english_auction" || l.mode === "tender"))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return { attempt: failed.length + 1, previousStart: failed[0]?.price ?? null };
}

type StoredListing = { mode: ListingMode; title: string; description: string; region: string; terms: unknown };

/**
 * A stored listing as the form's values, the inverse of parseCreateListing: minor units → yuan, instants →
 * Beijing datetime-local, seconds → minutes, basis points → %. The stored terms are read back through the
 * mode's own schema, which wrote them.
 */
export function formValuesOf(l: StoredListing): Record<string, string> {
  const base = { title: l.title, description: l.description, region: l.region };
  const money = (minor: bigint | null) => (minor === null ? "" : yuan(minor));
  const on = (flag: boolean) => (flag ? "on" : "");
  switch (l.mode) {
    case "english_auction":
    case "tender":
    case "listed_transfer":
    case "fixed_price": {
      const t = AuctionTermsSchema.parse(l.terms);
      return {
        ...base,
        startPrice: yuan(t.startPrice),
        deposit: yuan(t.deposit),
        reserve: money(t.reserve),
        reserveHidden: on(t.reserveHidden),
        incrementKind: t.incrementKind,
        increment: money(t.increment),
        announceAt: beijingLocal(t.announceAt),
        opensAt: beijingLocal(t.opensAt),
        closesAt: beijingLocal(t.closesAt),
        antiSnipeWindow: String(t.antiSnipeWindowSeconds / 60),
        antiSnipeExtension: String(t.antiSnipeExtensionSeconds / 60),
        proxyBids: on(t.proxyBids),
        ...(t.tender ? { openingAt: beijingLocal(t.tender.openingAt), evaluation: t.tender.evaluation, ...scoringFormValues(t.tender.scoring) } : {}),
      };
    }
    case "licence": {
      const t = LicenceTermsSchema.parse(l.terms);
      const timed = { announceAt: beijingLocal(t.announceAt), closesAt: beijingLocal(t.closesAt) };
      // A royalty in % with two decimals is the same number as basis points with two minor digits.
      const royalty = formatMajor(BigInt(t.royaltyBps), "CNY");
      return { ...base, ...timed, licenceKind: t.kind, termMonths: String(t.termMonths), fieldOfUse: t.fieldOfUse, territory: t.territory, upfrontFee: yuan(t.upfrontFee), royalty, minimumAnnualRoyalty: yuan(t.minimumAnnualRoyalty) };
    }
    case "equity": {
      const t = EquityTermsSchema.parse(l.terms);
      return { ...base, askingValue: yuan(t.askingValue), conditions: t.conditions, announceAt: beijingLocal(t.announceAt), closesAt: beijingLocal(t.closesAt) };
    }
    case "negotiated_discount": {
      const t = DiscountTermsSchema.parse(l.terms);
      return { ...base, proposedValue: yuan(t.proposedValue), takerName: t.takerName, pledgorPartyName: t.pledgorPartyName };
    }
  }
}

type DefaultsInput = { mode: ListingMode; preset: Preset; appraisal: bigint | null; attempt: number; previousStart: bigint | null; now: Date; title: string; takerName: string; pledgor: string };

/** The form's starting values, from defaultAuctionTerms(preset, appraisal) and the mode's usual terms. */
export function formDefaults(i: DefaultsInput): Record<string, string> {
  const base: Record<string, string> = { title: i.title, description: "", region: "CN-GD" };
  const d = defaultAuctionTerms(i.preset, i.appraisal, i.now);
  const closes30 = new Date(d.announceAt.getTime() + 30 * DAY);
  if (!isAuctionLike(i.mode)) {
    const value = i.appraisal !== null ? yuan(i.appraisal) : "";
    const timed = { announceAt: beijingLocal(d.announceAt), closesAt: beijingLocal(closes30) };
    if (i.mode === "licence") return { ...base, ...timed, licenceKind: "non_exclusive", termMonths: "36", fieldOfUse: "", territory: "", upfrontFee: i.appraisal !== null ? yuan(tenth(i.appraisal)) : "", royalty: "3", minimumAnnualRoyalty: "" };
    if (i.mode === "equity") return { ...base, ...timed, askingValue: value, conditions: "" };
    return { ...base, proposedValue: value, takerName: i.takerName, pledgorPartyName: i.pledgor };
  }
  let start = d.startPrice;
  let opensAt = d.opensAt;
  if (i.mode === "fixed_price" && i.appraisal !== null) start = fixedPriceFloor(i.appraisal);
  else if (i.attempt > 1 && i.previousStart !== null) {
    start = minRelistStart(i.previousStart);
    if (i.preset === "judicial") opensAt = new Date(d.announceAt.getTime() + JUDICIAL.noticeDaysReauction * DAY);
  }
  // Twenty working days need more than thirty calendar days around the long holidays.
  if (i.mode === "listed_transfer" && i.preset === "judicial") opensAt = new Date(d.announceAt.getTime() + 40 * DAY);
  const closesAt = new Date(opensAt.getTime() + (i.mode === "fixed_price" ? 30 * DAY : d.closesAt.getTime() - d.opensAt.getTime()));
  const increment = d.increment ?? (start >= 10_000_000n ? 500_000n : 100_000n);
  return {
    ...base,
    startPrice: yuan(start),
    deposit: yuan(tenth(start)),
    reserve: "",
    reserveHidden: d.reserveHidden ? "on" : "",
    incrementKind: d.incrementKind,
    increment: yuan(increment),
    announceAt: beijingLocal(d.announceAt),
    opensAt: beijingLocal(opensAt),
    closesAt: beijingLocal(closesAt),
    antiSnipeWindow: String(d.antiSnipeWindowSeconds / 60),
    antiSnipeExtension: String(d.antiSnipeExtensionSeconds / 60),
    proxyBids: d.proxyBids ? "on" : "",
    openingAt: beijingLocal(closesAt),
    evaluation: "price",
  };
}
