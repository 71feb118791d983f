import { aliasedTable, and, asc, desc, eq, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { auditEvents, awards, ipAssets, listingAssets, listings, organisations, payments, settlements } from "../../../db/schema";
import type { Principal } from "../auth/principal";
import { type SettlementRow, owedInCash } from "./balance";
import { checklistOf, sellersPledgesOn } from "./completion";

export type SettlementRole = "buyer" | "seller" | "operator" | "auditor";

/** Who the caller is to this settlement; null: a stranger, who is told it does not exist. */
export function roleIn(principal: Principal, s: Pick<SettlementRow, "buyerOrganisationId" | "sellerOrganisationId">): SettlementRole | null {
  const org = principal.organisation;
  if (org.kind === "platform") return principal.role === "operator" ? "operator" : principal.role === "auditor" ? "auditor" : null;
  if (org.id === s.sellerOrganisationId) return "seller";
  if (org.id === s.buyerOrganisationId) return "buyer";
  return null;
}

const buyer = aliasedTable(organisations, "buyer");
const seller = aliasedTable(organisations, "seller");

const summaryColumns = {
  id: settlements.id,
  listingId: settlements.listingId,
  title: listings.title,
  status: settlements.status,
  source: settlements.source,
  currency: settlements.currency,
  price: settlements.price,
  buyerPremium: settlements.buyerPremium,
  platformFee: settlements.platformFee,
  depositApplied: settlements.depositApplied,
  creditOffset: settlements.creditOffset,
  balanceDue: settlements.balanceDue,
  dueAt: settlements.dueAt,
  createdAt: settlements.createdAt,
  buyerOrganisationId: settlements.buyerOrganisationId,
  sellerOrganisationId: settlements.sellerOrganisationId,
  buyerName: buyer.name,
  sellerName: seller.name,
};

/** The caller's settlements, as buyer or seller (the platform's operators and auditors see all), newest first. */
export async function listSettlements(db: DbOrTx, principal: Principal) {
  const org = principal.organisation.id;
  const platform = principal.organisation.kind === "platform" && ["operator", "auditor"].includes(principal.role);
  return db
    .select(summaryColumns)
    .from(settlements)
    .innerJoin(listings, eq(listings.id, settlements.listingId))
    .innerJoin(buyer, eq(buyer.id, settlements.buyerOrganisationId))
    .innerJoin(seller, eq(seller.id, settlements.sellerOrganisationId))
    .where(platform ? undefined : or(eq(settlements.buyerOrganisationId, org), eq(settlements.sellerOrganisationId, org)))
    .orderBy(desc(settlements.createdAt))
    .limit(500);
}

/** One settlement as its parties see it: figures, how to pay, the checklist and the status history. */
export async function settlementDetail(db: DbOrTx, s: SettlementRow, role: SettlementRole) {
  const [[summary], [payment], history, owed, [overpaid]] = await Promise.all([
    db
      .select({ ...summaryColumns, mode: listings.mode, preset: listings.preset })
      .from(settlements)
      .innerJoin(listings, eq(listings.id, settlements.listingId))
      .innerJoin(buyer, eq(buyer.id, settlements.buyerOrganisationId))
      .innerJoin(seller, eq(seller.id, settlements.sellerOrganisationId))
      .where(eq(settlements.id, s.id)),
    db
      .select({ reference: payments.reference, amount: payments.amount, received: payments.received, status: payments.status })
      .from(payments)
      .where(and(eq(payments.settlementId, s.id), eq(payments.purpose, "balance"), eq(payments.method, "bank_transfer")))
      .orderBy(desc(payments.createdAt))
      .limit(1),
    db.select({ action: auditEvents.action, at: auditEvents.occurredAt, data: auditEvents.data }).from(auditEvents).where(and(eq(auditEvents.subjectType, "settlement"), eq(auditEvents.subjectId, s.id))).orderBy(asc(auditEvents.id)),
    owedInCash(db, s),
    // Money beyond what its request asked (a transfer after a card paid, a card charged after a transfer paid): owed back to the buyer.
    db.select({ sum: sql<string>`coalesce(sum(greatest(${payments.received} - ${payments.amount}, 0)), 0)` }).from(payments).where(and(eq(payments.settlementId, s.id), eq(payments.purpose, "balance"))),
  ]);
  return {
    ...summary!,
    role,
    supersedesId: s.supersedesId,
    paidAt: s.paidAt,
    completedAt: s.completedAt,
    defaultedAt: s.defaultedAt,
    owed: s.status === "awaiting_payment" ? owed : 0n,
    payment: payment ?? null,
    overpaid: BigInt(overpaid!.sum),
    checklist: checklistOf(s),
    canTick: s.status === "paid" && (role === "seller" || role === "operator"),
    equityExit: s.realisedAmount !== null && s.realisedOn !== null ? { agreedValue: s.price, realised: s.realisedAmount, realisedOn: s.realisedOn, adjustment: s.realisedAmount - s.price } : null,
    canRecordExit: s.source === "equity" && role === "seller" && s.realisedAmount === null,
    history: history.map((h) => ({ action: h.action.replace(/^settlement\./, ""), at: h.at })),
  };
}

/** What a transfer application and a pledge cancellation need: the parties, the rights, the price, the award, the pledges, the reference. */
export async function filingPack(db: DbOrTx, s: SettlementRow) {
  const party = (id: string) => db.select({ name: organisations.name, creditCode: organisations.creditCode }).from(organisations).where(eq(organisations.id, id));
  const [[b], [sl], [award], [payment], rights, pledged, [listing]] = await Promise.all([
    party(s.buyerOrganisationId),
    party(s.sellerOrganisationId),
    s.awardId ? db.select({ at: awards.createdAt }).from(awards).where(eq(awards.id, s.awardId)) : Promise.resolve([]),
    db.select({ reference: payments.reference }).from(payments).where(and(eq(payments.settlementId, s.id), eq(payments.purpose, "balance"), eq(payments.method, "bank_transfer"))).limit(1),
    db
      .select({ type: ipAssets.type, jurisdiction: ipAssets.jurisdiction, registryNumber: ipAssets.registryNumber, title: ipAssets.title, owners: ipAssets.owners })
      .from(listingAssets)
      .innerJoin(ipAssets, eq(ipAssets.id, listingAssets.assetId))
      .where(eq(listingAssets.listingId, s.listingId))
      .orderBy(ipAssets.registryNumber),
    sellersPledgesOn(db, s),
    db.select({ title: listings.title }).from(listings).where(eq(listings.id, s.listingId)),
  ]);
  return {
    settlementId: s.id,
    status: s.status,
    title: listing!.title,
    reference: payment?.reference ?? null,
    buyer: b!,
    seller: sl!,
    rights,
    currency: s.currency,
    price: s.price,
    creditOffset: s.creditOffset,
    awardedAt: award?.at ?? s.createdAt,
    paidAt: s.paidAt,
    pledges: pledged.map((p) => p.registryPledgeNumber),
  };
}

export type FilingPack = Awaited<ReturnType<typeof filingPack>>;
