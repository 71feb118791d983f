import { and, asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { disposalCases, listings, lotDeposits, organisations } from "../../../db/schema";
import { fail, ok } from "../../domain/result";
import type { Principal } from "../auth/principal";
import { exposureOf } from "../collateral/facts";
import type { ListingRow } from "../listings/offers/common";
import { type DepositPayment, currentPayments } from "./deposits-confirm";

type DepositRow = typeof lotDeposits.$inferSelect;

/** Listing statuses after which the seller may learn who its bidders were. */
const DECIDED = ["awarded", "settled"];

/**
 * A registration as its own organisation sees it: the bidder code only once the deposit is confirmed (until
 * then it names nobody in the room), and its payment: the reference to quote on a bank transfer, what arrived,
 * a card hold's end.
 */
export function registrationView(row: DepositRow, payment: DepositPayment | undefined) {
  return {
    id: row.id,
    method: row.method,
    status: row.status,
    bidderCode: row.status === "requested" ? null : row.bidderCode,
    amount: row.amount,
    creditCap: row.creditCap,
    currency: row.currency,
    reference: row.method === "bank_transfer" && payment ? payment.reference : null,
    requestedAt: row.requestedAt,
    confirmedAt: row.confirmedAt,
    payment: payment ? { id: payment.id, method: payment.method, status: payment.status, received: payment.received, holdExpiresAt: payment.holdExpiresAt } : null,
  };
}

/** Views of registrations with their current payments, in one query for all of them. */
export async function registrationViews(db: DbOrTx, rows: readonly DepositRow[]) {
  const byDeposit = await currentPayments(db, rows.map((r) => r.id));
  return rows.map((r) => registrationView(r, byDeposit.get(r.id)));
}
export type Registration = ReturnType<typeof registrationView>;

/**
 * The applicant creditor's claim, when this organisation is one on this listing: the seller of a judicial
 * listing from its own disposal case. The claim is the exposure frozen when default was declared.
 */
export async function creditClaim(db: DbOrTx, principal: Principal, l: ListingRow): Promise<bigint | null> {
  if (l.preset !== "judicial" || !l.disposalCaseId || l.organisationId !== principal.organisation.id) return null;
  const [kase] = await db.select().from(disposalCases).where(and(eq(disposalCases.id, l.disposalCaseId), eq(disposalCases.organisationId, principal.organisation.id)));
  return kase ? exposureOf({ outstandingPrincipal: 0n, accruedInterest: 0n, penaltyInterest: 0n }, kase) : null;
}

/** A listing the caller may look at: public ones, and its own or (operators) any in every status. */
async function visibleListing(db: DbOrTx, principal: Principal, listingId: string) {
  const [l] = await db.select().from(listings).where(eq(listings.id, listingId));
  const insider = l && (l.organisationId === principal.organisation.id || principal.permissions.has("verification:review"));
  return l && (insider || !["draft", "in_review", "withdrawn"].includes(l.status)) ? l : undefined;
}

/** The caller's registration on a lot, and its claim if it may register a credit bid instead of a deposit. */
export async function myRegistration(db: DbOrTx, principal: Principal, listingId: string) {
  const l = await visibleListing(db, principal, listingId);
  if (!l) return fail("NOT_FOUND");
  const [row] = await db.select().from(lotDeposits).where(and(eq(lotDeposits.listingId, listingId), eq(lotDeposits.organisationId, principal.organisation.id)));
  return ok({ registration: row ? (await registrationViews(db, [row]))[0]! : null, creditClaim: await creditClaim(db, principal, l) });
}

/**
 * The registered bidders of a lot. The seller sees codes and states only, and identities once the lot is
 * awarded; operators see everything. A code appears once its deposit is confirmed, as for the bidder.
 */
export async function lotBidders(db: DbOrTx, principal: Principal, listingId: string) {
  const [l] = await db.select().from(listings).where(eq(listings.id, listingId));
  const operator = principal.permissions.has("verification:review");
  if (!l || (!operator && l.organisationId !== principal.organisation.id)) return fail("NOT_FOUND");
  const identities = operator || DECIDED.includes(l.status);
  const rows = await db
    .select({ deposit: lotDeposits, organisationName: organisations.name })
    .from(lotDeposits)
    .innerJoin(organisations, eq(organisations.id, lotDeposits.organisationId))
    .where(eq(lotDeposits.listingId, listingId))
    .orderBy(asc(lotDeposits.bidderCode));
  const views = await registrationViews(db, rows.map((r) => r.deposit));
  const bidders = rows.map(({ deposit, organisationName }, i) => {
    const view = views[i]!;
    return {
      ...view,
      bidderCode: operator ? deposit.bidderCode : view.bidderCode,
      reference: operator ? view.reference : null,
      organisationId: identities ? deposit.organisationId : null,
      organisationName: identities ? organisationName : null,
    };
  });
  return ok({ identities, bidders });
}

/** Bank-transfer deposits an operator may still confirm: requested, on a lot still taking registrations. */
export async function pendingLotDeposits(db: DbOrTx) {
  const rows = await db
    .select({ deposit: lotDeposits, listingTitle: listings.title, mode: listings.mode, organisationName: organisations.name })
    .from(lotDeposits)
    .innerJoin(listings, eq(listings.id, lotDeposits.listingId))
    .innerJoin(organisations, eq(organisations.id, lotDeposits.organisationId))
    .where(and(eq(lotDeposits.status, "requested"), eq(lotDeposits.method, "bank_transfer"), inArray(listings.status, ["announced", "open"])))
    .orderBy(asc(lotDeposits.requestedAt));
  const views = await registrationViews(db, rows.map((r) => r.deposit));
  return rows.map(({ deposit, ...rest }, i) => ({ ...views[i]!, listingId: deposit.listingId, organisationName: rest.organisationName, listingTitle: rest.listingTitle, mode: rest.mode }));
}
