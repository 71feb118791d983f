import { RISK_SHARING_PRESETS, type RiskSharingPreset, formatShare } from "../../../domain/collateral/risk-sharing";
import { RiskSharingInputSchema } from "../../../domain/schemas/collateral";
import { type Cells, type RowResult, checkAssetRef } from "./cells";
import { type FileKind, recogniseHeader } from "./formats";
import { type ImportIssueCode, type IssueList, issueCode } from "./issues";
import { mapAsset, mapLoan, mapPledge, mapShare, mapValuation } from "./map-book";
import { mapEvent } from "./map-feed";
import { type Table, readCsv, readJsonArray } from "./tables";
import { type AgreementRow, type EventRow, type ImportKind, type Located, type ParsedBook, type ParsedFeed, type ShareRow, type UploadedFile, assetKey } from "./types";

export type Progress = (processedRows: number, totalRows: number) => Promise<void>;
export type FileOutline = { name: string; kind: FileKind | null; rows: number };
export type ParsedUpload = { files: FileOutline[]; totalRows: number; book: ParsedBook; feed: ParsedFeed };

const PROGRESS_EVERY = 500;

type Mapper = (cells: Cells, at: Located) => RowResult<unknown>;
const MAPPERS: Record<FileKind, Mapper> = {
  assets: mapAsset,
  loans: mapLoan,
  pledges: mapPledge,
  valuations: mapValuation,
  risk_shares: mapShare,
  registry_events: mapEvent,
};

/** Reads every file, recognises its kind, validates every row; reports to `issues` and `progress`. */
export async function parseUpload(kind: ImportKind, files: readonly UploadedFile[], issues: IssueList, progress: Progress): Promise<ParsedUpload> {
  const tables: Array<{ name: string; kind: FileKind; table: Table }> = [];
  const outlines: FileOutline[] = [];
  for (const file of files) {
    const table = file.name.toLowerCase().endsWith(".json") ? readJsonArray(file.content) : readCsv(file.content);
    for (const p of table.problems) issues.add(file.name, p.line, p.column, p.code, p.params);
    const fileKind = recognise(kind, file.name, table, issues);
    outlines.push({ name: file.name, kind: fileKind, rows: table.rows.length });
    if (fileKind) tables.push({ name: file.name, kind: fileKind, table });
  }
  const totalRows = tables.reduce((n, t) => n + t.table.rows.length, 0);
  await progress(0, totalRows);

  const records: Record<FileKind, unknown[]> = { assets: [], loans: [], pledges: [], valuations: [], risk_shares: [], registry_events: [] };
  // Loans with a share row that failed on its own: their sums would only repeat that error.
  const brokenShares = new Set<string>();
  const failed: ParsedBook["failed"] = { loans: new Set(), assets: new Set() };
  let processed = 0;
  for (const { name, kind: fileKind, table } of tables) {
    const map = MAPPERS[fileKind];
    for (const row of table.rows) {
      const result = map(row.cells, { file: name, line: row.line });
      if (result.value !== null) records[fileKind].push(result.value);
      else if (fileKind === "risk_shares") brokenShares.add(row.cells.loan_reference ?? "");
      else if (fileKind === "loans") failed.loans.add(row.cells.loan_reference ?? "");
      else if (fileKind === "assets") {
        const ref = checkAssetRef(row.cells.asset_type ?? "", row.cells.registry_number ?? "");
        if (ref.ok) failed.assets.add(assetKey(ref.ref));
      }
      for (const issue of result.issues) issues.add(name, row.line, issue.column, issue.code, issue.params);
      processed += 1;
      if (processed % PROGRESS_EVERY === 0) await progress(processed, totalRows);
    }
  }
  await progress(processed, totalRows);

  const book = records as unknown as Omit<ParsedBook, "agreements"> & { risk_shares: ShareRow[] };
  const parsed: ParsedBook = {
    assets: book.assets,
    loans: book.loans,
    pledges: book.pledges,
    valuations: book.valuations,
    agreements: gatherAgreements(book.risk_shares, brokenShares, issues),
    failed,
  };
  const feed: ParsedFeed = { events: records.registry_events as EventRow[] };
  reportDuplicates(parsed, feed, issues);
  return { files: outlines, totalRows, book: parsed, feed };
}

