/** A token bucket per key: `capacity` in a burst, refilled at `perSecond`. Time is passed in. */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly maxKeys = 50_000,
  ) {}

  take(key: string, nowMs: number, cost = 1): boolean {
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: nowMs };
    const refilled = Math.min(this.capacity, bucket.tokens + ((nowMs - bucket.at) / 1000) * this.perSecond);
    const allowed = refilled >= cost;
    if (!this.buckets.has(key) && this.buckets.size >= this.maxKeys) this.evictFull(nowMs);
    this.buckets.set(key, { tokens: allowed ? refilled - cost : refilled, at: nowMs });
    return allowed;
  }

  forget(key: string): void {
    this.buckets.delete(key);
  }

  /** Drops buckets that have refilled completely: they hold no information. */
  private evictFull(nowMs: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((nowMs - b.at) / 1000) * this.perSecond >= this.capacity) this.buckets.delete(key);
    }
  }
}
