import { MAX_CRITERIA, type TenderScoring } from "../../../server/domain/bidding/tender-scoring";

/**
 * The listing form's fields for a weighted tender's published scoring: `priceWeight`, then per criterion n
 * (1–4) `criterion<n>Label`, `…Weight`, `…Better`, `…Min`, `…Max`. A criterion row left blank is not one.
 */
const PARTS = ["label", "weight", "better", "min", "max"] as const;
type Part = (typeof PARTS)[number];

export const CRITERION_ROWS = Array.from({ length: MAX_CRITERIA }, (_, i) => i + 1);
export const criterionField = (n: number, part: Part) => `criterion${n}${part[0]!.toUpperCase()}${part.slice(1)}`;

const WHOLE = /^-?\d{1,10}$/;

/** The scoring as the form typed it, for the terms schema to judge; `fail` records a field that is not a whole number. */
export function scoringFromForm(form: FormData, fail: (name: string, code: string) => void): unknown {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const whole = (name: string) => {
    const value = text(name);
    if (value === "") return void fail(name, "required");
    if (!WHOLE.test(value)) return void fail(name, "whole_number");
    return Number(value);
  };
  const filled = CRITERION_ROWS.filter((n) => (["label", "weight", "min", "max"] as const).some((part) => text(criterionField(n, part)) !== ""));
  return {
    priceWeight: whole("priceWeight"),
    criteria: filled.map((n) => ({ label: text(criterionField(n, "label")), weight: whole(criterionField(n, "weight")), better: text(criterionField(n, "better")), min: whole(criterionField(n, "min")), max: whole(criterionField(n, "max")) })),
  };
}

/** A stored scoring as the form's values: the inverse of scoringFromForm. */
export function scoringFormValues(scoring: TenderScoring | undefined): Record<string, string> {
  if (!scoring) return {};
  const rows = scoring.criteria.flatMap((c, i) => PARTS.map((part) => [criterionField(i + 1, part), String(c[part])]));
  return { priceWeight: String(scoring.priceWeight), ...Object.fromEntries(rows) };
}

/** The form field that shows an error zod reports under `tender.scoring…`, or null for any other path. */
export function scoringFieldOf(termsPath: string): string | null {
  if (termsPath === "tender.scoring" || termsPath === "tender.scoring.priceWeight") return "priceWeight";
  if (termsPath === "tender.scoring.criteria") return criterionField(1, "label");
  const match = /^tender\.scoring\.criteria\.(\d+)\.(\w+)$/.exec(termsPath);
  return match && (PARTS as readonly string[]).includes(match[2]!) ? criterionField(Number(match[1]) + 1, match[2] as Part) : null;
}
