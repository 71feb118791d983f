/** Money is an integer of minor units (fen, cents) with a currency; never a float. */
export type Money = { amount: bigint; currency: string };

const MINOR_DIGITS: Record<string, number> = { CNY: 2, USD: 2, EUR: 2, HKD: 2 };

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency] ?? 2;
}

/**
 * Parses a decimal written by a person or a file ("1,234,567.89", "1234567") into minor units, exactly.
 * Returns null for anything else: no rounding, no floats, no exponents.
 */
export function parseMajor(text: string, currency: string): bigint | null {
  const digits = minorDigits(currency);
  // Commas only as thousands separators in groups of three: "1,5" (a decimal comma elsewhere) is refused.
  const match = text.trim().match(new RegExp(`^(-?)(\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.(\\d{1,${digits}}))?$`));
  if (!match) return null;
  const fraction = (match[3] ?? "").padEnd(digits, "0");
  const value = BigInt(match[2]!.replace(/,/g, "")) * 10n ** BigInt(digits) + BigInt(fraction || "0");
  return match[1] === "-" ? -value : value;
}

/** Minor units as a plain decimal string ("1234567.89"), for files and inputs. */
export function formatMajor(amount: bigint, currency: string): string {
  const digits = minorDigits(currency);
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const scale = 10n ** BigInt(digits);
  const text = digits === 0 ? `${abs}` : `${abs / scale}.${(abs % scale).toString().padStart(digits, "0")}`;
  return negative ? `-${text}` : text;
}

/** For JSON at the edge: a bigint that fits a JS safe integer, or an error (never silent precision loss). */
export function toSafeNumber(amount: bigint): number {
  if (amount > BigInt(Number.MAX_SAFE_INTEGER) || amount < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`amount ${amount} exceeds the safe integer range`);
  }
  return Number(amount);
}

/** Ratio in basis points, rounded down: coverage 1.0 is 10,000. Null when the denominator is zero. */
export function ratioBps(numerator: bigint, denominator: bigint): number | null {
  if (denominator <= 0n) return null;
  return Number((numerator * 10_000n) / denominator);
}

export type JsonSafe<T> = T extends bigint
  ? number
  : T extends Date
    ? string
    : T extends ReadonlyArray<infer U>
      ? JsonSafe<U>[]
      : T extends object
        ? { [K in keyof T]: JsonSafe<T[K]> }
        : T;

/** For loaders and API answers: bigints become safe integers (or throw), dates ISO strings, deeply. */
export function jsonSafe<T>(value: T): JsonSafe<T> {
  if (typeof value === "bigint") return toSafeNumber(value) as JsonSafe<T>;
  if (value instanceof Date) return value.toISOString() as JsonSafe<T>;
  if (Array.isArray(value)) return value.map(jsonSafe) as JsonSafe<T>;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)])) as JsonSafe<T>;
  }
  return value as JsonSafe<T>;
}
