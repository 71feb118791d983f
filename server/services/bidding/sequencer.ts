import type { ServiceDeps } from "../context";
import { type BatchCommand, type BatchAnswer, type BatchEffects, decideBatch } from "./decide-batch";

type Waiting = { command: BatchCommand; resolve: (answer: BatchAnswer) => void };
type Queue = { waiting: Waiting[]; running: boolean };

/** One transaction decides at most this many commands; the rest form the next batch. */
const MAX_BATCH = 500;

/**
 * The per-lot queue that decides commands strictly in arrival order. While one batch's transaction is in
 * flight, new commands wait and form the next batch (group commit): one row lock, one insert, one commit
 * for many bids. An answer is given only after its batch committed, and nothing is kept in memory (each
 * batch reloads the locked row). When a batch's transaction fails because of what one command carries, the
 * batch is decided again in halves, in order, so that only the offending command is refused; when the
 * database itself is unreachable, every command of the batch is answered UNAVAILABLE.
 */
export class LotSequencer {
  private readonly queues = new Map<string, Queue>();
  private readonly drained = new Set<() => void>();

  constructor(
    private readonly deps: ServiceDeps,
    private readonly committed: (effects: BatchEffects) => void,
  ) {}

  /** Enters a command into the lot's queue; "received" is this moment, stamped by the server's clock. */
  submit<C extends BatchCommand>(lotId: string, command: Omit<C, "receivedAt">): Promise<BatchAnswer> {
    const received = { ...command, receivedAt: this.deps.now().getTime() } as BatchCommand;
    return new Promise((resolve) => {
      let queue = this.queues.get(lotId);
      if (!queue) this.queues.set(lotId, (queue = { waiting: [], running: false }));
      queue.waiting.push({ command: received, resolve });
      if (!queue.running) void this.drain(lotId, queue);
    });
  }

  /** Resolves once no batch is queued or running (for a graceful stop). */
  idle(): Promise<void> {
    if (this.queues.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.add(resolve));
  }

  private async drain(lotId: string, queue: Queue) {
    queue.running = true;
    while (queue.waiting.length > 0) {
      const batch = queue.waiting.splice(0, MAX_BATCH);
      const answers = await this.run(lotId, batch.map((w) => w.command));
      batch.forEach((w, i) => w.resolve(answers[i]!));
    }
    queue.running = false;
    this.queues.delete(lotId);
    if (this.queues.size > 0) return;
    for (const resolve of this.drained) resolve();
    this.drained.clear();
  }

  private async run(lotId: string, commands: BatchCommand[]): Promise<BatchAnswer[]> {
    try {
      const { answers, effects } = await this.deps.db.transaction((tx) => decideBatch(tx, lotId, commands, this.deps.now(), this.deps.config));
      this.committed(effects);
      return answers;
    } catch (error) {
      if (commands.length > 1 && !isUnavailable(error)) {
        // One command poisoned the batch (PostgreSQL refused what it carries): no other command pays for it.
        const half = Math.ceil(commands.length / 2);
        const first = await this.run(lotId, commands.slice(0, half));
        return [...first, ...(await this.run(lotId, commands.slice(half)))];
      }
      const code = isDataException(error) ? "INVALID" : "UNAVAILABLE";
      this.deps.log.warn({ err: error, lotId, commands: commands.length }, `bid batch failed; answered ${code}`);
      return commands.map((c) => (c.kind === "bid" ? { ok: false, code } : { kind: "close", closed: false, endsAt: null }));
    }
  }
}

/** The driver's error code (a SQLSTATE, or a connection error's name), also under drizzle's wrapping `cause`. */
function driverCode(error: unknown): string | null {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return null;
}

const isSqlState = (code: string) => /^[0-9A-Z]{5}$/.test(code);

/**
 * The database, not a command, failed: a connection error of the driver (no SQLSTATE) or a connection,
 * resources, operator or system class. Deciding the batch again would only fail again.
 */
function isUnavailable(error: unknown): boolean {
  const code = driverCode(error);
  if (code === null) return false;
  return !isSqlState(code) || ["08", "53", "57", "58"].includes(code.slice(0, 2));
}

/** Class 22: the value a command carried cannot be stored (a NUL byte in text, say). */
function isDataException(error: unknown): boolean {
  const code = driverCode(error);
  return code !== null && isSqlState(code) && code.startsWith("22");
}
