import { z } from "zod";
import { parseMajor } from "../../../server/domain/money";
import {
  AssetInputSchema,
  CalendarDateSchema,
  LoanRowSchema,
  MajorAmountSchema,
  PledgeRowBaseSchema,
  RegistryEventInputSchema,
  RiskSharingInputSchema,
  ValuationRowBaseSchema,
  type AssetInput,
  type DeclareDefaultInput,
  type LoanInput,
  type PledgeInput,
  type RegistryEventInput,
  type RiskSharingInput,
  type ValuationInput,
} from "../../../server/domain/schemas/collateral";
import { type FieldErrors, fieldErrorsOf } from "~/utils/form.server";
import { matchesPreset } from "./risk-sharing-form";
import type { DirectoryEntry, RiskSharingDraft } from "./types";

/**
 * Page forms → the commands of server/domain/schemas/collateral.ts. Amounts are typed in major units and
 * converted exactly (the *Row* schemas and parseMajor); never parseFloat.
 */
export type Parsed<T> = { ok: true; data: T } | { ok: false; fields: FieldErrors; values: Record<string, string> };

export function text(form: FormData, key: string): string | undefined {
  const value = form.get(key);
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** What was typed, to show the form again without JavaScript. */
export function echo(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of form) {
    if (key === "csrf" || typeof value !== "string") continue;
    out[key] = key in out ? `${out[key]}\n${value}` : value;
  }
  return out;
}

export function failed<T>(form: FormData, fields: FieldErrors): Parsed<T> {
  return { ok: false, fields, values: echo(form) };
}

/** "4.35" (percent a year, two decimals at most) → 435 basis points. */
export function percentToBps(value: string | undefined): number | "required" | "invalid" {
  if (value === undefined) return "required";
  const bps = parseMajor(value.replace(/%$/, ""), "CNY");
  if (bps === null || bps < 0n || bps > 10_000n) return "invalid";
  return Number(bps);
}

export function parseLoanForm(form: FormData): Parsed<LoanInput> {
  const rate = percentToBps(text(form, "rate"));
  const principal = text(form, "principal");
  const parsed = LoanRowSchema.safeParse({
    reference: text(form, "reference"),
    borrowerName: text(form, "borrowerName"),
    borrowerCreditCode: text(form, "borrowerCreditCode"),
    currency: text(form, "currency"),
    principal,
    rateBps: typeof rate === "number" ? rate : undefined,
    disbursedOn: text(form, "disbursedOn"),
    maturesOn: text(form, "maturesOn"),
    status: text(form, "status"),
    outstandingPrincipal: text(form, "outstandingPrincipal") ?? principal,
    accruedInterest: text(form, "accruedInterest"),
    penaltyInterest: text(form, "penaltyInterest"),
  });
  const fields: FieldErrors = parsed.success ? {} : fieldErrorsOf(parsed.error);
  delete fields.rateBps;
  if (typeof rate !== "number") fields.rate = [rate === "required" ? "required" : "rate_invalid"];
  if (!parsed.success || Object.keys(fields).length > 0) return failed(form, fields);
  return { ok: true, data: parsed.data };
}


/** The agreement as typed: lines of role, party, organisation on the exchange, share in percent. */
export function riskSharingDraft(form: FormData): RiskSharingDraft {
  const roles = form.getAll("role").map(String);
  const names = form.getAll("partyName").map(String);
  const orgs = form.getAll("organisationId").map(String);
  const shares = form.getAll("share").map(String);
  const lines = roles
    .map((role, i) => ({ role, partyName: (names[i] ?? "").trim(), organisationId: (orgs[i] ?? "").trim(), share: (shares[i] ?? "").trim() }))
    .filter((l) => l.partyName !== "" || l.organisationId !== "" || l.share !== "");
  return { mode: text(form, "mode") ?? "pro_rata", preset: text(form, "preset") ?? "", lines };
}

export function parseRiskSharing(draft: RiskSharingDraft, directory: readonly DirectoryEntry[]): { ok: true; data: RiskSharingInput } | { ok: false; fields: FieldErrors } {
  const fields: FieldErrors = {};
  const shares = draft.lines.map((line, i) => {
    const org = line.organisationId ? directory.find((d) => d.id === line.organisationId) : undefined;
    if (line.organisationId && !org) fields[`shares.${i}.organisationId`] = ["id_invalid"];
    const bps = line.share === "" ? null : parseMajor(line.share.replace(/%$/, ""), "CNY");
    if (bps === null) fields[`shares.${i}.shareBps`] = [line.share === "" ? "required" : "share_invalid"];
    return { role: line.role, partyName: line.partyName || org?.name || "", organisationId: org?.id ?? null, shareBps: bps === null ? 0 : Number(bps) };
  });
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  const parsed = RiskSharingInputSchema.safeParse({ mode: draft.mode, preset: matchesPreset(draft.preset, shares) ? draft.preset : null, shares });
  if (!parsed.success) return { ok: false, fields: fieldErrorsOf(parsed.error) };
  return { ok: true, data: parsed.data };
}

