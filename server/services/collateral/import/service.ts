import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import { importJobs, pledgeAssets, pledges } from "../../../../db/schema";
import { type Result, ok } from "../../../domain/result";
import { enqueueJob } from "../../../jobs/runner";
import { appendAudit } from "../../audit";
import type { Principal } from "../../auth/principal";
import type { ServiceDeps } from "../../context";
import type { MonitorService } from "../monitor";
import { planBook } from "./book-plan";
import { loadBookState } from "./book-state";
import { writeBook } from "./book-write";
import { lookup } from "./chunks";
import { applyFeed } from "./feed";
import { IssueList } from "./issues";
import { parseUpload } from "./parse-upload";
import { type ImportDetail, type ImportView, findImport, listImports } from "./store";
import type { Counts, ImportIssue, ImportKind, ImportPhase, ImportSummary, UploadedFile } from "./types";
import { IMPORT_LIMITS, type ImportRefusal, checkUpload } from "./upload-checks";
import { FORMATS } from "./formats";
import { SAMPLE_FILES } from "./samples";

type StoredFile = UploadedFile & { bytes: number };
export type Timings = { parseMs: number; writeMs: number; evaluateMs: number };
type Outcome = { ok: true; counts: Record<string, Counts>; assetIds: Set<string>; loanIds: Set<string> } | { ok: false };

const PROGRESS_INTERVAL_MS = 250;

/**
 * Bulk import of loan books and registry feeds. `create` stores the files and queues an "import:run"
 * job in one transaction; `run` (the job) validates every row outside any transaction, reporting
 * progress, then writes everything in one transaction (all or nothing), then asks the monitor about
 * every loan whose collateral the import changed.
 */
export class ImportService {
  /** For the pages: the limits to state and to enforce on multipart uploads, the column formats, the samples. */
  readonly limits = IMPORT_LIMITS;
  readonly formats = FORMATS;
  readonly sampleNames = Object.keys(SAMPLE_FILES);

  constructor(
    private readonly deps: ServiceDeps,
    private readonly monitor: MonitorService,
    private readonly wakeJobs: () => void,
  ) {}

