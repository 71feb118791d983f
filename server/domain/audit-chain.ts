/** The audit log's hash chain: pure, so the writer and the verifier compute a link the same way. */
export type AuditLink = {
  chain: string;
  seq: number;
  occurredAt: Date;
  actorUserId: string | null;
  organisationId: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  data: unknown;
  prevHash: string;
};

export const GENESIS_HASH = "0".repeat(64);

/**
 * JSON with object keys sorted at every depth, so that jsonb's own key order cannot change a hash.
 * Dates become ISO strings and bigints decimal strings, as they are stored.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === "bigint") return JSON.stringify(value.toString());
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** The bytes a link's hash covers; the caller supplies the digest (sha256 on the server). */
export function linkPayload(link: AuditLink): string {
  return canonicalJson([
    link.chain,
    link.seq,
    link.occurredAt.toISOString(),
    link.actorUserId,
    link.organisationId,
    link.action,
    link.subjectType,
    link.subjectId,
    link.data ?? null,
    link.prevHash,
  ]);
}

/**
 * Why a chain is broken at `seq`: a missing or repeated seq, a link naming another predecessor, a link whose
 * content no longer gives its hash, links missing from the end (fewer than the chain's recorded head counts),
 * or a day-end checkpoint the chain no longer contains.
 */
export type ChainBreak = { seq: number; reason: "prev_hash_mismatch" | "hash_mismatch" | "seq_gap" | "missing_links" | "checkpoint_mismatch" };

/** Any hash chain's links: gap-free seqs, each naming the previous link's hash. */
export type ChainedLink = { seq: number; prevHash: string; hash: string };

/**
 * Walks a chain (or a page of it, continuing `from`) in seq order; `hashOf` recomputes a link's hash from its
 * content. Names the first broken link, or null.
 */
export function firstBreakIn<L extends ChainedLink>(links: readonly L[], hashOf: (link: L) => string, from: { seq: number; prevHash: string } = { seq: 1, prevHash: GENESIS_HASH }): ChainBreak | null {
  let expectedPrev = from.prevHash;
  let expectedSeq = from.seq;
  for (const link of links) {
    if (link.seq !== expectedSeq) return { seq: link.seq, reason: "seq_gap" };
    if (link.prevHash !== expectedPrev) return { seq: link.seq, reason: "prev_hash_mismatch" };
    if (hashOf(link) !== link.hash) return { seq: link.seq, reason: "hash_mismatch" };
    expectedPrev = link.hash;
    expectedSeq += 1;
  }
  return null;
}

/** Walks one audit chain (or a page of it, continuing `from`) in seq order; names the first broken link, or null. */
export function findFirstBreak(
  links: ReadonlyArray<AuditLink & { hash: string }>,
  digest: (payload: string) => string,
  from: { seq: number; prevHash: string } = { seq: 1, prevHash: GENESIS_HASH },
): ChainBreak | null {
  return firstBreakIn(links, (link) => digest(linkPayload(link)), from);
}