const DeclareDefaultFormSchema = z.object({
  defaultedOn: CalendarDateSchema,
  principal: MajorAmountSchema,
  interest: MajorAmountSchema,
  penaltyInterest: MajorAmountSchema,
  costs: MajorAmountSchema,
  confirm: z.literal("yes", { error: "confirm_required" }),
});

export function parseDeclareDefault(form: FormData): Parsed<DeclareDefaultInput> {
  const parsed = DeclareDefaultFormSchema.safeParse({
    defaultedOn: text(form, "defaultedOn"),
    principal: text(form, "principal"),
    interest: text(form, "interest") ?? "0",
    penaltyInterest: text(form, "penaltyInterest") ?? "0",
    costs: text(form, "costs") ?? "0",
    confirm: form.get("confirm") ?? undefined,
  });
  if (!parsed.success) return failed(form, fieldErrorsOf(parsed.error));
  const { confirm: _confirm, ...input } = parsed.data;
  return { ok: true, data: input };
}

/** "patent_invention|202310123456.7" → an asset reference. */
function assetRef(value: string) {
  const [type, ...rest] = value.split("|");
  return { type, registryNumber: rest.join("|") };
}

export function parsePledgeForm(form: FormData, loan: { reference: string; currency: string }): Parsed<PledgeInput> {
  const parsed = PledgeRowBaseSchema.safeParse({
    loanReference: loan.reference,
    registryPledgeNumber: text(form, "registryPledgeNumber"),
    registeredAt: text(form, "registeredAt"),
    pledgorName: text(form, "pledgorName"),
    pledgorCreditCode: text(form, "pledgorCreditCode"),
    securedAmount: text(form, "securedAmount"),
    currency: loan.currency,
    scope: text(form, "scope") ?? "",
    assets: form.getAll("asset").map(String).filter(Boolean).map(assetRef),
  });
  if (!parsed.success) return failed(form, fieldErrorsOf(parsed.error));
  return { ok: true, data: parsed.data };
}

type Ref = { type: string; registryNumber: string };

export function parseValuationForm(form: FormData, asset: Ref): Parsed<ValuationInput> {
  const parsed = ValuationRowBaseSchema.safeParse({
    asset: { type: asset.type, registryNumber: asset.registryNumber },
    appraiser: text(form, "appraiser"),
    method: text(form, "method"),
    amount: text(form, "amount"),
    currency: text(form, "currency"),
    valuedOn: text(form, "valuedOn"),
  });
  if (!parsed.success) return failed(form, fieldErrorsOf(parsed.error));
  return { ok: true, data: parsed.data };
}

export function parseEventForm(form: FormData, asset: Ref): Parsed<RegistryEventInput> {
  const parsed = RegistryEventInputSchema.safeParse({
    asset: { type: asset.type, registryNumber: asset.registryNumber },
    kind: text(form, "kind"),
    occurredOn: text(form, "occurredOn"),
    source: text(form, "source"),
    sourceRef: text(form, "sourceRef"),
    newStatus: text(form, "newStatus"),
    nextAnnuityDue: text(form, "nextAnnuityDue"),
    note: text(form, "note"),
  });
  if (!parsed.success) return failed(form, fieldErrorsOf(parsed.error));
  return { ok: true, data: parsed.data };
}

const splitList = (value: string | undefined, separator: RegExp) =>
  (value ?? "")
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean);

export function parseAssetForm(form: FormData): Parsed<AssetInput> {
  const parsed = AssetInputSchema.safeParse({
    type: text(form, "type"),
    registryNumber: text(form, "registryNumber"),
    title: text(form, "title"),
    owners: splitList(text(form, "owners"), /\r?\n/),
    classes: splitList(text(form, "classes"), /[,;，；]/),
    filedOn: text(form, "filedOn"),
    grantedOn: text(form, "grantedOn"),
    expiresOn: text(form, "expiresOn"),
    legalStatus: text(form, "legalStatus"),
    nextAnnuityDue: text(form, "nextAnnuityDue"),
    description: text(form, "description") ?? "",
  });
  if (!parsed.success) return failed(form, fieldErrorsOf(parsed.error));
  return { ok: true, data: parsed.data };
}
