import { describe, expect, it } from "vitest";
import { addWorkingDays, isWorkingDay, workingDaysBetween } from "../../server/domain/listings/working-days";

/**
 * The 2026 State Council holiday notice, written out by hand as ranges (independent of the shipped table):
 * New Year 1–3 Jan (work Sun 4 Jan); Spring Festival 15–23 Feb (work Sat 14 Feb, Sat 28 Feb);
 * Qingming 4–6 Apr; Labour Day 1–5 May (work Sat 9 May); Dragon Boat 19–21 Jun; Mid-Autumn 25–27 Sep;
 * National Day 1–7 Oct (work Sun 20 Sep, Sat 10 Oct).
 */
const HOLIDAY_RANGES_2026: Array<[first: string, last: string]> = [
  ["2026-01-01", "2026-01-03"],
  ["2026-02-15", "2026-02-23"],
  ["2026-04-04", "2026-04-06"],
  ["2026-05-01", "2026-05-05"],
  ["2026-06-19", "2026-06-21"],
  ["2026-09-25", "2026-09-27"],
  ["2026-10-01", "2026-10-07"],
];
const MAKEUP_2026 = ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"];

const DAY_MS = 86_400_000;
const toMs = (date: string) => Date.parse(`${date}T00:00:00Z`);
const toDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A naive working-day calendar for 2026: every day, one by one. */
function naiveCalendar2026(): Map<string, boolean> {
  const holidays = new Set<string>();
  for (const [first, last] of HOLIDAY_RANGES_2026) for (let ms = toMs(first); ms <= toMs(last); ms += DAY_MS) holidays.add(toDate(ms));
  const calendar = new Map<string, boolean>();
  for (let ms = toMs("2026-01-01"); ms <= toMs("2026-12-31"); ms += DAY_MS) {
    const date = toDate(ms);
    const weekend = [0, 6].includes(new Date(ms).getUTCDay());
    calendar.set(date, MAKEUP_2026.includes(date) || (!weekend && !holidays.has(date)));
  }
  return calendar;
}

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

describe("isWorkingDay", () => {
  it.each<[date: string, label: string, working: boolean]>([
    ["2026-03-02", "Monday", true],
    ["2026-03-06", "Friday", true],
    ["2026-03-07", "Saturday", false],
    ["2026-03-08", "Sunday", false],
    ["2026-01-01", "New Year's Day (Thursday)", false],
    ["2026-01-04", "New Year make-up (Sunday)", true],
    ["2026-02-13", "the Friday before Spring Festival", true],
    ["2026-02-14", "Spring Festival make-up (Saturday)", true],
    ["2026-02-15", "Spring Festival, first day (Sunday)", false],
    ["2026-02-17", "Spring Festival (Tuesday)", false],
    ["2026-02-23", "Spring Festival, last day (Monday)", false],
    ["2026-02-24", "the Tuesday after Spring Festival", true],
    ["2026-02-28", "Spring Festival make-up (Saturday)", true],
    ["2026-05-09", "Labour Day make-up (Saturday)", true],
    ["2026-09-20", "National Day make-up (Sunday)", true],
    ["2026-09-30", "the Wednesday before National Day", true],
    ["2026-10-01", "National Day (Thursday)", false],
    ["2026-10-05", "National Day (Monday)", false],
    ["2026-10-07", "National Day, last day (Wednesday)", false],
    ["2026-10-08", "the Thursday after National Day", true],
    ["2026-10-10", "National Day make-up (Saturday)", true],
    ["2026-10-11", "the Sunday after the make-up day", false],
  ])("%s, %s → %s", (date, _label, working) => {
    expect(isWorkingDay(date)).toBe(working);
  });

  it("agrees with the hand-written 2026 calendar on every day of the year", () => {
    const calendar = naiveCalendar2026();
    const disagreements = [...calendar].filter(([date, working]) => isWorkingDay(date) !== working).map(([date]) => date);
    expect(disagreements).toEqual([]);
  });

  it("counts 248 working days in 2026 (261 weekdays − 19 weekday holidays + 6 make-up days)", () => {
    expect(workingDaysBetween("2025-12-31", "2026-12-31")).toBe(248);
  });
});