function recognise(kind: ImportKind, name: string, table: Table, issues: IssueList): FileKind | null {
  if (table.problems.some((p) => p.code === "json_invalid" || p.code === "json_not_array")) return null;
  if (table.header.length === 0) {
    issues.add(name, null, null, "file_empty");
    return null;
  }
  const check = recogniseHeader(kind, table.header);
  if (!check.ok) {
    if (check.code === "column_missing") for (const column of check.columns) issues.add(name, 1, column, "column_missing", { column });
    else issues.add(name, 1, null, check.code, check.params);
    return null;
  }
  for (const column of check.unknown) issues.add(name, 1, column, "column_unknown", { column });
  for (const column of check.duplicate) issues.add(name, 1, column, "column_duplicate", { column });
  if (table.rows.length === 0) issues.add(name, null, null, "no_rows");
  return check.kind;
}

const GROUP_COLUMN: Record<string, string> = {
  shares_not_100: "share_percent",
  share_not_positive: "share_percent",
  bank_missing: "role",
  subrogation_needs_guarantor: "role",
  duplicate_party: "party_name",
};

/** Share rows into one agreement per loan, each validated as a whole: sums to 100%, a bank, the preset. */
export function gatherAgreements(rows: readonly ShareRow[], broken: ReadonlySet<string>, issues: IssueList): AgreementRow[] {
  const byLoan = new Map<string, AgreementRow>();
  const conflicted = new Set<string>();
  for (const row of rows) {
    const agreement = byLoan.get(row.loanReference);
    if (!agreement) {
      byLoan.set(row.loanReference, { file: row.file, line: row.line, loanReference: row.loanReference, mode: row.mode, preset: row.preset, lines: [row] });
      continue;
    }
    const conflict = agreement.mode !== row.mode ? "mode" : agreement.preset !== row.preset ? "preset" : null;
    if (conflict) {
      issues.add(row.file, row.line, conflict, "mode_conflict", { loan: row.loanReference, line: agreement.line });
      conflicted.add(row.loanReference);
    }
    agreement.lines.push(row);
  }
  const valid: AgreementRow[] = [];
  for (const agreement of byLoan.values()) {
    if (broken.has(agreement.loanReference) || conflicted.has(agreement.loanReference)) continue;
    const { file, line, loanReference: loan } = agreement;
    const total = agreement.lines.reduce((sum, l) => sum + l.shareBps, 0);
    const check = RiskSharingInputSchema.safeParse({
      mode: agreement.mode,
      preset: agreement.preset,
      shares: agreement.lines.map((l) => ({ role: l.role, partyName: l.partyName, shareBps: l.shareBps })),
    });
    if (!check.success) {
      for (const issue of check.error.issues) {
        const code: ImportIssueCode = issueCode(issue.message);
        issues.add(file, line, GROUP_COLUMN[code] ?? null, code, { loan, total: formatShare(total) });
      }
      continue;
    }
    if (agreement.preset && !matchesPreset(agreement.preset as RiskSharingPreset, agreement.lines)) {
      issues.add(file, line, "preset", "preset_mismatch", { loan, preset: agreement.preset });
      continue;
    }
    valid.push(agreement);
  }
  return valid;
}

function matchesPreset(preset: RiskSharingPreset, lines: readonly ShareRow[]): boolean {
  const wanted = RISK_SHARING_PRESETS[preset].map((p) => `${p.role}:${p.shareBps}`).sort();
  const given = lines.map((l) => `${l.role}:${l.shareBps}`).sort();
  return wanted.length === given.length && wanted.every((w, i) => w === given[i]);
}

/** The same natural key twice in one upload: the second is an error that names the first. */
function reportDuplicates(book: ParsedBook, feed: ParsedFeed, issues: IssueList) {
  const check = <T extends Located>(rows: readonly T[], keyOf: (row: T) => string, column: string) => {
    const first = new Map<string, Located>();
    for (const row of rows) {
      const key = keyOf(row);
      const earlier = first.get(key);
      if (earlier) issues.add(row.file, row.line, column, "duplicate_row", { file: earlier.file, line: earlier.line });
      else first.set(key, row);
    }
  };
  check(book.assets, (a) => a.key, "registry_number");
  check(book.loans, (l) => l.reference, "loan_reference");
  check(book.pledges, (p) => p.number, "pledge_number");
  check(book.valuations, (v) => `${assetKey(v.asset)}|${v.appraiser}|${v.valuedOn}`, "valued_on");
  check(feed.events, (e) => `${assetKey(e.asset)}|${e.source}|${e.sourceRef}`, "source_ref");
}
