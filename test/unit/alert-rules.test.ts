import { describe, expect, it } from "vitest";
import {
  ANNUITY_WARNING_DAYS,
  type AlertFinding,
  type MonitoredAsset,
  type MonitoredLoan,
  VALUATION_FALL_PERCENT,
  coverageOf,
  evaluateLoan,
  latestValuation,
} from "../../server/domain/collateral/alert-rules";
import { LEGAL_STATUSES, type LegalStatus } from "../../server/domain/collateral/vocabulary";

/** The monitor's day, passed in: no clock is read anywhere in these tests. */
const TODAY = "2026-03-01";
const DAY_MS = 86_400_000;

/** The calendar date `offset` days from `from` (written here, not taken from calendar-date.ts). */
function shift(from: string, offset: number): string {
  const [y, m, d] = from.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + offset)).toISOString().slice(0, 10);
}
const on = (offset: number) => shift(TODAY, offset);

function asset(overrides: Partial<MonitoredAsset> = {}): MonitoredAsset {
  return {
    id: "a1",
    legalStatus: "valid",
    nextAnnuityDue: null,
    expiresOn: null,
    valuations: [],
    preservationOrderActive: false,
    lastTransferOn: null,
    pledgedOn: "2025-01-15",
    ...overrides,
  };
}

/** A loan; with no exposure the coverage rule stays silent unless a test gives one. */
function loanOf(assets: MonitoredAsset[], exposure = 0n): MonitoredLoan {
  return { id: "L1", exposure, assets };
}

function findings(a: MonitoredAsset, today = TODAY): AlertFinding[] {
  return evaluateLoan(loanOf([a]), today);
}
const rules = (a: MonitoredAsset, today = TODAY) => findings(a, today).map((f) => f.rule).sort();

describe("the stated thresholds", () => {
  it("warns 90 days ahead of an annuity and on a fall of more than 20%", () => {
    expect(ANNUITY_WARNING_DAYS).toBe(90);
    expect(VALUATION_FALL_PERCENT).toBe(20);
  });
});

describe("annuity due soon and grace period", () => {
  it.each<[number, string | null, string | null]>([
    [0, "annuity_due_soon", "critical"],
    [1, "annuity_due_soon", "critical"],
    [30, "annuity_due_soon", "critical"],
    [31, "annuity_due_soon", "warning"],
    [90, "annuity_due_soon", "warning"],
    [91, null, null],
    [365, null, null],
    [-1, "in_grace_period", "critical"],
    [-180, "in_grace_period", "critical"],
  ])("an annuity due in %i days gives %s (%s)", (offset, rule, severity) => {
    const due = on(offset);
    const out = findings(asset({ nextAnnuityDue: due }));
    if (rule === null) {
      expect(out).toEqual([]);
      return;
    }
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ rule, assetId: "a1", key: due, severity });
    expect(out[0]!.details).toEqual(rule === "annuity_due_soon" ? { dueOn: due, days: offset } : { dueOn: due, daysOverdue: -offset });
  });

  it.each([
    ["2027-02-28", "2027-03-30", 30, "critical"],
    ["2028-02-28", "2028-03-30", 31, "warning"],
  ])("counts the leap day: from %s to %s is %i days (%s)", (today, due, days, severity) => {
    expect(findings(asset({ nextAnnuityDue: due }), today)[0]).toMatchObject({ rule: "annuity_due_soon", severity, details: { days } });
  });

  it("reports an asset the registry puts in grace as in grace, not as due soon", () => {
    const due = on(10);
    expect(findings(asset({ legalStatus: "in_grace", nextAnnuityDue: due }))).toEqual([
      { rule: "in_grace_period", assetId: "a1", key: due, severity: "critical", details: { dueOn: due, daysOverdue: 0 } },
    ]);
  });

  it("reports in grace without a due date under the key 'status'", () => {
    expect(findings(asset({ legalStatus: "in_grace" }))).toEqual([
      { rule: "in_grace_period", assetId: "a1", key: "status", severity: "critical", details: { dueOn: null, daysOverdue: null } },
    ]);
  });

  it.each<LegalStatus>(["lapsed", "expired", "invalidated", "transferred"])("stops watching annuities of a right that is %s", (legalStatus) => {
    const out = [...findings(asset({ legalStatus, nextAnnuityDue: on(5) })), ...findings(asset({ legalStatus, nextAnnuityDue: on(-5) }))];
    expect(out.filter((f) => f.rule === "annuity_due_soon" || f.rule === "in_grace_period")).toEqual([]);
  });

  it.each<LegalStatus>(["valid", "annuity_due", "invalidation_pending"])("watches annuities of a right that is %s", (legalStatus) => {
    expect(rules(asset({ legalStatus, nextAnnuityDue: on(5) }))).toContain("annuity_due_soon");
    expect(rules(asset({ legalStatus, nextAnnuityDue: on(-5) }))).toContain("in_grace_period");
  });
});

