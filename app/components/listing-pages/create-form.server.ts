import { json, redirect } from "@remix-run/node";
import { parseMajor } from "../../../server/domain/money";
import { CreateListingSchema, type CreateListingInput, termsSchemaFor } from "../../../server/domain/schemas/listings";
import { LISTING_MODES } from "../../../server/domain/listings/vocabulary";
import { echo } from "~/components/collateral/forms.server";
import { scoringFieldOf, scoringFromForm } from "~/components/tender/scoring-form";
import { type FieldErrors, fieldErrorsOf } from "~/utils/form.server";
import { type Violation, isAuctionLike } from "./rules";
import type { CreateReply } from "./terms-fields";

/**
 * The create form → CreateListingInput. Amounts are typed in yuan and converted exactly to fen (parseMajor);
 * times come from datetime-local inputs in Beijing time and are sent with their +08:00 offset; anti-sniping
 * is typed in minutes. Field errors are keyed by the form's own field names.
 */
export type ParsedListing = { ok: true; data: CreateListingInput } | { ok: false; fields: FieldErrors };

const LOCAL_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/** Terms keys (as zod reports them) → the form field that shows the error. */
const FORM_FIELD: Record<string, string> = {
  "tender.openingAt": "openingAt",
  "tender.evaluation": "evaluation",
  antiSnipeWindowSeconds: "antiSnipeWindow",
  antiSnipeExtensionSeconds: "antiSnipeExtension",
  royaltyBps: "royalty",
  kind: "licenceKind",
};

export const formFieldOf = (termsPath: string) => FORM_FIELD[termsPath] ?? scoringFieldOf(termsPath) ?? termsPath;

