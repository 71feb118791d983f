import { eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { jobs } from "../../db/schema";
import { isUniqueViolation, type ServiceDeps } from "../services/context";

export type JobHandler = (payload: Record<string, unknown>, job: { id: string; attempts: number }) => Promise<void>;

export type EnqueueOptions = { kind: string; payload?: Record<string, unknown>; runAt: Date; dedupeKey?: string };

const LEASE_MS = 5 * 60_000;
const POLL_MS = 500;
const BATCH = 4;
const MAX_ATTEMPTS = 5;

/** Queues a job inside the caller's transaction: it exists exactly when the work that asked for it does. */
export async function enqueueJob(tx: DbOrTx, options: EnqueueOptions): Promise<void> {
  // A queued (not yet claimed) job with the same dedupe key means the work will run: nothing to add.
  await tx
    .insert(jobs)
    .values({ kind: options.kind, payload: options.payload ?? {}, runAt: options.runAt, dedupeKey: options.dedupeKey ?? null })
    .onConflictDoNothing();
}

/**
 * Polls the jobs table with FOR UPDATE SKIP LOCKED: several processes share the work and each job is
 * claimed by one of them under a lease; a crashed claimant's lease expires and the job runs again.
 */
export class JobRunner {
  private timer: NodeJS.Timeout | undefined;
  private ticks = new Set<Promise<void>>();
  private running = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly handlers: Record<string, JobHandler>,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Poll now (after enqueueing work that should start at once). */
  wake(): void {
    if (!this.stopped) this.schedule(0);
  }

  /** Resolves once no poll and no job of this runner touches the database any more (it may be closed then). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    // A poll in flight may still claim jobs; it starts none of them once stopped, but its claim must end first.
    await Promise.allSettled([...this.ticks]);
    await Promise.allSettled([...this.running]);
  }

  private schedule(delay: number) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const tick = this.tick().finally(() => this.ticks.delete(tick));
      this.ticks.add(tick);
    }, delay);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      const claimed = await this.claim();
      if (this.stopped) {
        await this.release(claimed.map((job) => job.id));
        return;
      }
      for (const job of claimed) {
        const work = this.run(job).finally(() => this.running.delete(work));
        this.running.add(work);
      }
    } catch (error) {
      this.deps.log.error({ err: error }, "job poll failed");
    }
    if (!this.stopped) this.schedule(POLL_MS);
  }

  /** Gives back jobs claimed while stopping, so another process runs them now rather than when the lease ends. */
  private async release(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.deps.db
      .update(jobs)
      .set({ lockedUntil: null, attempts: sql`${jobs.attempts} - 1` })
      .where(inArray(jobs.id, ids));
  }

  private async claim() {
    const now = this.deps.now();
    const leaseEnd = new Date(now.getTime() + LEASE_MS);
    const kinds = Object.keys(this.handlers);
    if (kinds.length === 0) return [];
    return this.deps.db.transaction(async (tx) => {
      const due = await tx.execute(sql`
        select id from ${jobs}
        where ${jobs.doneAt} is null and ${jobs.runAt} <= ${now.toISOString()}::timestamptz
          and (${jobs.lockedUntil} is null or ${jobs.lockedUntil} < ${now.toISOString()}::timestamptz)
          and ${inArray(jobs.kind, kinds)}
        order by ${jobs.runAt}
        limit ${BATCH}
        for update skip locked`);
      const ids = rowsOf<{ id: string }>(due).map((r) => r.id);
      if (ids.length === 0) return [];
      return tx
        .update(jobs)
        .set({ lockedUntil: leaseEnd, attempts: sql`${jobs.attempts} + 1` })
        .where(inArray(jobs.id, ids))
        .returning();
    });
  }

  /** Never rejects: a job's failure is recorded on its row, and a failure to record it is logged (the lease then expires). */
  private async run(job: typeof jobs.$inferSelect): Promise<void> {
    const handler = this.handlers[job.kind];
    try {
      await handler!(job.payload as Record<string, unknown>, { id: job.id, attempts: job.attempts });
      await this.deps.db.update(jobs).set({ doneAt: this.deps.now(), lockedUntil: null, lastError: null }).where(eq(jobs.id, job.id));
    } catch (error) {
      this.deps.log.error({ err: error, job: job.id, kind: job.kind }, "job failed");
      try {
        await this.recordFailure(job, error);
      } catch (recording) {
        this.deps.log.error({ err: recording, job: job.id, kind: job.kind }, "job failure not recorded; its lease will expire");
      }
    }
  }

  private async recordFailure(job: typeof jobs.$inferSelect, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    const giveUp = job.attempts >= MAX_ATTEMPTS;
    const retryAt = new Date(this.deps.now().getTime() + 2 ** job.attempts * 1000);
    const lastError = message.slice(0, 2000);
    try {
      await this.deps.db
        .update(jobs)
        .set({ lastError, lockedUntil: null, ...(giveUp ? { doneAt: this.deps.now() } : { runAt: retryAt }) })
        .where(eq(jobs.id, job.id));
    } catch (conflict) {
      // The same work was queued again meanwhile: that run will do it, so this one ends here.
      if (!isUniqueViolation(conflict)) throw conflict;
      await this.deps.db.update(jobs).set({ lastError, doneAt: this.deps.now() }).where(eq(jobs.id, job.id));
    }
  }
}

/** postgres.js returns rows as the result; PGlite as `.rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