describe("legal status, preservation and ownership", () => {
  it.each<[LegalStatus, string[]]>([
    ["valid", []],
    ["annuity_due", []],
    ["in_grace", ["in_grace_period"]],
    ["lapsed", ["lapsed"]],
    ["expired", ["expired"]],
    ["invalidation_pending", ["invalidation_pending"]],
    ["transferred", ["ownership_changed"]],
  ])("a right that is %s gives %j", (legalStatus, expected) => {
    expect(rules(asset({ legalStatus }))).toEqual(expected);
  });

  it.each<[string, number, boolean]>([
    ["long past", -400, true],
    ["yesterday", -1, true],
    ["today", 0, true],
    ["tomorrow", 1, false],
  ])("a term that ended %s fires expired: %s", (_label, offset, fires) => {
    const expiresOn = on(offset);
    const out = findings(asset({ expiresOn }));
    expect(out).toEqual(fires ? [{ rule: "expired", assetId: "a1", key: expiresOn, severity: "critical", details: { expiresOn } }] : []);
  });

  it("fires every status rule as critical and keyed for one alert ever", () => {
    expect(findings(asset({ legalStatus: "lapsed" }))).toEqual([{ rule: "lapsed", assetId: "a1", key: "status", severity: "critical", details: {} }]);
    expect(findings(asset({ legalStatus: "invalidation_pending" }))).toEqual([
      { rule: "invalidation_pending", assetId: "a1", key: "status", severity: "critical", details: {} },
    ]);
    expect(findings(asset({ legalStatus: "expired" }))).toEqual([
      { rule: "expired", assetId: "a1", key: "status", severity: "critical", details: { expiresOn: null } },
    ]);
  });

  it("fires on an active preservation order only", () => {
    expect(findings(asset({ preservationOrderActive: true }))).toEqual([
      { rule: "preservation_order", assetId: "a1", key: "active", severity: "critical", details: {} },
    ]);
    expect(findings(asset({ preservationOrderActive: false }))).toEqual([]);
  });

  it.each<[string, string | null, boolean]>([
    ["a day after the pledge", "2025-01-16", true],
    ["a year after the pledge", "2026-01-15", true],
    ["on the pledge day", "2025-01-15", false],
    ["a day before the pledge", "2025-01-14", false],
    ["years before the pledge", "2019-06-01", false],
    ["never", null, false],
  ])("a transfer %s changes ownership: %s", (_label, lastTransferOn, fires) => {
    const out = findings(asset({ pledgedOn: "2025-01-15", lastTransferOn }));
    expect(out).toEqual(
      fires ? [{ rule: "ownership_changed", assetId: "a1", key: lastTransferOn, severity: "critical", details: { transferredOn: lastTransferOn } }] : [],
    );
  });
});