export function parseCreateListing(form: FormData): ParsedListing {
  const fields: FieldErrors = {};
  const fail = (name: string, code: string) => (fields[name] ??= []).push(code);
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
  };
  const amount = (name: string, required = true): number | null | undefined => {
    const value = text(name);
    if (value === undefined) {
      if (required) fail(name, "required");
      return required ? undefined : null;
    }
    const minor = parseMajor(value, "CNY");
    if (minor === null || minor > BigInt(Number.MAX_SAFE_INTEGER)) return void fail(name, "amount_invalid");
    if (minor < 0n) return void fail(name, "amount_negative");
    return Number(minor);
  };
  const instant = (name: string): string | undefined => {
    const value = text(name);
    if (value === undefined) return void fail(name, "required");
    if (!LOCAL_DATETIME.test(value)) return void fail(name, "datetime_invalid");
    return `${value}${value.length === 16 ? ":00" : ""}+08:00`;
  };
  const minutes = (name: string): number | undefined => {
    const value = text(name) ?? "0";
    if (!/^\d{1,4}$/.test(value)) return void fail(name, "minutes_invalid");
    return Number(value) * 60;
  };

  const mode = text("mode") ?? "";
  let terms: Record<string, unknown> = {};
  if (isAuctionLike(mode)) {
    const incrementKind = text("incrementKind") ?? "fixed";
    terms = {
      startPrice: amount("startPrice"),
      reserve: amount("reserve", false),
      reserveHidden: form.get("reserveHidden") === "on",
      incrementKind,
      increment: incrementKind === "fixed" ? amount("increment") : null,
      deposit: amount("deposit"),
      announceAt: instant("announceAt"),
      opensAt: instant("opensAt"),
      closesAt: instant("closesAt"),
      antiSnipeWindowSeconds: minutes("antiSnipeWindow"),
      antiSnipeExtensionSeconds: minutes("antiSnipeExtension"),
      proxyBids: form.get("proxyBids") === "on",
      ...(mode === "tender" ? { tender: { openingAt: instant("openingAt"), evaluation: text("evaluation"), ...(text("evaluation") === "weighted" ? { scoring: scoringFromForm(form, fail) } : {}) } } : {}),
    };
  } else if (mode === "licence") {
    const royalty = text("royalty") ?? "0";
    const bps = parseMajor(royalty.replace(/%$/, ""), "CNY");
    if (bps === null || bps < 0n || bps > 10_000n) fail("royalty", "royalty_invalid");
    const months = text("termMonths");
    if (months === undefined) fail("termMonths", "required");
    else if (!/^\d{1,4}$/.test(months)) fail("termMonths", "term_invalid");
    terms = {
      kind: text("licenceKind"),
      fieldOfUse: text("fieldOfUse") ?? "",
      territory: text("territory") ?? "",
      termMonths: months && /^\d{1,4}$/.test(months) ? Number(months) : undefined,
      upfrontFee: amount("upfrontFee"),
      royaltyBps: bps === null ? undefined : Number(bps),
      minimumAnnualRoyalty: amount("minimumAnnualRoyalty", false) ?? 0,
      announceAt: instant("announceAt"),
      closesAt: instant("closesAt"),
    };
  } else if (mode === "equity") {
    terms = { askingValue: amount("askingValue"), conditions: text("conditions") ?? "", announceAt: instant("announceAt"), closesAt: instant("closesAt") };
  } else if (mode === "negotiated_discount") {
    terms = { proposedValue: amount("proposedValue"), takerName: text("takerName") ?? "", pledgorPartyName: text("pledgorPartyName") ?? "" };
  }

  const listing = CreateListingSchema.safeParse({
    mode,
    preset: text("preset"),
    title: text("title") ?? "",
    description: text("description") ?? "",
    region: text("region") ?? "CN-GD",
    assetIds: form.getAll("asset").map(String).filter(Boolean),
    disposalCaseId: text("case") ?? null,
    terms,
  });
  if (!listing.success) for (const [key, codes] of Object.entries(fieldErrorsOf(listing.error))) for (const code of codes) fail(key, code);
  if ((LISTING_MODES as readonly string[]).includes(mode)) {
    const parsedTerms = termsSchemaFor(mode as (typeof LISTING_MODES)[number]).safeParse(terms);
    if (!parsedTerms.success) {
      for (const [key, codes] of Object.entries(fieldErrorsOf(parsedTerms.error))) {
        const name = formFieldOf(key);
        // A field that failed to parse already carries its own error; zod's "expected number" adds nothing.
        if (!fields[name]) for (const code of codes) fail(name, code);
      }
    }
  }
  if (!listing.success || Object.keys(fields).length > 0) return { ok: false, fields };
  return { ok: true, data: listing.data };
}

type Saved = { ok: true; id: string } | { ok: false; code: string; details?: Record<string, unknown> };

/**
 * The create and edit actions once CSRF and the permission are checked: parse the form, save it through the
 * service, then go to the listing with a notice, or answer the form with field errors and the preset's
 * violations (each naming its rule), keeping what was typed.
 */
export async function saveTermsForm(form: FormData, save: (input: CreateListingInput) => Promise<Saved>, done: "created" | "edited") {
  const values = echo(form);
  const reply = (data: Partial<CreateReply>, status: number) => json<CreateReply>({ formError: "INVALID", fields: {}, violations: [], values, ...data }, { status });
  const parsed = parseCreateListing(form);
  if (!parsed.ok) return reply({ fields: parsed.fields }, 400);
  const result = await save(parsed.data);
  if (result.ok) return redirect(`/listings/${result.id}?done=${done}`);
  if (result.code === "PRESET_VIOLATION") return reply({ formError: "PRESET_VIOLATION", violations: (result.details?.violations ?? []) as Violation[] }, 422);
  if (result.code === "INVALID") {
    const fields: Record<string, string[]> = {};
    for (const issue of (result.details?.issues ?? []) as Array<{ path: string; code: string }>) (fields[formFieldOf(issue.path.replace(/^terms\./, ""))] ??= []).push(issue.code);
    return reply({ fields }, 400);
  }
  return reply({ formError: result.code }, result.code === "NOT_FOUND" ? 404 : 409);
}
