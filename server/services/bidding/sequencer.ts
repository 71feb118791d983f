import type { ServiceDeps } from "../context";
import { type BatchCommand, type BatchAnswer, type BatchEffects, decideBatch } from "./decide-batch";

type Waiting = { command: BatchCommand; resolve: (answer: BatchAnswer) => void };
type Queue = { waiting: Waiting[]; running: boolean };

/** One transaction decides at most this many commands; the rest form the next batch. */
const MAX_BATCH = 500;

/**
 * The per-lot queue that decides commands strictly in arrival order. While one batch's transaction is in
 * flight, new commands wait and form the next batch (group commit): one row lock, one insert, one commit
 * for many bids. An answer is given only after its batch committed; a failed transaction answers every
 * command of the batch UNAVAILABLE, and nothing is kept in memory (each batch reloads the locked row).
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
      this.deps.log.warn({ err: error, lotId, commands: commands.length }, "bid batch failed; answered UNAVAILABLE");
      return commands.map((c) => (c.kind === "bid" ? { ok: false, code: "UNAVAILABLE" } : { kind: "close", closed: false, endsAt: null }));
    }
  }
}