describe("addWorkingDays", () => {
  it.each<[from: string, n: number, expected: string]>([
    ["2026-03-02", 0, "2026-03-02"],
    ["2026-03-02", 1, "2026-03-03"],
    ["2026-03-06", 1, "2026-03-09"],
    ["2026-03-07", 1, "2026-03-09"],
    // National Day week: nothing counts from 1 to 7 October; Saturday 10 October does.
    ["2026-09-30", 1, "2026-10-08"],
    ["2026-09-30", 2, "2026-10-09"],
    ["2026-09-30", 3, "2026-10-10"],
    ["2026-09-30", 4, "2026-10-12"],
    ["2026-10-01", 1, "2026-10-08"],
    ["2026-09-28", 20, "2026-10-30"],
    // Spring Festival: Saturday 14 February is worked, then nothing until the 24th.
    ["2026-02-13", 1, "2026-02-14"],
    ["2026-02-13", 2, "2026-02-24"],
  ])("%s + %i working days = %s", (from, n, expected) => {
    expect(addWorkingDays(from, n)).toBe(expected);
  });
});

describe("workingDaysBetween (after `from`, up to and including `to`)", () => {
  it.each<[from: string, to: string, expected: number]>([
    ["2026-03-02", "2026-03-02", 0],
    ["2026-03-02", "2026-03-03", 1],
    ["2026-03-02", "2026-03-09", 5],
    ["2026-03-09", "2026-03-02", 0],
    ["2026-09-30", "2026-10-07", 0],
    ["2026-09-30", "2026-10-08", 1],
    ["2026-09-30", "2026-10-11", 3],
    // 32 calendar days, 20 working days.
    ["2026-09-28", "2026-10-30", 20],
    ["2026-09-28", "2026-10-29", 19],
    ["2026-02-13", "2026-02-24", 2],
  ])("%s → %s: %i", (from, to, expected) => {
    expect(workingDaysBetween(from, to)).toBe(expected);
  });

  it("is the inverse of addWorkingDays", () => {
    for (let n = 0; n <= 40; n += 1) expect(workingDaysBetween("2026-09-25", addWorkingDays("2026-09-25", n))).toBe(n);
  });
});

describe("against a naive day-by-day recomputation over 2026", () => {
  const calendar = naiveCalendar2026();
  const days = [...calendar.keys()];
  const random = mulberry32(2_026);
  const pick = (last: number) => Math.floor(random() * (last + 1));

  it("workingDaysBetween matches for 1,000 random ranges", () => {
    const mismatches: string[] = [];
    for (let i = 0; i < 1_000; i += 1) {
      const a = pick(days.length - 1);
      const b = pick(days.length - 1);
      const [from, to] = [days[Math.min(a, b)]!, days[Math.max(a, b)]!];
      const expected = days.slice(Math.min(a, b) + 1, Math.max(a, b) + 1).filter((d) => calendar.get(d)).length;
      if (workingDaysBetween(from, to) !== expected) mismatches.push(`${from}..${to}`);
    }
    expect(mismatches).toEqual([]);
  });

  it("addWorkingDays matches for 1,000 random starts and counts", () => {
    const mismatches: string[] = [];
    const lastStart = days.indexOf("2026-11-30");
    for (let i = 0; i < 1_000; i += 1) {
      const start = pick(lastStart);
      const n = pick(15);
      let index = start;
      for (let left = n; left > 0; ) {
        index += 1;
        if (calendar.get(days[index]!)) left -= 1;
      }
      if (addWorkingDays(days[start]!, n) !== days[index]) mismatches.push(`${days[start]} + ${n}`);
    }
    expect(mismatches).toEqual([]);
  });
});
