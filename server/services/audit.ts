import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { auditCheckpoints, auditEvents } from "../../db/schema";
import { type ChainBreak, GENESIS_HASH, canonicalJson, findFirstBreak, linkPayload } from "../domain/audit-chain";
import { type ChainReport, verifyBidChains } from "./audit-bid-chains";
import { sha256 } from "./secrets";

export type { ChainReport };

export type AuditEntry = {
  action: string;
  actorUserId?: string | null;
  organisationId?: string | null;
  subjectType?: string;
  subjectId?: string;
  data?: Record<string, unknown>;
  chain?: string;
};

/**
 * Appends to a chain inside the caller's transaction, so an event exists exactly when its effect does.
 * A transaction-scoped advisory lock per chain orders concurrent writers without blocking other chains.
 */
export async function appendAudit(tx: DbOrTx, entry: AuditEntry, now: Date): Promise<void> {
  const chain = entry.chain ?? "global";
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`audit:${chain}`}))`);
  const [last] = await tx
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .where(eq(auditEvents.chain, chain))
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  const link = {
    chain,
    seq: (last?.seq ?? 0) + 1,
    occurredAt: new Date(Math.floor(now.getTime())),
    actorUserId: entry.actorUserId ?? null,
    organisationId: entry.organisationId ?? null,
    action: entry.action,
    subjectType: entry.subjectType ?? null,
    subjectId: entry.subjectId ?? null,
    // Stored exactly as hashed: what jsonb gives back canonicalises to the same bytes.
    data: entry.data === undefined ? null : (JSON.parse(canonicalJson(entry.data)) as unknown),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  await tx.insert(auditEvents).values({ ...link, hash: sha256(linkPayload(link)) });
}

const PAGE = 5_000;

/** Every audit chain, then every lot's bid chain: one report each, naming the first broken link. */
export async function verifyAuditChains(db: Db): Promise<ChainReport[]> {
  return [...(await verifyEventChains(db)), ...(await verifyBidChains(db))];
}

/**
 * Recomputes every audit chain from its first link and holds it against each day-end checkpoint: a
 * checkpoint's seq must still be there with the hash it had.
 */
async function verifyEventChains(db: Db): Promise<ChainReport[]> {
  const chains = await db.selectDistinct({ chain: auditEvents.chain }).from(auditEvents).orderBy(asc(auditEvents.chain));
  const checkpointed = await db.selectDistinct({ chain: auditCheckpoints.chain }).from(auditCheckpoints);
  const names = [...new Set([...chains.map((c) => c.chain), ...checkpointed.map((c) => c.chain)])].sort();
  const reports: ChainReport[] = [];
  for (const chain of names) {
    const checkpoints = await db.select({ seq: auditCheckpoints.seq, hash: auditCheckpoints.hash }).from(auditCheckpoints).where(eq(auditCheckpoints.chain, chain));
    const expected = new Map(checkpoints.map((c) => [c.seq, c.hash]));
    let afterSeq = 0;
    let events = 0;
    let prevHash = GENESIS_HASH;
    let firstBreak: ChainBreak | null = null;
    for (;;) {
      const rows = await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.chain, chain), gt(auditEvents.seq, afterSeq)))
        .orderBy(asc(auditEvents.seq))
        .limit(PAGE);
      if (rows.length === 0) break;
      firstBreak = findFirstBreak(rows, sha256, { seq: afterSeq + 1, prevHash });
      const moved = rows.find((r) => expected.has(r.seq) && expected.get(r.seq) !== r.hash);
      if (moved && (!firstBreak || moved.seq < firstBreak.seq)) firstBreak = { seq: moved.seq, reason: "checkpoint_mismatch" };
      if (firstBreak) break;
      events += rows.length;
      afterSeq = rows[rows.length - 1]!.seq;
      prevHash = rows[rows.length - 1]!.hash;
    }
    const beyond = Math.max(0, ...checkpoints.map((c) => c.seq));
    if (!firstBreak && beyond > afterSeq) firstBreak = { seq: afterSeq + 1, reason: "missing_links" };
    reports.push({ chain, events, firstBreak });
  }
  return reports;
}

/**
 * Records each audit chain's head as the checkpoint of `day` (a China calendar date, written at its end):
 * once per chain and day, whichever process gets there first.
 */
export async function writeAuditCheckpoints(db: Db, day: string, now: Date): Promise<number> {
  const rows = await db
    .select({ chain: auditEvents.chain, seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .where(sql`(${auditEvents.chain}, ${auditEvents.seq}) in (select chain, max(seq) from audit_events group by chain)`);
  if (rows.length === 0) return 0;
  const written = await db
    .insert(auditCheckpoints)
    .values(rows.map((r) => ({ chain: r.chain, day, seq: r.seq, hash: r.hash, recordedAt: now })))
    .onConflictDoNothing()
    .returning({ chain: auditCheckpoints.chain });
  return written.length;
}
