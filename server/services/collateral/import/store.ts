import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../../../db/client";
import { importJobs } from "../../../../db/schema";
import type { ImportIssue, ImportKind, ImportPhase, ImportStatus, ImportSummary } from "./types";

/** An import as the pages and the API show it: never the files' content. */
export type ImportView = {
  id: string;
  kind: ImportKind;
  status: ImportStatus;
  phase: ImportPhase | null;
  totalRows: number;
  processedRows: number;
  errorCount: number;
  summary: ImportSummary;
  createdAt: Date;
  finishedAt: Date | null;
};
export type ImportDetail = ImportView & { errors: ImportIssue[] };

const VIEW = {
  id: importJobs.id,
  kind: importJobs.kind,
  status: importJobs.status,
  phase: importJobs.phase,
  totalRows: importJobs.totalRows,
  processedRows: importJobs.processedRows,
  errorCount: importJobs.errorCount,
  summary: importJobs.summary,
  createdAt: importJobs.createdAt,
  finishedAt: importJobs.finishedAt,
};

type Row = {
  id: string;
  kind: string;
  status: string;
  phase: string | null;
  totalRows: number;
  processedRows: number;
  errorCount: number;
  summary: unknown;
  createdAt: Date;
  finishedAt: Date | null;
};

function view(row: Row): ImportView {
  return {
    ...row,
    kind: row.kind as ImportKind,
    status: row.status as ImportStatus,
    phase: row.phase as ImportPhase | null,
    summary: (row.summary as ImportSummary | null) ?? { files: [] },
  };
}

/** The organisation's recent imports, newest first. */
export async function listImports(db: Db, organisationId: string, limit: number): Promise<ImportView[]> {
  const rows = await db.select(VIEW).from(importJobs).where(eq(importJobs.organisationId, organisationId)).orderBy(desc(importJobs.createdAt)).limit(limit);
  return rows.map(view);
}

/** One import of the organisation's, or null (another's looks exactly like one that does not exist). */
export async function findImport(db: Db, organisationId: string, id: string): Promise<ImportDetail | null> {
  const [row] = await db
    .select({ ...VIEW, errors: importJobs.errors })
    .from(importJobs)
    .where(and(eq(importJobs.id, id), eq(importJobs.organisationId, organisationId)));
  return row ? { ...view(row), errors: row.errors as ImportIssue[] } : null;
}
