import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { auditEvents } from "../../db/schema";
import { type ChainBreak, GENESIS_HASH, canonicalJson, findFirstBreak, linkPayload } from "../domain/audit-chain";
import { sha256 } from "./secrets";

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

export type ChainReport = { chain: string; events: number; firstBreak: ChainBreak | null };

const PAGE = 5_000;

/** Recomputes every chain from its first link; reports the first broken link of each. */
export async function verifyAuditChains(db: Db): Promise<ChainReport[]> {
  const chains = await db.selectDistinct({ chain: auditEvents.chain }).from(auditEvents).orderBy(asc(auditEvents.chain));
  const reports: ChainReport[] = [];
  for (const { chain } of chains) {
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
      if (firstBreak) break;
      events += rows.length;
      afterSeq = rows[rows.length - 1]!.seq;
      prevHash = rows[rows.length - 1]!.hash;
    }
    reports.push({ chain, events, firstBreak });
  }
  return reports;
}
