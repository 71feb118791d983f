import { and, eq, getTableColumns, gt, inArray, isNull, ne, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../../../db/client";
import {
  awards,
  discountConfirmations,
  equityProposals,
  ipAssets,
  licenceAgreements,
  licenceApplications,
  listingAssets,
  listingIntents,
  listings,
  organisations,
  payments,
  users,
  valuations,
} from "../../../../db/schema";
import { fail, ok } from "../../../domain/result";
import type { Principal } from "../../auth/principal";
import type { ServiceDeps } from "../../context";
import { pledgorOrganisations } from "./discount";

/** An intent's deposit payment, as asked for (a forfeiture's record carries its settlement; it is not this one). */
const askedFor = and(eq(payments.listingIntentId, listingIntents.id), isNull(payments.settlementId));
const intentPayment = { id: payments.id, method: payments.method, status: payments.status, reference: payments.reference, received: payments.received, holdExpiresAt: payments.holdExpiresAt };

/** Who is looking at a listing's offers decides what they see and which buttons they get. */
export type OfferViewer = "seller" | "operator" | "pledgor" | "participant";

/**
 * The offers on a listing, each with its counterparty's organisation name: the seller (and operators) see
 * all of them; anyone else only its own, so no other buyer is ever named to them.
 */
export async function offersOn(deps: ServiceDeps, principal: Principal, listingId: string) {
  const [l] = await deps.db.select().from(listings).where(eq(listings.id, listingId));
  const seller = Boolean(l && l.organisationId === principal.organisation.id);
  const seesAll = seller || principal.permissions.has("verification:review");
  if (!l || (!seesAll && ["draft", "in_review", "withdrawn"].includes(l.status))) return fail("NOT_FOUND");
  const org = principal.organisation.id;
  const mine = (column: Parameters<typeof eq>[0]): SQL | undefined => (seesAll ? undefined : eq(column, org));
  const db = deps.db;
  const pledgor = l.mode === "negotiated_discount" && (await pledgorOrganisations(db, l.id)).includes(org);
  const viewer: OfferViewer = seller ? "seller" : seesAll ? "operator" : pledgor ? "pledgor" : "participant";
  const named = { organisationName: organisations.name };
  // Both sides of a negotiated discount see its confirmations, and who gave them (a query runs only when awaited).
  const confirmations = db
    .select({ ...getTableColumns(discountConfirmations), confirmedByName: users.name })
    .from(discountConfirmations)
    .innerJoin(users, eq(users.id, discountConfirmations.confirmedBy))
    .where(eq(discountConfirmations.listingId, listingId))
    .orderBy(discountConfirmations.at);
  const [intents, applications, agreements, proposals, confirmed, award] = await Promise.all([
    db
      .select({ ...getTableColumns(listingIntents), ...named, payment: intentPayment })
      .from(listingIntents)
      .innerJoin(organisations, eq(organisations.id, listingIntents.buyerOrganisationId))
      .leftJoin(payments, askedFor)
      .where(and(eq(listingIntents.listingId, listingId), mine(listingIntents.buyerOrganisationId)))
      .orderBy(listingIntents.createdAt),
    db
      .select({ ...getTableColumns(licenceApplications), ...named })
      .from(licenceApplications)
      .innerJoin(organisations, eq(organisations.id, licenceApplications.applicantOrganisationId))
      .where(and(eq(licenceApplications.listingId, listingId), mine(licenceApplications.applicantOrganisationId)))
      .orderBy(licenceApplications.createdAt),
    db
      .select({ ...getTableColumns(licenceAgreements), ...named })
      .from(licenceAgreements)
      .innerJoin(organisations, eq(organisations.id, licenceAgreements.licenseeOrganisationId))
      .where(and(eq(licenceAgreements.listingId, listingId), mine(licenceAgreements.licenseeOrganisationId)))
      .orderBy(licenceAgreements.createdAt),
    db
      .select({ ...getTableColumns(equityProposals), ...named, recordedAppraiser: valuations.appraiser, recordedValuedOn: valuations.valuedOn })
      .from(equityProposals)
      .innerJoin(organisations, eq(organisations.id, equityProposals.proposerOrganisationId))
      .leftJoin(valuations, eq(valuations.id, equityProposals.valuationId))
      .where(and(eq(equityProposals.listingId, listingId), mine(equityProposals.proposerOrganisationId)))
      .orderBy(equityProposals.createdAt),
    seesAll || pledgor ? confirmations : Promise.resolve([] as Awaited<typeof confirmations>),
    db
      .select({ ...getTableColumns(awards), ...named })
      .from(awards)
      .innerJoin(organisations, eq(organisations.id, awards.buyerOrganisationId))
      .where(and(eq(awards.listingId, listingId), mine(awards.buyerOrganisationId))),
  ]);
  return ok({ viewer, intents, applications, agreements, proposals, confirmations: confirmed, award: award[0] ?? null });
}

/** The recorded valuations of a listing's rights: what an equity proposal may rest on. */
export function listedValuations(db: DbOrTx, listingId: string) {
  return db
    .select({ id: valuations.id, appraiser: valuations.appraiser, valuedOn: valuations.valuedOn, amount: valuations.amount, currency: valuations.currency, registryNumber: ipAssets.registryNumber })
    .from(valuations)
    .innerJoin(listingAssets, and(eq(listingAssets.assetId, valuations.assetId), eq(listingAssets.listingId, listingId)))
    .innerJoin(ipAssets, eq(ipAssets.id, valuations.assetId))
    .orderBy(ipAssets.registryNumber, valuations.valuedOn);
}

/**
 * Intents whose bank-transfer deposit an operator may still confirm: awaiting the money, on a listed transfer or
 * fixed-price sale still taking offers, and (listed transfer) before its notice ends; with the reference quoted.
 */
export function pendingDeposits(db: DbOrTx, now: Date) {
  return db
    .select({
      id: listingIntents.id,
      listingId: listings.id,
      listingTitle: listings.title,
      mode: listings.mode,
      currency: listings.currency,
      amount: listingIntents.depositAmount,
      reference: payments.reference,
      buyerName: organisations.name,
      createdAt: listingIntents.createdAt,
    })
    .from(listingIntents)
    .innerJoin(listings, eq(listings.id, listingIntents.listingId))
    .innerJoin(organisations, eq(organisations.id, listingIntents.buyerOrganisationId))
    .innerJoin(payments, and(askedFor, eq(payments.method, "bank_transfer"), eq(payments.status, "pending")))
    .where(
      and(
        eq(listingIntents.depositStatus, "requested"),
        inArray(listings.mode, ["listed_transfer", "fixed_price"]),
        inArray(listings.status, ["announced", "open"]),
        or(ne(listings.mode, "listed_transfer"), isNull(listings.opensAt), gt(listings.opensAt, now)),
      ),
    )
    .orderBy(listingIntents.createdAt);
}
