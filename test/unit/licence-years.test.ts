import { describe, expect, it } from "vitest";
import { addMonths, licenceYears, minimumShortfall } from "../../server/domain/proceeds/licence-years";

describe("licence years", () => {
  it.each([
    ["2026-01-31", 1, "2026-02-28"],
    ["2028-01-31", 1, "2028-02-29"],
    ["2026-11-27", 12, "2027-11-27"],
    ["2028-02-29", 12, "2029-02-28"],
    ["2026-12-15", 2, "2027-02-15"],
  ])("%s + %i months = %s", (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it("whole years carry the full minimum; a final part year is pro rata by days, floored", () => {
    expect(licenceYears("2026-11-27", 30, 100_000n)).toEqual([
      { index: 0, start: "2026-11-27", end: "2027-11-26", minimum: 100_000n },
      { index: 1, start: "2027-11-27", end: "2028-11-26", minimum: 100_000n },
      { index: 2, start: "2028-11-27", end: "2029-05-26", minimum: 49_589n },
    ]);
    expect(licenceYears("2026-01-01", 24, 1_000n).map((y) => y.minimum)).toEqual([1_000n, 1_000n]);
    expect(licenceYears("2026-01-01", 6, 365n)).toEqual([{ index: 0, start: "2026-01-01", end: "2026-06-30", minimum: 181n }]);
  });

  it("the shortfall is never negative", () => {
    expect(minimumShortfall(100n, 40n)).toBe(60n);
    expect(minimumShortfall(100n, 100n)).toBe(0n);
    expect(minimumShortfall(100n, 150n)).toBe(0n);
  });
});
