import { describe, expect, it } from "vitest";
import { formatMajor, jsonSafe, minorDigits, parseMajor, ratioBps, toSafeNumber } from "../../server/domain/money";

const MAX = BigInt(Number.MAX_SAFE_INTEGER);
const MIN = BigInt(Number.MIN_SAFE_INTEGER);

/** A seeded generator, so a failing case can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A bigint of 1 to 30 random digits, either sign. */
function randomBigint(random: () => number): bigint {
  const length = 1 + Math.floor(random() * 30);
  const digits = Array.from({ length }, () => Math.floor(random() * 10)).join("");
  const value = BigInt(digits);
  return random() < 0.5 ? -value : value;
}

describe("minorDigits", () => {
  it.each([
    ["CNY", 2],
    ["USD", 2],
    ["EUR", 2],
    ["HKD", 2],
    ["XYZ", 2],
  ])("%s has %i minor digits", (currency, digits) => {
    expect(minorDigits(currency)).toBe(digits);
  });
});

describe("parseMajor", () => {
  it.each<[string, bigint]>([
    ["1,234,567.89", 123_456_789n],
    ["1234567.89", 123_456_789n],
    ["1234567", 123_456_700n],
    ["0.1", 10n],
    ["0.10", 10n],
    ["0.01", 1n],
    ["0", 0n],
    ["-0", 0n],
    ["00012.5", 1_250n],
    ["10,000,000.00", 1_000_000_000n],
    ["-1.5", -150n],
    ["-0.01", -1n],
    ["-1,234.56", -123_456n],
    ["  12.30 ", 1_230n],
    ["\t42\n", 4_200n],
    ["\u00a0 7.07", 707n],
    // Far beyond a double's precision, still exact.
    ["90071992547409930.01", 9_007_199_254_740_993_001n],
    ["123456789012345678901234567890.99", 12_345_678_901_234_567_890_123_456_789_099n],
  ])("reads %j as %s minor units", (text, minor) => {
    expect(parseMajor(text, "CNY")).toBe(minor);
  });

  it.each([
    "1_000",
    "1.005",
    "0.001",
    "1e3",
    "1E3",
    "1.5e2",
    "",
    "   ",
    "-",
    "+1",
    "--1",
    ".5",
    "1.",
    "1.2.3",
    "abc",
    "12abc",
    "0x10",
    "Infinity",
    "NaN",
    "１２３",
    "¥100",
    "100 CNY",
    "1-",
  ])("refuses %j", (text) => {
    expect(parseMajor(text, "CNY")).toBeNull();
  });

  it("refuses a comma that cannot be a thousands separator", () => {
    expect(["1,5", "12,34", "1 234 567,89"].map((text) => parseMajor(text, "CNY"))).toEqual([null, null, null]);
  });
});

describe("formatMajor", () => {
  it.each<[bigint, string]>([
    [123_456_789n, "1234567.89"],
    [100n, "1.00"],
    [10n, "0.10"],
    [5n, "0.05"],
    [0n, "0.00"],
    [-5n, "-0.05"],
    [-123_456n, "-1234.56"],
    [12_345_678_901_234_567_890_123_456_789_099n, "123456789012345678901234567890.99"],
  ])("writes %s minor units as %j", (minor, text) => {
    expect(formatMajor(minor, "CNY")).toBe(text);
  });

  it("round-trips with parseMajor for 5,000 seeded random bigints", () => {
    const random = mulberry32(424_242);
    const wrong: string[] = [];
    for (let n = 0; n < 5_000; n++) {
      const amount = randomBigint(random);
      const text = formatMajor(amount, "CNY");
      if (parseMajor(text, "CNY") !== amount) wrong.push(`${amount} → ${text} → ${parseMajor(text, "CNY")}`);
      // And back: the text is already canonical.
      if (formatMajor(parseMajor(text, "CNY") ?? 0n, "CNY") !== text) wrong.push(`not canonical: ${text}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe("toSafeNumber", () => {
  it.each<[bigint, number]>([
    [0n, 0],
    [123_456_789n, 123_456_789],
    [-1n, -1],
    [MAX, Number.MAX_SAFE_INTEGER],
    [MIN, Number.MIN_SAFE_INTEGER],
  ])("turns %s into a number", (amount, expected) => {
    expect(toSafeNumber(amount)).toBe(expected);
  });

  it.each([MAX + 1n, MIN - 1n, 10n ** 30n, -(10n ** 30n)])("throws a RangeError for %s", (amount) => {
    expect(() => toSafeNumber(amount)).toThrow(RangeError);
  });
});

describe("ratioBps", () => {
  it.each<[bigint, bigint, number | null]>([
    [1n, 1n, 10_000],
    [0n, 5n, 0],
    [1n, 2n, 5_000],
    [2n, 3n, 6_666],
    [12_000n, 10_000n, 12_000],
    // Rounded down: one fen short of the exposure is below 1.0.
    [99_999_999n, 100_000_000n, 9_999],
    [100_000_000n, 100_000_000n, 10_000],
    [10n ** 30n, 10n ** 26n, 100_000_000],
    [5n, 0n, null],
    [5n, -1n, null],
  ])("ratioBps(%s, %s) is %s", (numerator, denominator, expected) => {
    expect(ratioBps(numerator, denominator)).toBe(expected);
  });
});

describe("jsonSafe", () => {
  it("turns bigints into numbers and dates into ISO strings, deeply", () => {
    const input = {
      amount: 123_456_789n,
      at: new Date("2026-03-01T08:30:00.000Z"),
      name: "Loan A",
      ok: true,
      nothing: null,
      lines: [{ shareBps: 5_400, paid: 12n }, [1n, new Date(0)]],
      nested: { deeper: { amounts: [MAX, MIN] } },
    };
    expect(jsonSafe(input)).toEqual({
      amount: 123_456_789,
      at: "2026-03-01T08:30:00.000Z",
      name: "Loan A",
      ok: true,
      nothing: null,
      lines: [{ shareBps: 5_400, paid: 12 }, [1, "1970-01-01T00:00:00.000Z"]],
      nested: { deeper: { amounts: [Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER] } },
    });
  });

  it("leaves its input untouched and survives JSON.stringify", () => {
    const input = { amount: 5n, list: [6n] };
    const out = jsonSafe(input);
    expect(input).toEqual({ amount: 5n, list: [6n] });
    expect(JSON.stringify(out)).toBe('{"amount":5,"list":[6]}');
  });

  it.each<[string, unknown]>([
    ["a bare bigint", MAX + 1n],
    ["a field", { amount: MAX + 1n }],
    ["an array item", [1n, MIN - 1n]],
    ["a deep field", { a: [{ b: { c: 10n ** 20n } }] }],
  ])("throws a RangeError beyond the safe range in %s", (_label, value) => {
    expect(() => jsonSafe(value)).toThrow(RangeError);
  });

  it.each<[unknown, unknown]>([
    [5n, 5],
    ["text", "text"],
    [42, 42],
    [null, null],
    [undefined, undefined],
    [false, false],
  ])("maps the scalar %s to %s", (value, expected) => {
    expect(jsonSafe(value)).toBe(expected);
  });
});
