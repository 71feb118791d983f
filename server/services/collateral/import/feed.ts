import { inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../../db/client";
import { ipAssets, registryEvents } from "../../../../db/schema";
import type { LegalStatus } from "../../../domain/collateral/vocabulary";
import { tellWatchersOfAssets } from "../../listings/watchers";
import { assetsInBook, loadAssets } from "./book-state";
import { WRITE_CHUNK, chunked, lookup } from "./chunks";
import type { IssueList } from "./issues";
import { type Counts, type EventRow, type ParsedFeed, assetKey } from "./types";

export type FeedCounts = { events: Counts; assets: Counts };
export type FeedOutcome = { counts: FeedCounts; assetIds: Set<string> };

type Latest = { on: string; value: string | null };

/**
 * Applies a registry feed inside the caller's transaction. Each event is recorded once (asset, source,
 * source reference); an asset takes the status and next annuity date of its newest event, and an event
 * older than one already applied never winds the asset back. Returns null when a row named an asset
 * outside the bank's book (reported to `issues`; nothing is written).
 */
export async function applyFeed(tx: DbOrTx, organisationId: string, feed: ParsedFeed, issues: IssueList, now: Date): Promise<FeedOutcome | null> {
  const assets = await loadAssets(tx, feed.events.map((e) => assetKey(e.asset)));
  const inBook = await assetsInBook(tx, organisationId, [...assets.values()].map((a) => a.id));
  for (const event of feed.events) {
    const asset = assets.get(assetKey(event.asset));
    // Unknown and someone else's answer alike, so a feed cannot probe other books.
    if (!asset || !inBook.has(asset.id)) issues.add(event.file, event.line, "registry_number", "asset_not_found", { asset: `${event.asset.type}:${event.asset.registryNumber}` });
  }
  if (issues.count > 0) return null;

  const ids = [...new Set([...assets.values()].map((a) => a.id))];
  const existing = await lookup(ids, (chunk) =>
    tx
      .select({ assetId: registryEvents.assetId, source: registryEvents.source, sourceRef: registryEvents.sourceRef, occurredOn: registryEvents.occurredOn, newStatus: registryEvents.newStatus, details: registryEvents.details })
      .from(registryEvents)
      .where(inArray(registryEvents.assetId, chunk)),
  );
  const recorded = new Set(existing.map((e) => `${e.assetId}|${e.source}|${e.sourceRef}`));
  const latestStatus = new Map<string, Latest>();
  const latestDue = new Map<string, Latest>();
  const advance = (map: Map<string, Latest>, id: string, on: string, value: string | null) => {
    const current = map.get(id);
    if (!current || current.on <= on) map.set(id, { on, value });
  };
  for (const e of existing) {
    if (e.newStatus) advance(latestStatus, e.assetId, e.occurredOn, e.newStatus);
    const due = (e.details as { nextAnnuityDue?: string } | null)?.nextAnnuityDue;
    if (due) advance(latestDue, e.assetId, e.occurredOn, due);
  }

  const counts: FeedCounts = { events: { created: 0, updated: 0, unchanged: 0 }, assets: { created: 0, updated: 0, unchanged: 0 } };
  const fresh: Array<EventRow & { assetId: string }> = [];
  for (const event of feed.events) {
    const assetId = assets.get(assetKey(event.asset))!.id;
    if (recorded.has(`${assetId}|${event.source}|${event.sourceRef}`)) counts.events.unchanged += 1;
    else {
      counts.events.created += 1;
      fresh.push({ ...event, assetId });
    }
  }
  // Oldest first, so the newest event of each asset decides (ties: the later row).
  const ordered = [...fresh].sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : 0));
  const statusBefore = new Map(latestStatus);
  const dueBefore = new Map(latestDue);
  for (const e of ordered) {
    if (e.newStatus) advance(latestStatus, e.assetId, e.occurredOn, e.newStatus);
    if (e.nextAnnuityDue) advance(latestDue, e.assetId, e.occurredOn, e.nextAnnuityDue);
  }

  const updates: Array<{ id: string; legalStatus: LegalStatus; nextAnnuityDue: string | null }> = [];
  const statusChanged: string[] = [];
  for (const asset of new Map([...assets.values()].map((a) => [a.id, a])).values()) {
    const status = latestStatus.get(asset.id) !== statusBefore.get(asset.id) ? (latestStatus.get(asset.id)!.value as LegalStatus) : asset.legalStatus;
    const due = latestDue.get(asset.id) !== dueBefore.get(asset.id) ? latestDue.get(asset.id)!.value : asset.nextAnnuityDue;
    if (status !== asset.legalStatus || due !== asset.nextAnnuityDue) updates.push({ id: asset.id, legalStatus: status, nextAnnuityDue: due });
    if (status !== asset.legalStatus) statusChanged.push(asset.id);
  }
  counts.assets.updated = updates.length;
  counts.assets.unchanged = new Set([...assets.values()].map((a) => a.id)).size - updates.length;

  for (const chunk of chunked(fresh, WRITE_CHUNK)) {
    await tx
      .insert(registryEvents)
      .values(
        chunk.map((e) => ({
          assetId: e.assetId,
          kind: e.kind,
          occurredOn: e.occurredOn,
          source: e.source,
          sourceRef: e.sourceRef,
          newStatus: e.newStatus ?? null,
          details: e.nextAnnuityDue || e.note ? { ...(e.nextAnnuityDue ? { nextAnnuityDue: e.nextAnnuityDue } : {}), ...(e.note ? { note: e.note } : {}) } : null,
          recordedBy: organisationId,
        })),
      )
      .onConflictDoNothing();
  }
  for (const chunk of chunked(updates, WRITE_CHUNK)) {
    const values = sql.join(
      chunk.map((u) => sql`(${u.id}, ${u.legalStatus}, ${u.nextAnnuityDue})`),
      sql`, `,
    );
    await tx.execute(sql`
      update ${ipAssets} set legal_status = v.status::legal_status, next_annuity_due = v.due::date
      from (values ${values}) as v(id, status, due)
      where ${ipAssets.id} = v.id::uuid`);
  }
  await tellWatchersOfAssets(tx, statusChanged, now);
  return { counts, assetIds: new Set(fresh.map((e) => e.assetId)) };
}