describe("valuation fell", () => {
  const PREVIOUS = 100_000_000n;

  it.each<[string, bigint, number | null]>([
    ["a rise", 120_000_000n, null],
    ["no change", PREVIOUS, null],
    ["a fall of 19.99%", 80_010_000n, null],
    ["a fall of exactly 20%", 80_000_000n, null],
    ["a fall of 20.01%", 79_990_000n, 2_001],
    ["a fall of one fen more than 20%", 79_999_999n, 2_000],
    ["a fall to nothing", 0n, 10_000],
  ])("%s gives %s bps", (_label, latest, fallBps) => {
    const out = findings(asset({ valuations: [{ amount: PREVIOUS, valuedOn: "2025-06-30" }, { amount: latest, valuedOn: "2026-02-15" }] }));
    expect(out).toEqual(
      fallBps === null
        ? []
        : [{ rule: "valuation_fell", assetId: "a1", key: "2026-02-15", severity: "warning", details: { fromOn: "2025-06-30", toOn: "2026-02-15", fallBps } }],
    );
  });

  it("needs two valuations", () => {
    expect(findings(asset({ valuations: [{ amount: 1n, valuedOn: "2026-01-01" }] }))).toEqual([]);
  });

  const permutations = <T>(items: readonly T[]): T[][] =>
    items.length <= 1 ? [[...items]] : items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));

  it.each(permutations([0, 1, 2]))("compares the two latest by date whatever the input order (%j)", (...order) => {
    // 100 → 200 → 150: the last step falls 25%, although 150 is above the first.
    const falls = [
      { amount: 100n, valuedOn: "2024-01-10" },
      { amount: 200n, valuedOn: "2025-01-10" },
      { amount: 150n, valuedOn: "2026-01-10" },
    ];
    // 200 → 100 → 95: the last step falls only 5%, although 95 is far below the first.
    const holds = [
      { amount: 200n, valuedOn: "2024-01-10" },
      { amount: 100n, valuedOn: "2025-01-10" },
      { amount: 95n, valuedOn: "2026-01-10" },
    ];
    expect(findings(asset({ valuations: order.map((i) => falls[i]!) }))).toEqual([
      { rule: "valuation_fell", assetId: "a1", key: "2026-01-10", severity: "warning", details: { fromOn: "2025-01-10", toOn: "2026-01-10", fallBps: 2_500 } },
    ]);
    expect(findings(asset({ valuations: order.map((i) => holds[i]!) }))).toEqual([]);
  });

  it("gives the same findings whatever the order of two valuations made on one day", () => {
    const a = { amount: 100n, valuedOn: "2025-01-10" };
    const b = { amount: 150n, valuedOn: "2025-01-10" };
    const latest = { amount: 100n, valuedOn: "2026-01-10" };
    expect(findings(asset({ valuations: [a, b, latest] }))).toEqual(findings(asset({ valuations: [b, a, latest] })));
  });
});

