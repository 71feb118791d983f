import { z } from "zod";
import { IdSchema } from "../../../domain/schemas/accounts";
import { TextLineSchema } from "../../../domain/schemas/text";
import { MAX_STORED_ISSUES } from "../../../services/collateral/import/issues";
import type { ImportView as ImportRecord } from "../../../services/collateral/import/store";
import { IMPORT_KINDS, IMPORT_PHASES, IMPORT_STATUSES } from "../../../services/collateral/import/types";
import { IMPORT_LIMITS } from "../../../services/collateral/import/upload-checks";
import { authorised, endpoint } from "../endpoint";
import { Timestamp, iso, isoOrNull } from "../views";

const CountsView = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });
const IssueView = z.object({
  file: z.string(),
  line: z.number().int().nullable().describe("1-based line the row starts on; null for the file as a whole"),
  column: z.string().nullable().describe("The column (CSV header or JSON key) at fault; null for the whole row"),
  code: z.string().describe("What is wrong, as a code: see docs/imports.md"),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
const ImportView = z.object({
  id: z.uuid(),
  kind: z.enum(IMPORT_KINDS),
  status: z.enum(IMPORT_STATUSES),
  phase: z.enum(IMPORT_PHASES).nullable(),
  progress: z.object({ processedRows: z.number().int(), totalRows: z.number().int() }),
  files: z.array(z.object({ name: z.string(), bytes: z.number().int(), sha256: z.string(), kind: z.string().optional(), rows: z.number().int().optional() })),
  rows: z.number().int().nullable(),
  counts: z.record(z.string(), CountsView).nullable().describe("Per kind of record, once done: created, updated, unchanged"),
  errorCount: z.number().int(),
  createdAt: Timestamp,
  finishedAt: Timestamp.nullable(),
});
const ImportDetailView = ImportView.extend({ errors: z.array(IssueView).describe(`The first ${MAX_STORED_ISSUES} errors, by file, line and column`) });

const CreateImportSchema = z
  .object({
    kind: z.enum(IMPORT_KINDS, { error: "kind_invalid" }),
    files: z
      .array(
        z
          .object({
            name: TextLineSchema.trim().min(1, "required").max(200, "too_long").meta({ examples: ["loan-book.csv"] }),
            // A file's content: NUL, a lone surrogate or U+FFFD means it is not UTF-8 text, which the service answers as IMPORT_NOT_TEXT.
            content: z.string({ error: "required" }),
          })
          .strict(),
      )
      .min(1, "required")
      .max(IMPORT_LIMITS.maxFiles, "too_long"),
  })
  .strict();

function viewOf(record: ImportRecord): z.input<typeof ImportView> {
  return {
    id: record.id,
    kind: record.kind,
    status: record.status,
    phase: record.phase,
    progress: { processedRows: record.processedRows, totalRows: record.totalRows },
    files: record.summary.files,
    rows: record.summary.rows ?? null,
    counts: record.summary.counts ?? null,
    errorCount: record.errorCount,
    createdAt: iso(record.createdAt),
    finishedAt: isoOrNull(record.finishedAt),
  };
}

/** Bulk imports over the API: the same service, checks and background job as the import page. */
export const importEndpoints = [
  endpoint({
    method: "post",
    path: "/imports",
    summary: "Queue an import: a loan book (CSV files) or a registry feed (CSV or JSON); poll GET /imports/{id}",
    tag: "imports",
    permission: "collateral:manage",
    body: CreateImportSchema,
    response: ImportView,
    successStatus: 202,
    // The files travel as JSON strings, where quotes and line ends take two bytes each.
    maxBodyBytes: IMPORT_LIMITS.maxBytes * 2 + 64 * 1024,
    async handle(input) {
      const principal = authorised(input);
      const created = await input.services.imports.create(principal, input.body);
      if (!created.ok) return { fail: created.code, details: created.details };
      const record = await input.services.imports.get(principal, created.id);
      return { status: 202, body: viewOf(record!) };
    },
  }),
  endpoint({
    method: "get",
    path: "/imports",
    summary: "Your organisation's recent imports, newest first",
    tag: "imports",
    permission: "collateral:manage",
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
    response: z.object({ imports: z.array(ImportView) }),
    successStatus: 200,
    async handle(input) {
      const records = await input.services.imports.list(authorised(input), input.query.limit);
      return { status: 200, body: { imports: records.map(viewOf) } };
    },
  }),
  endpoint({
    method: "get",
    path: "/imports/{id}",
    summary: "One import: status, progress, result counts and errors by file, line and column",
    tag: "imports",
    permission: "collateral:manage",
    params: z.object({ id: IdSchema }),
    response: ImportDetailView,
    successStatus: 200,
    async handle(input) {
      const record = await input.services.imports.get(authorised(input), input.params.id);
      if (!record) return { fail: "NOT_FOUND" };
      return { status: 200, body: { ...viewOf(record), errors: record.errors } };
    },
  }),
];