  async create(principal: Principal, input: { kind: ImportKind; files: readonly UploadedFile[] }): Promise<Result<{ id: string }, ImportRefusal>> {
    const checked = checkUpload(input.kind, input.files);
    if (!checked.ok) return checked;
    const now = this.deps.now();
    const files: StoredFile[] = checked.files;
    const summary: ImportSummary = { files: files.map((f) => ({ name: f.name, bytes: f.bytes, sha256: crypto.createHash("sha256").update(f.content).digest("hex") })) };
    const id = await this.deps.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(importJobs)
        .values({ organisationId: principal.organisation.id, kind: input.kind, files, summary, status: "queued", createdBy: principal.user.id, createdAt: now })
        .returning({ id: importJobs.id });
      await enqueueJob(tx, { kind: "import:run", payload: { importJobId: row!.id }, runAt: now });
      return row!.id;
    });
    this.wakeJobs();
    return ok({ id });
  }

  list(principal: Principal, limit = 20): Promise<ImportView[]> {
    return listImports(this.deps.db, principal.organisation.id, limit);
  }

  get(principal: Principal, id: string): Promise<ImportDetail | null> {
    return findImport(this.deps.db, principal.organisation.id, id);
  }

  /** A sample file from test/fixtures (the one copy the tests use too), or null for any other name. */
  async sample(name: string): Promise<{ name: string; content: string; contentType: string } | null> {
    const relative = SAMPLE_FILES[name];
    if (!relative) return null;
    const content = await fs.readFile(path.resolve("test/fixtures/imports", relative), "utf8");
    return { name, content, contentType: name.endsWith(".json") ? "application/json; charset=utf-8" : "text/csv; charset=utf-8" };
  }

  /** The job. Safe to run again: a finished import stays finished, an interrupted one starts over. */
  async run(importJobId: string): Promise<void> {
    const timings = await this.runMeasured(importJobId);
    if (timings) this.deps.log.info({ importJobId, ...timings }, "import finished");
  }

  /** `run`, telling how long each part took (milliseconds), or null when nothing was written. */
  async runMeasured(importJobId: string): Promise<Timings | null> {
    const [job] = await this.deps.db.select().from(importJobs).where(eq(importJobs.id, importJobId));
    if (!job || job.status === "done") return null;
    if (job.status === "failed" && (job.errors as ImportIssue[])[0]?.code !== "internal_error") return null;
    const files = job.files as StoredFile[];
    const summary = (job.summary as ImportSummary | null) ?? { files: [] };
    try {
      return await this.process(job.id, job.organisationId, job.createdBy, job.kind as ImportKind, files, summary);
    } catch (error) {
      await this.finish(job.id, "failed", summary, [{ file: "", line: null, column: null, code: "internal_error" }], 1);
      throw error;
    }
  }

  private async process(id: string, organisationId: string, actor: string | null, kind: ImportKind, files: StoredFile[], summary: ImportSummary) {
    const started = performance.now();
    await this.update(id, { status: "running", phase: "parsing", processedRows: 0, totalRows: 0, errors: [], errorCount: 0, finishedAt: null });
    const issues = new IssueList(files.map((f) => f.name));
    let reported = 0;
    const progress = async (processedRows: number, totalRows: number) => {
      // PGlite has one connection: progress is written only here, never inside the write transaction.
      if (processedRows !== 0 && processedRows !== totalRows && performance.now() - reported < PROGRESS_INTERVAL_MS) return;
      reported = performance.now();
      await this.update(id, { phase: "validating", processedRows, totalRows });
    };
    const parsed = await parseUpload(kind, files, issues, progress);
    const described: ImportSummary = {
      files: summary.files.map((f) => {
        const outline = parsed.files.find((o) => o.name === f.name);
        return outline ? { ...f, kind: outline.kind ?? undefined, rows: outline.rows } : f;
      }),
      rows: parsed.totalRows,
    };
    const parseMs = performance.now() - started;

    // Even with errors already found, references are checked too, so one report lists every error.
    await this.update(id, { phase: issues.count > 0 ? "validating" : "writing" });
    const now = this.deps.now();
    const outcome = await this.deps.db.transaction(async (tx): Promise<Outcome> => {
      // One import per bank at a time: two would race on the same natural keys.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`import:${organisationId}`}))`);
      let counts: Record<string, Counts>;
      let assetIds: Set<string>;
      let loanIds = new Set<string>();
      if (kind === "loan_book") {
        const state = await loadBookState(tx, organisationId, parsed.book);
        const plan = planBook(parsed.book, state, issues);
        if (issues.count > 0) return { ok: false };
        ({ loanIds, assetIds } = await writeBook(tx, state, plan, now));
        counts = plan.counts;
      } else {
        const applied = await applyFeed(tx, organisationId, parsed.feed, issues, now);
        if (!applied) return { ok: false };
        ({ counts, assetIds } = applied);
      }
      const changed = Object.values(counts).some((c) => c.created + c.updated > 0);
      await appendAudit(
        tx,
        { action: "import.completed", actorUserId: actor, organisationId, subjectType: "import", subjectId: id, data: { kind, rows: parsed.totalRows, counts } },
        now,
      );
      await tx
        .update(importJobs)
        .set({ phase: changed ? "evaluating" : null, processedRows: parsed.totalRows, summary: { ...described, counts } })
        .where(eq(importJobs.id, id));
      return { ok: true, counts, assetIds: changed ? assetIds : new Set(), loanIds: changed ? loanIds : new Set() };
    });
    const writeMs = performance.now() - started - parseMs;
    if (!outcome.ok) {
      await this.finish(id, "failed", described, issues.sorted(), issues.count);
      return null;
    }

    // After commit: alerts and notifications follow from what is now in the book.
    try {
      const loanIds = await this.loansPledging(outcome.assetIds, outcome.loanIds);
      if (loanIds.length > 0) await this.monitor.evaluateLoans(loanIds);
    } catch (error) {
      // The import stands; the periodic sweep will evaluate these loans again.
      this.deps.log.error({ err: error, importJobId: id }, "collateral monitor after import failed");
    }
    const evaluateMs = performance.now() - started - parseMs - writeMs;
    await this.update(id, { status: "done", phase: null, finishedAt: this.deps.now() });
    return { parseMs, writeMs, evaluateMs };
  }

  /** The loans the import touched, and every loan (of any bank) whose live pledges cover a touched asset. */
  private async loansPledging(assetIds: ReadonlySet<string>, loanIds: ReadonlySet<string>): Promise<string[]> {
    const rows = await lookup(assetIds, (chunk) =>
      this.deps.db
        .selectDistinct({ loanId: pledges.loanId })
        .from(pledgeAssets)
        .innerJoin(pledges, eq(pledges.id, pledgeAssets.pledgeId))
        .where(and(inArray(pledgeAssets.assetId, chunk), notInArray(pledges.status, ["cancelled", "realised"]))),
    );
    return [...new Set([...loanIds, ...rows.map((r) => r.loanId)])];
  }

  private async finish(id: string, status: "failed", summary: ImportSummary, errors: ImportIssue[], errorCount: number) {
    await this.update(id, { status, phase: null, summary, errors, errorCount, finishedAt: this.deps.now() });
  }

  private async update(
    id: string,
    values: Partial<{
      status: string;
      phase: ImportPhase | null;
      processedRows: number;
      totalRows: number;
      errors: ImportIssue[];
      errorCount: number;
      summary: ImportSummary;
      finishedAt: Date | null;
    }>,
  ) {
    await this.deps.db.update(importJobs).set(values).where(eq(importJobs.id, id));
  }
}
