import { addDays, daysBetween } from "../calendar-date";

/**
 * Licence years for the minimum annual royalty: twelve months each from the licence's first day; the last one
 * ends with the term, and a final part year's minimum is pro rata by days (floored to the minor unit).
 */
export type LicenceYear = { index: number; start: string; end: string; minimum: bigint };

/** A calendar date some months later, on the same day of the month or the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, lastDay))).toISOString().slice(0, 10);
}

/** Every licence year of a term of `termMonths` from `startsOn`, with its minimum. */
export function licenceYears(startsOn: string, termMonths: number, minimum: bigint): LicenceYear[] {
  const termEnd = addMonths(startsOn, termMonths);
  const years: LicenceYear[] = [];
  for (let index = 0; 12 * index < termMonths; index++) {
    const start = addMonths(startsOn, 12 * index);
    const fullEnd = addMonths(startsOn, 12 * (index + 1));
    const next = fullEnd < termEnd ? fullEnd : termEnd;
    const part = next === fullEnd ? minimum : (minimum * BigInt(daysBetween(start, next))) / BigInt(daysBetween(start, fullEnd));
    years.push({ index, start, end: addDays(next, -1), minimum: part });
  }
  return years;
}

/** The shortfall a year's top-up asks for: the minimum less the royalties reported for it, never negative. */
export function minimumShortfall(minimum: bigint, reported: bigint): bigint {
  return reported < minimum ? minimum - reported : 0n;
}
