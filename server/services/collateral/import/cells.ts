import type { z } from "zod";
import { checkRegistryNumber } from "../../../domain/collateral/registry-numbers";
import { ASSET_TYPES, type AssetType } from "../../../domain/collateral/vocabulary";
import { parseMajor } from "../../../domain/money";
import { type ImportIssueCode, issueCode } from "./issues";
import type { AssetRef } from "./types";

/** A problem with one cell (or the whole row when `column` is null). */
export type RowIssue = { column: string | null; code: ImportIssueCode; params?: Record<string, string | number> };
export type RowResult<T> = { value: T; issues: [] } | { value: null; issues: RowIssue[] };

export type Cells = Record<string, string>;

export function ok<T>(value: T): RowResult<T> {
  return { value, issues: [] };
}

export function refused<T>(issues: RowIssue[]): RowResult<T> {
  return { value: null, issues };
}

/** An empty cell is "not stated". */
export function optional(cells: Cells, column: string): string | undefined {
  const value = cells[column] ?? "";
  return value === "" ? undefined : value;
}

/** Lists inside a cell are separated by ";" (the full-width "；" too). */
export function list(value: string | undefined): string[] {
  return (value ?? "")
    .split(/[;；]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** "54", "54.5" or "54.50%" of a whole as basis points, exactly; null when it is not such a number. */
export function percentToBps(value: string): number | null {
  const hundredths = parseMajor(value.replace(/%$/, ""), "CNY");
  if (hundredths === null || hundredths > 1_000_000n) return null;
  return Number(hundredths);
}

/**
 * Zod issues as cell issues: the schema's field paths name columns through `columns` (full path first,
 * then its first segment); an empty required cell says "required" whatever the schema thought of "".
 */
export function cellIssues(error: z.ZodError, columns: Record<string, string>, cells: Cells): RowIssue[] {
  const out: RowIssue[] = [];
  const seen = new Set<string>();
  for (const issue of error.issues) {
    const path = issue.path.map(String);
    const column = columns[path.join(".")] ?? columns[path[0] ?? ""] ?? null;
    if (column !== null && seen.has(column)) continue;
    if (column !== null) seen.add(column);
    const empty = column !== null && (cells[column] ?? "") === "";
    out.push({ column, code: empty ? "required" : issueCode(issue.message) });
  }
  return out;
}

/** A registry number checked and normalised the way the registries write it. */
export function checkAssetRef(type: string, registryNumber: string): { ok: true; ref: AssetRef } | { ok: false; code: ImportIssueCode; on: "type" | "number" } {
  if (!(ASSET_TYPES as readonly string[]).includes(type)) return { ok: false, code: type === "" ? "required" : "asset_type_invalid", on: "type" };
  if (registryNumber === "") return { ok: false, code: "required", on: "number" };
  const check = checkRegistryNumber(type as AssetType, registryNumber);
  return check.ok ? { ok: true, ref: { type: type as AssetType, registryNumber: check.normalised } } : { ok: false, code: check.code, on: "number" };
}

/** "patent_invention:202110123456.7" (a pledge's list of assets), the full-width colon too. */
export function splitAssetRef(item: string): { type: string; registryNumber: string } | null {
  const match = item.match(/^([^:：]+)[:：](.+)$/);
  return match ? { type: match[1]!.trim(), registryNumber: match[2]!.trim() } : null;
}
