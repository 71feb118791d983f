import { useTranslation } from "react-i18next";
import { JUDICIAL, fixedPriceFloor, minRelistStart } from "../../../server/domain/listings/presets";
import type { ListingMode, Preset } from "../../../server/domain/listings/vocabulary";
import { Badge } from "~/components/collateral/badges";
import { useFormat } from "~/components/collateral/format";

/** The preset's rules in plain words, and the rule codes of checkAuctionTerms as sentences. */
export const AUCTION_LIKE: readonly ListingMode[] = ["english_auction", "tender", "listed_transfer", "fixed_price"];
export const isAuctionLike = (mode: string) => (AUCTION_LIKE as readonly string[]).includes(mode);

export type RuleContext = { mode: ListingMode; preset: Preset; appraisal: number | null; attempt: number; previousStart: number | null };
export type RuleField = "mode" | "startPrice" | "reserve" | "deposit" | "increment" | "opensAt" | "closesAt" | "antiSniping" | "proxyBids" | "tender";
export type Violation = { rule: string; field: string; params?: Record<string, string | number> };

/** Params given in minor units (formatted as money) or in seconds (shown in minutes). */
const MONEY_PARAMS = new Set(["judicial.start_below_70", "judicial.cut_over_20", "judicial.fixed_price_floor", "judicial.deposit_range", "private.deposit_range"]);
const SECOND_PARAMS = new Set(["judicial.anti_sniping_fixed", "private.anti_sniping_window", "private.extension_min"]);

/** Where a violation is shown: the service names terms fields, the form has its own names. */
export function violationField(field: string): string {
  if (field === "antiSnipeWindowSeconds") return "antiSnipeWindow";
  if (field === "antiSnipeExtensionSeconds") return "antiSnipeExtension";
  return field;
}

const startFloor = (appraisal: number) => Number((BigInt(appraisal) * BigInt(JUDICIAL.startMinBpsOfAppraisal) + 9_999n) / 10_000n);

export function useRules() {
  const { t } = useTranslation();
  const { money } = useFormat();
  const cny = (minor: number | string) => money(Number(minor), "CNY");

  function violationText(v: Violation): string {
    const params: Record<string, string | number> = { ...v.params };
    if (MONEY_PARAMS.has(v.rule)) for (const key of ["min", "max"]) if (params[key] !== undefined) params[key] = cny(params[key]!);
    if (SECOND_PARAMS.has(v.rule)) {
      for (const key of ["min", "max"]) if (params[key] !== undefined) params[key] = Number(params[key]) / 60;
      if (params.seconds !== undefined) params.minutes = Number(params.seconds) / 60;
    }
    return t(`listings.rules.${v.rule}`, { ...params, defaultValue: t("errors.PRESET_VIOLATION") });
  }

  /** Each rule of the preset, by the field it concerns, in plain words. */
  function explain(ctx: RuleContext): Partial<Record<RuleField, string[]>> {
    const out: Partial<Record<RuleField, string[]>> = {};
    const add = (field: RuleField, text: string) => (out[field] ??= []).push(text);
    if (ctx.mode === "listed_transfer") add("mode", t("listings.explain.listedTransfer"));
    if (ctx.mode === "licence") add("mode", t("listings.explain.licence"));
    if (ctx.mode === "equity") add("mode", t("listings.explain.equity"));
    if (ctx.mode === "negotiated_discount") add("mode", t("listings.explain.discount"));
    if (ctx.mode === "tender") add("tender", t("listings.explain.tenderForm"));
    if (!isAuctionLike(ctx.mode)) return out;
    if (ctx.preset === "judicial") {
      if (ctx.mode === "fixed_price") {
        if (ctx.appraisal !== null) add("startPrice", t("listings.explain.judicialFixedPrice", { min: cny(fixedPriceFloor(BigInt(ctx.appraisal)).toString()) }));
      } else if (ctx.attempt > 1) {
        if (ctx.previousStart !== null) add("startPrice", t("listings.explain.judicialReauctionStart", { attempt: ctx.attempt, previous: cny(ctx.previousStart), min: cny(minRelistStart(BigInt(ctx.previousStart)).toString()) }));
      } else if (ctx.appraisal !== null) {
        add("startPrice", t("listings.explain.judicialStart", { min: cny(startFloor(ctx.appraisal)) }));
      } else {
        add("startPrice", t("listings.explain.judicialStartNoAppraisal"));
      }
      add("deposit", t("listings.explain.judicialDeposit"));
      if (ctx.mode === "listed_transfer") add("opensAt", t("listings.explain.judicialNoticeWorkingDays"));
      else add("opensAt", t("listings.explain.judicialNotice", { days: ctx.attempt > 1 ? JUDICIAL.noticeDaysReauction : JUDICIAL.noticeDaysFirst }));
      if (ctx.mode !== "fixed_price") add("closesAt", t("listings.explain.judicialBidding"));
      add("antiSniping", t("listings.explain.judicialAntiSniping"));
      add("increment", t("listings.explain.judicialIncrement"));
      add("proxyBids", t("listings.explain.judicialProxy"));
      return out;
    }
    add("startPrice", t("listings.explain.privateStart"));
    add("deposit", t("listings.explain.privateDeposit"));
    add("opensAt", t("listings.explain.privateNotice"));
    if (ctx.mode !== "fixed_price") add("closesAt", t("listings.explain.privateBidding"));
    add("antiSniping", t("listings.explain.privateAntiSniping"));
    add("increment", t("listings.explain.privateIncrement"));
    add("increment", t("listings.explain.stepped"));
    add("proxyBids", t("listings.explain.privateProxy"));
    return out;
  }

  return { violationText, explain };
}

/** The rules as one list (public page, form summary). */
export function RuleList({ ctx, extra = [] }: { ctx: RuleContext; extra?: string[] }) {
  const { t } = useTranslation();
  const { explain } = useRules();
  const lines = [...Object.values(explain(ctx)).flat(), ...extra];
  return (
    <div className="rounded-md border border-brand-100 bg-brand-50 p-4 text-sm text-brand-900" data-testid="listing-rules">
      <p className="font-medium">
        {t("listings.explain.title")} · {t(`listings.preset.${ctx.preset}`)}
      </p>
      <p className="mt-1 text-brand-800">{t(`listings.presetLead.${ctx.preset}`)}</p>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}

const STATUS_TONES: Record<string, "green" | "amber" | "red" | "slate" | "blue"> = {
  draft: "slate",
  in_review: "amber",
  announced: "blue",
  open: "green",
  closed: "slate",
  awarded: "green",
  unsold: "red",
  settled: "blue",
  withdrawn: "slate",
};

export function ListingStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Badge tone={STATUS_TONES[status] ?? "slate"}>{t(`listings.status.${status}`)}</Badge>;
}
