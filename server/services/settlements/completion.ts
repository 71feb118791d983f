import { and, eq, inArray, ne } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { ipAssets, listingAssets, loans, organisations, pledgeAssets, pledges, registryEvents, settlements } from "../../../db/schema";
import { CHECKLIST_STEPS, type ChecklistStep } from "../../domain/proceeds/settlement-terms";
import { appendAudit } from "../audit";
import type { SettlementRow } from "./balance";

const STEP_COLUMN = { transfer_filed: "transferFiledAt", transfer_recorded: "transferRecordedAt", pledge_cancelled: "pledgeCancelledAt" } as const satisfies Record<ChecklistStep, keyof SettlementRow>;

export function checklistOf(s: SettlementRow): Record<ChecklistStep, Date | null> {
  return Object.fromEntries(CHECKLIST_STEPS.map((step) => [step, s[STEP_COLUMN[step]]])) as Record<ChecklistStep, Date | null>;
}

/** The seller's pledges on the settlement's rights: what the registry is asked to cancel once the buyer has paid. */
export function sellersPledgesOn(tx: DbOrTx, s: Pick<SettlementRow, "listingId" | "sellerOrganisationId">) {
  return tx
    .selectDistinct({ id: pledges.id, registryPledgeNumber: pledges.registryPledgeNumber, status: pledges.status })
    .from(listingAssets)
    .innerJoin(pledgeAssets, eq(pledgeAssets.assetId, listingAssets.assetId))
    .innerJoin(pledges, eq(pledges.id, pledgeAssets.pledgeId))
    .innerJoin(loans, and(eq(loans.id, pledges.loanId), eq(loans.organisationId, s.sellerOrganisationId)))
    .where(eq(listingAssets.listingId, s.listingId))
    .orderBy(pledges.registryPledgeNumber);
}

/**
 * Ticks one step of the title-transfer checklist on a paid settlement (idempotent: a step keeps its first
 * time). The last step completes it: the seller's pledges on the rights are cancelled and the rights are
 * recorded as transferred to the buyer.
 */
export async function tickStep(tx: DbOrTx, s: SettlementRow, step: ChecklistStep, actorUserId: string, now: Date): Promise<SettlementRow> {
  const column = STEP_COLUMN[step];
  const ticked = { ...s, [column]: s[column] ?? now };
  const done = CHECKLIST_STEPS.every((k) => ticked[STEP_COLUMN[k]] !== null);
  const audit = { actorUserId, organisationId: s.sellerOrganisationId, subjectType: "settlement", subjectId: s.id };
  if (s[column] === null) await appendAudit(tx, { ...audit, action: "settlement.checklist_ticked", data: { step } }, now);
  if (!done) {
    await tx.update(settlements).set({ [column]: ticked[column], updatedAt: now }).where(eq(settlements.id, s.id));
    return ticked;
  }
  const [row] = await tx.update(settlements).set({ [column]: ticked[column], status: "completed", completedAt: now, updatedAt: now }).where(eq(settlements.id, s.id)).returning();
  const held = (await sellersPledgesOn(tx, s)).filter((p) => p.status !== "cancelled").map((p) => p.id);
  if (held.length > 0) await tx.update(pledges).set({ status: "cancelled" }).where(inArray(pledges.id, held));
  const [buyer] = await tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, s.buyerOrganisationId));
  const assetIds = (await tx.select({ id: listingAssets.assetId }).from(listingAssets).where(eq(listingAssets.listingId, s.listingId))).map((a) => a.id);
  if (assetIds.length > 0) {
    await tx.update(ipAssets).set({ legalStatus: "transferred", owners: [buyer!.name] }).where(and(inArray(ipAssets.id, assetIds), ne(ipAssets.legalStatus, "transferred")));
    const day = now.toISOString().slice(0, 10);
    await tx
      .insert(registryEvents)
      .values(assetIds.map((assetId) => ({ assetId, kind: "transfer" as const, occurredOn: day, source: "settlement", sourceRef: s.id, newStatus: "transferred" as const, details: { buyer: buyer!.name }, recordedBy: s.sellerOrganisationId })))
      .onConflictDoNothing();
  }
  await appendAudit(tx, { ...audit, action: "settlement.completed", data: { pledgesCancelled: held.length, assets: assetIds.length } }, now);
  return row!;
}
