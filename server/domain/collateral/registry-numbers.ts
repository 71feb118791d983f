import type { AssetType } from "./vocabulary";

/**
 * Registry numbers in the registries' own formats (CNIPA patents and trademarks, CPCC copyrights).
 * Patent application numbers since 2003: year, type digit, 7-digit serial, "." and a check digit
 * (weights 2..9,2..5 over the 12 digits, sum mod 11, 10 written X). An optional "ZL" prefix is accepted.
 */
const PATENT_TYPE_DIGITS: Record<string, readonly string[]> = {
  patent_invention: ["1", "8"],
  patent_utility_model: ["2", "9"],
  patent_design: ["3"],
};
const WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];

export function patentCheckDigit(twelveDigits: string): string {
  const sum = [...twelveDigits].reduce((acc, d, i) => acc + Number(d) * WEIGHTS[i]!, 0);
  const check = sum % 11;
  return check === 10 ? "X" : String(check);
}

export type RegistryNumberCheck = { ok: true; normalised: string } | { ok: false; code: "registry_number_format" | "registry_number_check_digit" | "registry_number_type" };

export function checkRegistryNumber(type: AssetType, raw: string): RegistryNumberCheck {
  const upper = raw.trim().toUpperCase();
  const value = type.startsWith("patent_") ? upper.replace(/^ZL/, "") : upper;
  switch (type) {
    case "patent_invention":
    case "patent_utility_model":
    case "patent_design": {
      const match = value.match(/^((?:19|20)\d{2})(\d)(\d{7})\.([\dX])$/);
      if (!match) return { ok: false, code: "registry_number_format" };
      if (!PATENT_TYPE_DIGITS[type]!.includes(match[2]!)) return { ok: false, code: "registry_number_type" };
      const digits = `${match[1]}${match[2]}${match[3]}`;
      if (patentCheckDigit(digits) !== match[4]) return { ok: false, code: "registry_number_check_digit" };
      return { ok: true, normalised: `${digits}.${match[4]}` };
    }
    case "trademark":
      return /^\d{7,8}$/.test(value) ? { ok: true, normalised: value } : { ok: false, code: "registry_number_format" };
    case "copyright_software":
      return /^(19|20)\d{2}SR\d{6,7}$/.test(value) ? { ok: true, normalised: value } : { ok: false, code: "registry_number_format" };
    case "copyright_work": {
      const work = raw.trim().toUpperCase();
      return /^国作登字-(19|20)\d{2}-[A-Z]-\d{8}$/.test(work) ? { ok: true, normalised: work } : { ok: false, code: "registry_number_format" };
    }
  }
}

/** IPC symbol as written on patent documents, e.g. "H04L 9/32". */
export function isIpcClass(value: string): boolean {
  return /^[A-H]\d{2}[A-Z] ?\d{1,4}\/\d{2,6}$/.test(value.trim());
}

/** Nice classification: classes 1 to 45. */
export function isNiceClass(value: string): boolean {
  return /^\d{1,2}$/.test(value.trim()) && Number(value) >= 1 && Number(value) <= 45;
}

/** Locarno classification of industrial designs (China's design patents), e.g. "14-03". */
export function isLocarnoClass(value: string): boolean {
  const match = value.trim().match(/^(\d{2})-(\d{2})$/);
  return Boolean(match) && Number(match![1]) >= 1 && Number(match![1]) <= 32;
}

export function checkClasses(type: AssetType, classes: readonly string[]): boolean {
  if (type === "patent_design") return classes.every(isLocarnoClass);
  if (type.startsWith("patent_")) return classes.every(isIpcClass);
  if (type === "trademark") return classes.every(isNiceClass);
  return true;
}