describe("coverage below one", () => {
  const valued = (id: string, ...amounts: Array<[bigint, string]>) => asset({ id, valuations: amounts.map(([amount, valuedOn]) => ({ amount, valuedOn })) });
  const coverage = (loan: MonitoredLoan) => evaluateLoan(loan, TODAY).filter((f) => f.rule === "coverage_below_one");

  it.each<[string, MonitoredAsset[], bigint, number | null]>([
    ["exactly 1.0", [valued("a1", [60n, "2026-01-01"]), valued("a2", [40n, "2026-01-01"])], 100n, null],
    ["above 1.0", [valued("a1", [150n, "2026-01-01"])], 100n, null],
    ["0.99", [valued("a1", [60n, "2026-01-01"]), valued("a2", [39n, "2026-01-01"])], 100n, 9_900],
    ["one fen short", [valued("a1", [99_999_999n, "2026-01-01"])], 100_000_000n, 9_999],
    ["judged on the latest valuation", [valued("a1", [90n, "2026-02-01"], [500n, "2025-01-01"])], 100n, 9_000],
    ["one right never valued", [valued("a1", [1n, "2026-01-01"]), asset({ id: "a2" })], 100n, null],
    ["no right pledged", [], 100n, null],
    ["no exposure", [valued("a1", [1n, "2026-01-01"])], 0n, null],
  ])("%s", (_label, assets, exposure, coverageBps) => {
    const out = coverage(loanOf(assets, exposure));
    if (coverageBps === null) {
      expect(out).toEqual([]);
      return;
    }
    const collateral = assets.reduce((sum, a) => sum + (latestValuation(a)?.amount ?? 0n), 0n);
    expect(out).toEqual([
      { rule: "coverage_below_one", assetId: null, key: "coverage", severity: "critical", details: { coverageBps, collateral: `${collateral}`, exposure: `${exposure}` } },
    ]);
  });

  it("coverageOf adds the latest valuation of each right, unvalued rights as zero", () => {
    const loan = loanOf([valued("a1", [300n, "2025-01-01"], [200n, "2026-01-01"]), valued("a2", [50n, "2026-02-01"]), asset({ id: "a3" })], 1_000n);
    expect(coverageOf(loan)).toEqual({ collateral: 250n, exposure: 1_000n, bps: 2_500 });
    expect(coverageOf(loanOf([], 0n))).toEqual({ collateral: 0n, exposure: 0n, bps: null });
  });

  it.each([
    [[]],
    [["2024-05-01", "2026-02-28", "2025-12-31"]],
    [["2026-02-28", "2024-05-01", "2025-12-31"]],
    [["2025-12-31", "2024-05-01", "2026-02-28"]],
  ])("latestValuation picks the latest date from %j", (dates) => {
    const a = asset({ valuations: dates.map((valuedOn, i) => ({ amount: BigInt(i + 1), valuedOn })) });
    const expected = dates.length === 0 ? null : { amount: BigInt(dates.indexOf("2026-02-28") + 1), valuedOn: "2026-02-28" };
    expect(latestValuation(a)).toEqual(expected);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Property test: evaluateLoan against a naive reference written from the rules in plain words.
// ---------------------------------------------------------------------------------------------------------

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

type Random = () => number;
const int = (random: Random, lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const BOUNDARY_OFFSETS = [-91, -90, -31, -30, -1, 0, 1, 29, 30, 31, 89, 90, 91];
const offset = (random: Random) => (random() < 0.5 ? pick(random, BOUNDARY_OFFSETS) : int(random, -400, 400));

function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = int(random, 0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function randomAsset(random: Random, id: string, today: string): MonitoredAsset {
  // Distinct valuation dates: what "the two latest" means is only stated for distinct dates.
  const dates = shuffled(random, Array.from({ length: 60 }, (_, i) => shift(today, -30 * i - int(random, 0, 29))));
  const count = pick(random, [0, 0, 1, 2, 2, 3, 4]);
  const chronological = dates
    .slice(0, count)
    .sort()
    .map((valuedOn) => ({ valuedOn, amount: BigInt(int(random, 1, 10_000)) * 10_000n }));
  const n = chronological.length;
  if (n >= 2) {
    const previous = chronological[n - 2]!.amount;
    const edge = random();
    // Aim at the 20% boundary often: exactly 80% of the previous, and one fen either side.
    if (edge < 0.2) chronological[n - 1]!.amount = (previous * 80n) / 100n;
    else if (edge < 0.3) chronological[n - 1]!.amount = (previous * 80n) / 100n - 1n;
    else if (edge < 0.4) chronological[n - 1]!.amount = (previous * 80n) / 100n + 1n;
  }
  const pledgedOn = shift(today, -int(random, 0, 2_000));
  const transfer = random();
  return {
    id,
    legalStatus: random() < 0.5 ? "valid" : pick(random, LEGAL_STATUSES),
    nextAnnuityDue: random() < 0.2 ? null : shift(today, offset(random)),
    expiresOn: random() < 0.5 ? null : shift(today, offset(random)),
    valuations: shuffled(random, chronological),
    preservationOrderActive: random() < 0.15,
    lastTransferOn: transfer < 0.4 ? null : transfer < 0.7 ? shift(pledgedOn, pick(random, [-1, 0, 1])) : shift(pledgedOn, int(random, -900, 900)),
    pledgedOn,
  };
}

function randomLoan(random: Random, n: number, today: string): MonitoredLoan {
  const assets = Array.from({ length: int(random, 0, 4) }, (_, i) => randomAsset(random, `a${i}`, today));
  const latestSum = assets.reduce((sum, a) => sum + ([...a.valuations].sort((x, y) => x.valuedOn.localeCompare(y.valuedOn)).at(-1)?.amount ?? 0n), 0n);
  const exposure = pick(random, [0n, latestSum, latestSum + 1n, latestSum > 0n ? latestSum - 1n : 0n, BigInt(int(random, 0, 200_000_000))]);
  return { id: `L${n}`, exposure, assets };
}

/** Day number of a calendar date, for the reference only. */
const dayNumber = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;

/**
 * The rules in plain words:
 * - a right that has lapsed, expired, been invalidated or transferred no longer has annuities watched;
 * - otherwise an annuity due 0..90 days ahead is "due soon" (critical within 30 days, else a warning),
 *   unless the registry already has the right in grace; a due date in the past, or the registry's
 *   "in grace" status, is "in grace period" (critical); "in grace" without a due date is too;
 * - lapsed, invalidation pending, an active preservation order: critical, one each;
 * - expired: the registry says so, or the term ends today or earlier;
 * - ownership changed: the registry says transferred, or a transfer is recorded after the pledge date;
 * - valuation fell: the latest valuation is more than 20% below the one before it (a warning);
 * - coverage below one: every pledged right is valued and their latest values add up to less than the
 *   exposure (there must be a right and an exposure).
 */
function dayValues(a: MonitoredAsset): Array<[number, bigint]> {
  const lowest = new Map<number, bigint>();
  for (const v of a.valuations) {
    const d = dayNumber(v.valuedOn);
    const seen = lowest.get(d);
    lowest.set(d, seen === undefined || v.amount < seen ? v.amount : seen);
  }
  return [...lowest].sort((x, y) => x[0] - y[0]);
}

function reference(loan: MonitoredLoan, today: string): string[] {
  const out: string[] = [];
  const t = dayNumber(today);
  for (const a of loan.assets) {
    const emit = (rule: string, severity: string) => out.push(`${rule}|${a.id}|${severity}`);
    const gone = a.legalStatus === "lapsed" || a.legalStatus === "expired" || a.legalStatus === "invalidated" || a.legalStatus === "transferred";
    if (!gone) {
      if (a.nextAnnuityDue === null) {
        if (a.legalStatus === "in_grace") emit("in_grace_period", "critical");
      } else {
        const ahead = dayNumber(a.nextAnnuityDue) - t;
        if (a.legalStatus === "in_grace" || ahead < 0) emit("in_grace_period", "critical");
        else if (ahead <= 90) emit("annuity_due_soon", ahead <= 30 ? "critical" : "warning");
      }
    }
    if (a.legalStatus === "lapsed") emit("lapsed", "critical");
    if (a.legalStatus === "expired" || (a.expiresOn !== null && dayNumber(a.expiresOn) <= t)) emit("expired", "critical");
    if (a.legalStatus === "invalidation_pending") emit("invalidation_pending", "critical");
    if (a.preservationOrderActive) emit("preservation_order", "critical");
    if (a.legalStatus === "transferred" || (a.lastTransferOn !== null && dayNumber(a.lastTransferOn) > dayNumber(a.pledgedOn))) emit("ownership_changed", "critical");
    // A date's value is the lowest appraisal made that day; the fall compares the two latest dates.
    const days = dayValues(a);
    const latest = days.at(-1);
    const previous = days.at(-2);
    // "More than 20% below": latest / previous < 80 / 100.
    if (latest && previous && latest[1] * 100n < previous[1] * 80n) emit("valuation_fell", "warning");
  }
  const allValued = loan.assets.length > 0 && loan.assets.every((a) => a.valuations.length > 0);
  if (allValued && loan.exposure > 0n) {
    let total = 0n;
    // Rights that are gone (lapsed, expired, invalidated, transferred) count nothing.
    for (const a of loan.assets) if (!["lapsed", "expired", "invalidated", "transferred"].includes(a.legalStatus)) total += dayValues(a).at(-1)![1];
    if (total < loan.exposure) out.push("coverage_below_one|null|critical");
  }
  return out.sort();
}

const signature = (list: AlertFinding[]) => list.map((f) => `${f.rule}|${f.assetId}|${f.severity}`).sort();
const canonical = (list: AlertFinding[]) => [...list].sort((x, y) => `${x.rule}|${x.assetId}|${x.key}`.localeCompare(`${y.rule}|${y.assetId}|${y.key}`));

describe("evaluateLoan as a whole", () => {
  const TODAYS = ["2026-03-01", "2024-02-29", "2025-12-31", "2027-01-01", "2028-02-28"];

  it("agrees with the naive reference on 4,000 seeded random loans", () => {
    const random = mulberry32(20_260_301);
    const disagreements: string[] = [];
    const seen = new Set<string>();
    for (let n = 0; n < 4_000; n++) {
      const today = pick(random, TODAYS);
      const loan = randomLoan(random, n, today);
      const actual = signature(evaluateLoan(loan, today));
      const expected = reference(loan, today);
      actual.forEach((s) => seen.add(s.split("|")[0]! + "|" + s.split("|")[2]!));
      if (actual.join() !== expected.join() && disagreements.length < 5) {
        disagreements.push(`loan ${n} on ${today}: got ${actual.join(", ")}; expected ${expected.join(", ")}`);
      }
    }
    expect(disagreements).toEqual([]);
    // The generator reaches every rule and both annuity severities, so the comparison means something.
    expect([...seen].sort()).toEqual(
      [
        "annuity_due_soon|critical",
        "annuity_due_soon|warning",
        "coverage_below_one|critical",
        "expired|critical",
        "in_grace_period|critical",
        "invalidation_pending|critical",
        "lapsed|critical",
        "ownership_changed|critical",
        "preservation_order|critical",
        "valuation_fell|warning",
      ].sort(),
    );
  });

  it("is deterministic, ignores the order of assets and valuations, and mutates nothing", () => {
    const random = mulberry32(99);
    const problems: string[] = [];
    for (let n = 0; n < 1_000; n++) {
      const today = pick(random, TODAYS);
      const loan = randomLoan(random, n, today);
      const before = structuredClone(loan);
      const first = evaluateLoan(loan, today);
      const second = evaluateLoan(loan, today);
      const reordered = evaluateLoan({ ...loan, assets: shuffled(random, loan.assets).map((a) => ({ ...a, valuations: shuffled(random, a.valuations) })) }, today);
      if (JSON.stringify(first, bigintText) !== JSON.stringify(second, bigintText)) problems.push(`loan ${n}: two runs differ`);
      if (JSON.stringify(canonical(first), bigintText) !== JSON.stringify(canonical(reordered), bigintText)) problems.push(`loan ${n}: order matters`);
      try {
        expect(loan).toEqual(before);
      } catch {
        problems.push(`loan ${n}: input mutated`);
      }
    }
    expect(problems).toEqual([]);
  });
});

function bigintText(_key: string, value: unknown) {
  return typeof value === "bigint" ? `${value}n` : value;
}
