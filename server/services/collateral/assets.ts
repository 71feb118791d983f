import { and, asc, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { z } from "zod";
import { documents, ipAssets, loans, organisations, pledgeAssets, pledges, registryEvents, valuations } from "../../../db/schema";
import type { AssetType, RegistryEventStatus } from "../../domain/collateral/vocabulary";
import { checkRegistryNumber } from "../../domain/collateral/registry-numbers";
import { fail, ok } from "../../domain/result";
import type { AssetInput, PledgeInput, RegistryEventInput, ValuationInput } from "../../domain/schemas/collateral";
import { appendAudit } from "../audit";
import { tellWatchersOfAssets } from "../listings/watchers";
import type { Principal } from "../auth/principal";
import { isUniqueViolation, type ServiceDeps } from "../context";
import { type DocumentContent, storeDocument } from "../documents";
import type { FileStorage } from "../storage";
import type { MonitorService } from "./monitor";
import { upsertParty } from "./loans";
import { rankedPledges, pledgeSeenBy } from "./pledge-ranks";
import { assetInBook, findAssetInBook } from "./scope";

/**
 * A right by its registry number, whoever registered it: registry facts are public, and a bank may value
 * or take a pledge over a right another bank already knows (it then enters this bank's book too).
 */
async function findRegisteredAsset(db: DbOrTx, ref: { type: AssetType; registryNumber: string }) {
  const number = checkRegistryNumber(ref.type, ref.registryNumber);
  if (!number.ok) return null;
  const [row] = await db
    .select()
    .from(ipAssets)
    .where(and(eq(ipAssets.type, ref.type), eq(ipAssets.jurisdiction, "CN"), eq(ipAssets.registryNumber, number.normalised)));
  return row ?? null;
}

/** What a report keeps for its confirmation besides its columns. */
const ReportDetailsSchema = z.looseObject({ note: z.string().optional(), nextAnnuityDue: z.string().optional() });

/** A right in this bank's book: only those take registry reports from the bank. */
async function findAssetByRef(db: DbOrTx, organisationId: string, ref: { type: AssetType; registryNumber: string }) {
  const number = checkRegistryNumber(ref.type, ref.registryNumber);
  if (!number.ok) return null;
  const [row] = await db
    .select()
    .from(ipAssets)
    .where(and(eq(ipAssets.type, ref.type), eq(ipAssets.jurisdiction, "CN"), eq(ipAssets.registryNumber, number.normalised), assetInBook(organisationId)));
  return row ?? null;
}

/** Pledged rights: their facts, registry events, valuations, pledges and documents. */
export class AssetService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly monitor: MonitorService,
    private readonly storage: FileStorage,
  ) {}

  /** Registers a right in the bank's book; a right already known to the exchange is the same row. */
  async create(principal: Principal, input: AssetInput) {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const [existing] = await tx
        .select({ id: ipAssets.id })
        .from(ipAssets)
        .where(and(eq(ipAssets.type, input.type), eq(ipAssets.jurisdiction, "CN"), eq(ipAssets.registryNumber, input.registryNumber)));
      if (existing) return fail("ASSET_EXISTS", { id: existing.id });
      const [row] = await tx
        .insert(ipAssets)
        .values({ ...input, jurisdiction: "CN", filedOn: input.filedOn ?? null, grantedOn: input.grantedOn ?? null, expiresOn: input.expiresOn ?? null, nextAnnuityDue: input.nextAnnuityDue ?? null, registeredBy: principal.organisation.id, createdAt: now })
        .returning({ id: ipAssets.id });
      await appendAudit(tx, { action: "asset.registered", actorUserId: principal.user.id, organisationId: principal.organisation.id, subjectType: "ip_asset", subjectId: row!.id, data: { type: input.type, registryNumber: input.registryNumber } }, now);
      return ok({ id: row!.id });
    });
  }

  async addValuation(principal: Principal, input: ValuationInput) {
    const now = this.deps.now();
    const result = await this.deps.db
      .transaction(async (tx) => {
        const asset = await findRegisteredAsset(tx, input.asset);
        if (!asset) return fail("NOT_FOUND");
        const [row] = await tx
          .insert(valuations)
          .values({ assetId: asset.id, organisationId: principal.organisation.id, appraiser: input.appraiser, method: input.method, amount: input.amount, currency: input.currency, valuedOn: input.valuedOn })
          .returning({ id: valuations.id });
        await appendAudit(tx, { action: "valuation.recorded", actorUserId: principal.user.id, organisationId: principal.organisation.id, subjectType: "ip_asset", subjectId: asset.id, data: { amount: input.amount, currency: input.currency, valuedOn: input.valuedOn } }, now);
        return ok({ id: row!.id, assetId: asset.id });
      })
      // A failed statement aborts the transaction: the duplicate is answered after the rollback.
      .catch((error: unknown) => {
        if (isUniqueViolation(error, "valuations_natural_key")) return fail("VALUATION_EXISTS");
        throw error;
      });
    if (result.ok) await this.reevaluateLoansOf(result.assetId);
    return result;
  }

  /** A pledge of one or more rights in the bank's book to one of its loans; rank follows registration time. */
  async addPledge(principal: Principal, input: PledgeInput) {
    const now = this.deps.now();
    const result = await this.deps.db
      .transaction(async (tx) => {
      const [loan] = await tx.select().from(loans).where(and(eq(loans.organisationId, principal.organisation.id), eq(loans.reference, input.loanReference)));
      if (!loan) return fail("LOAN_NOT_FOUND");
      const assetIds: string[] = [];
      for (const ref of input.assets) {
        const asset = await findRegisteredAsset(tx, ref);
        if (!asset) return fail("ASSET_NOT_FOUND", { registryNumber: ref.registryNumber });
        assetIds.push(asset.id);
      }
      const pledgorId = await upsertParty(tx, input.pledgorCreditCode, input.pledgorName);
      const registeredAt = input.registeredAt.length === 10 ? new Date(`${input.registeredAt}T00:00:00+08:00`) : new Date(input.registeredAt);
        const [pledge] = await tx
          .insert(pledges)
          .values({ loanId: loan.id, registryPledgeNumber: input.registryPledgeNumber, registeredAt, pledgorId, securedAmount: input.securedAmount, currency: input.currency, scope: input.scope })
          .returning({ id: pledges.id });
        await tx.insert(pledgeAssets).values([...new Set(assetIds)].map((assetId) => ({ pledgeId: pledge!.id, assetId })));
        await appendAudit(tx, { action: "pledge.registered", actorUserId: principal.user.id, organisationId: principal.organisation.id, subjectType: "pledge", subjectId: pledge!.id, data: { loanId: loan.id, registryPledgeNumber: input.registryPledgeNumber } }, now);
        return ok({ id: pledge!.id, loanId: loan.id });
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error, "pledges_registry_key")) return fail("PLEDGE_NUMBER_TAKEN");
        throw error;
      });
    if (result.ok) await this.monitor.evaluateLoans([result.loanId]);
    return result;
  }

  /**
   * A bank's registry event on a right in its book is its report, recorded once per source reference: it
   * alerts the bank and the parties to its loans, but the shared facts of the right change only when an
   * operator confirms it (decision 021).
   */
  async recordRegistryEvent(principal: Principal, input: RegistryEventInput) {
    const now = this.deps.now();
    const result = await this.deps.db.transaction(async (tx) => {
      const asset = await findAssetByRef(tx, principal.organisation.id, input.asset);
      if (!asset) return fail("NOT_FOUND");
      const details = { ...(input.note ? { note: input.note } : {}), ...(input.nextAnnuityDue ? { nextAnnuityDue: input.nextAnnuityDue } : {}) };
      const inserted = await tx
        .insert(registryEvents)
        .values({ assetId: asset.id, kind: input.kind, occurredOn: input.occurredOn, source: input.source, sourceRef: input.sourceRef, newStatus: input.newStatus ?? null, details: Object.keys(details).length > 0 ? details : null, recordedBy: principal.organisation.id, status: "reported" })
        .onConflictDoNothing()
        .returning({ id: registryEvents.id });
      if (inserted.length === 0) return ok({ id: null, assetId: asset.id, duplicate: true });
      await appendAudit(tx, { action: "registry_event.reported", actorUserId: principal.user.id, organisationId: principal.organisation.id, subjectType: "ip_asset", subjectId: asset.id, data: { kind: input.kind, occurredOn: input.occurredOn, source: input.source } }, now);
      return ok({ id: inserted[0]!.id, assetId: asset.id, duplicate: false });
    });
    if (result.ok && !result.duplicate) await this.reevaluateLoansOf(result.assetId);
    return result;
  }

  /** Registry reports for the operator: those awaiting a decision first, then the latest decided. */
  async reports(status: RegistryEventStatus = "reported") {
    return this.deps.db
      .select({ event: registryEvents, asset: { id: ipAssets.id, type: ipAssets.type, registryNumber: ipAssets.registryNumber, title: ipAssets.title, legalStatus: ipAssets.legalStatus }, reporter: organisations.name })
      .from(registryEvents)
      .innerJoin(ipAssets, eq(ipAssets.id, registryEvents.assetId))
      .leftJoin(organisations, eq(organisations.id, registryEvents.recordedBy))
      .where(eq(registryEvents.status, status))
      .orderBy(status === "reported" ? asc(registryEvents.createdAt) : desc(registryEvents.reviewedAt))
      .limit(200);
  }

  /** The operator confirms a report (it then changes the shared facts for everyone) or rejects it. */
  async reviewReport(principal: Principal, eventId: string, verdict: "confirm" | "reject") {
    const now = this.deps.now();
    const result = await this.deps.db.transaction(async (tx) => {
      const [event] = await tx.select().from(registryEvents).where(eq(registryEvents.id, eventId)).for("update");
      if (!event) return fail("NOT_FOUND");
      if (event.status !== "reported") return fail("REPORT_NOT_PENDING", { status: event.status });
      const status = verdict === "confirm" ? ("confirmed" as const) : ("rejected" as const);
      await tx.update(registryEvents).set({ status, reviewedBy: principal.user.id, reviewedAt: now }).where(eq(registryEvents.id, eventId));
      if (status === "confirmed") {
        const [asset] = await tx.select().from(ipAssets).where(eq(ipAssets.id, event.assetId)).for("update");
        const annuity = ReportDetailsSchema.parse(event.details ?? {}).nextAnnuityDue;
        const changes = { ...(event.newStatus ? { legalStatus: event.newStatus } : {}), ...(annuity ? { nextAnnuityDue: annuity } : {}) };
        if (Object.keys(changes).length > 0) await tx.update(ipAssets).set(changes).where(eq(ipAssets.id, event.assetId));
        if (event.newStatus && event.newStatus !== asset!.legalStatus) await tellWatchersOfAssets(tx, [event.assetId], now);
      }
      await appendAudit(tx, { action: `registry_event.${status}`, actorUserId: principal.user.id, organisationId: event.recordedBy, subjectType: "ip_asset", subjectId: event.assetId, data: { eventId, kind: event.kind, source: event.source } }, now);
      return ok({ status, assetId: event.assetId });
    });
    if (result.ok) await this.reevaluateLoansOf(result.assetId);
    return result;
  }

  private async reevaluateLoansOf(assetId: string) {
    const rows = await this.deps.db
      .selectDistinct({ loanId: pledges.loanId })
      .from(pledgeAssets)
      .innerJoin(pledges, eq(pledges.id, pledgeAssets.pledgeId))
      .where(eq(pledgeAssets.assetId, assetId));
    await this.monitor.evaluateLoans(rows.map((r) => r.loanId));
  }

  /**
   * An asset page. Every pledge over the right is listed in rank order; pledges of other banks show only
   * what the registry publishes (number, date, rank), never their loan.
   */
  async detail(principal: Principal, assetId: string) {
    const db = this.deps.db;
    const org = principal.organisation.id;
    const asset = await findAssetInBook(db, org, assetId);
    if (!asset) return fail("NOT_FOUND");
    const events = await db.select().from(registryEvents).where(eq(registryEvents.assetId, assetId)).orderBy(desc(registryEvents.occurredOn));
    const ownValuations = await db.select().from(valuations).where(and(eq(valuations.assetId, assetId), eq(valuations.organisationId, org))).orderBy(asc(valuations.valuedOn));
    const pledgeRows = await rankedPledges(db, [assetId]);
    const docs = await db.select().from(documents).where(and(eq(documents.assetId, assetId), eq(documents.organisationId, org))).orderBy(desc(documents.createdAt));
    return ok({
      asset,
      events,
      valuations: ownValuations,
      pledges: pledgeRows.map((p) => pledgeSeenBy(p, org)),
      documents: docs.map((d) => ({ id: d.id, kind: d.kind, filename: d.filename, contentType: d.contentType, sizeBytes: d.sizeBytes, createdAt: d.createdAt })),
    });
  }

  /** May the caller add documents about this asset? Asked before an upload form's body is read, and again on storing. */
  async mayUploadDocument(principal: Principal, assetId: string) {
    return (await findAssetInBook(this.deps.db, principal.organisation.id, assetId)) ? ok({}) : fail("NOT_FOUND");
  }

  /** Uploads a document about an asset in the bank's book. */
  async uploadDocument(principal: Principal, assetId: string, file: { filename: string; kind: string; content: DocumentContent }) {
    const may = await this.mayUploadDocument(principal, assetId);
    if (!may.ok) return may;
    const now = this.deps.now();
    return this.deps.db.transaction((tx) => storeDocument(tx, this.storage, principal, { ...file, assetId }, now));
  }

  /** The bytes of a document the caller's organisation uploaded; anything else is NOT_FOUND. */
  async readDocument(principal: Principal, documentId: string) {
    const [doc] = await this.deps.db.select().from(documents).where(and(eq(documents.id, documentId), eq(documents.organisationId, principal.organisation.id)));
    if (!doc) return fail("NOT_FOUND");
    const bytes = await this.storage.get(doc.storageKey);
    if (!bytes) return fail("NOT_FOUND");
    return ok({ bytes, contentType: doc.contentType, filename: doc.filename });
  }

  /** The bank's assets, for the asset list and pickers. */
  async list(principal: Principal) {
    return this.deps.db.select().from(ipAssets).where(assetInBook(principal.organisation.id)).orderBy(asc(ipAssets.type), asc(ipAssets.registryNumber)).limit(2000);
  }
}
