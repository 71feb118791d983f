import type { ImportIssue } from "./types";

/**
 * Every code an import can report: the row schemas' own codes (server/domain/schemas/collateral.ts) and
 * the import's. The pages translate each as `imports.codes.<code>`; a unit test keeps the lists in step.
 */
export const IMPORT_ISSUE_CODES = [
  // Values, from the shared row schemas.
  "invalid",
  "required",
  "too_long",
  "text_invalid",
  "date_invalid",
  "datetime_invalid",
  "currency_invalid",
  "credit_code_invalid",
  "amount_invalid",
  "amount_negative",
  "amount_not_positive",
  "asset_type_invalid",
  "owners_required",
  "registry_number_format",
  "registry_number_check_digit",
  "registry_number_type",
  "nice_class_invalid",
  "ipc_class_invalid",
  "locarno_class_invalid",
  "id_invalid",
  "dates_out_of_order",
  "legal_status_invalid",
  "rate_invalid",
  "loan_status_invalid",
  "declare_default_instead",
  "assets_required",
  "valuation_method_invalid",
  "share_role_invalid",
  "share_invalid",
  "mode_invalid",
  "shares_required",
  "shares_not_100",
  "share_not_positive",
  "bank_missing",
  "duplicate_party",
  "subrogation_needs_guarantor",
  "event_kind_invalid",
  // Files.
  "file_empty",
  "file_kind_unknown",
  "file_kind_ambiguous",
  "file_kind_wrong_import",
  "column_missing",
  "column_unknown",
  "column_duplicate",
  "csv_malformed",
  "too_many_cells",
  "json_invalid",
  "json_not_array",
  "json_item_not_object",
  "json_value_not_text",
  "no_rows",
  // Rows against each other and against the book.
  "duplicate_row",
  "asset_ref_invalid",
  "preset_invalid",
  "preset_mismatch",
  "mode_conflict",
  "loan_not_found",
  "asset_not_found",
  "pledge_number_taken",
  "organisation_not_found",
  "currency_mismatch",
  "internal_error",
] as const;
export type ImportIssueCode = (typeof IMPORT_ISSUE_CODES)[number];

const KNOWN = new Set<string>(IMPORT_ISSUE_CODES);

/** A schema message as an issue code: anything we did not write ourselves becomes "invalid". */
export function issueCode(message: string): ImportIssueCode {
  return (KNOWN.has(message) ? message : "invalid") as ImportIssueCode;
}

/** Stored and shown: enough to fix a file, not a copy of it. */
export const MAX_STORED_ISSUES = 1_000;

/** Issues of one import, in the order of the files uploaded, then line, then column. */
export class IssueList {
  private readonly items: ImportIssue[] = [];

  constructor(private readonly fileOrder: readonly string[] = []) {}

  add(file: string, line: number | null, column: string | null, code: ImportIssueCode, params?: ImportIssue["params"]): void {
    this.items.push(params ? { file, line, column, code, params } : { file, line, column, code });
  }

  get count(): number {
    return this.items.length;
  }

  sorted(limit = MAX_STORED_ISSUES): ImportIssue[] {
    const rank = (file: string) => {
      const index = this.fileOrder.indexOf(file);
      return index === -1 ? this.fileOrder.length : index;
    };
    return [...this.items]
      .sort((a, b) => rank(a.file) - rank(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? "").localeCompare(b.column ?? ""))
      .slice(0, limit);
  }
}
