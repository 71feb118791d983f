import { and, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { disposalCaseAssets, disposalCases, listings, valuations } from "../../../db/schema";
import { valuationsByDate } from "../../domain/collateral/alert-rules";
import { type AuctionTerms, checkAuctionTerms } from "../../domain/listings/presets";
import { jsonSafe } from "../../domain/money";
import { fail, ok } from "../../domain/result";
import { type CreateListingInput, termsSchemaFor } from "../../domain/schemas/listings";
import { checkTitle } from "./title";

const AUCTION_LIKE = new Set(["english_auction", "tender", "listed_transfer", "fixed_price"]);

/** The appraisal a lot rests on: the seller's latest valuation of each right, summed. */
async function appraisalOf(db: DbOrTx, organisationId: string, assetIds: string[]): Promise<bigint | null> {
  const rows = await db.select().from(valuations).where(and(inArray(valuations.assetId, assetIds), eq(valuations.organisationId, organisationId)));
  let total = 0n;
  for (const id of assetIds) {
    const latest = valuationsByDate({ valuations: rows.filter((v) => v.assetId === id) }).at(-1);
    if (!latest) return null;
    total += latest.amount;
  }
  return total;
}

/**
 * Everything a listing's terms are checked against, and the columns they become: the terms schema of the
 * mode, the seller's title to dispose of each right (and the disposal case), the attempt and the last failed start,
 * the appraisal, the preset's bounds and the order of dates. Creating and editing a draft both go through
 * here, inside their transaction, so a draft can never hold terms a new listing could not.
 */
export async function prepareListing(tx: DbOrTx, organisationId: string, input: CreateListingInput, now: Date) {
  const terms = termsSchemaFor(input.mode).safeParse(input.terms);
  if (!terms.success) return fail("INVALID", { issues: terms.error.issues.map((i) => ({ path: ["terms", ...i.path].join("."), code: i.message })) });
  // Title first: a right the seller may not dispose of is refused before its terms are looked at.
  const title = await checkTitle(tx, organisationId, input.assetIds);
  if (!title.ok) return title;
  let attempt = 1;
  let previous: { id: string; price: bigint } | null = null;
  if (input.disposalCaseId) {
    const [kase] = await tx.select().from(disposalCases).where(and(eq(disposalCases.id, input.disposalCaseId), eq(disposalCases.organisationId, organisationId)));
    if (!kase) return fail("NOT_FOUND");
    const inCase = await tx.select({ id: disposalCaseAssets.assetId }).from(disposalCaseAssets).where(eq(disposalCaseAssets.caseId, kase.id));
    if (!input.assetIds.every((id) => inCase.some((a) => a.id === id))) return fail("ASSET_NOT_IN_CASE");
    const failed = await tx
      .select({ id: listings.id, price: listings.price })
      .from(listings)
      .where(and(eq(listings.disposalCaseId, kase.id), eq(listings.status, "unsold"), inArray(listings.mode, ["english_auction", "tender"])))
      .orderBy(desc(listings.createdAt));
    attempt = failed.length + 1;
    previous = failed[0] ?? null;
  }
  const appraisal = await appraisalOf(tx, organisationId, input.assetIds);
  const t = terms.data as Record<string, unknown>;
  let price: bigint;
  if (AUCTION_LIKE.has(input.mode)) {
    const auction = t as unknown as AuctionTerms;
    const violations = checkAuctionTerms(input.mode, input.preset, auction, { appraisal, attempt, previousStart: previous?.price ?? null, now });
    if (violations.length > 0) return fail("PRESET_VIOLATION", { violations });
    price = auction.startPrice;
  } else {
    price = (t.upfrontFee ?? t.askingValue ?? t.proposedValue) as bigint;
    const announceAt = (t.announceAt as Date | undefined) ?? now;
    if (t.closesAt && (t.closesAt as Date) <= announceAt) return fail("INVALID", { issues: [{ path: "terms.closesAt", code: "dates_out_of_order" }] });
  }
  return ok({
    columns: {
      disposalCaseId: input.disposalCaseId,
      previousListingId: previous?.id ?? null,
      attempt,
      mode: input.mode,
      preset: input.preset,
      title: input.title,
      description: input.description,
      region: input.region,
      price,
      appraisal,
      terms: jsonSafe(t) as Record<string, unknown>,
      announceAt: (t.announceAt as Date | undefined) ?? null,
      opensAt: (t.opensAt as Date | undefined) ?? (t.announceAt as Date | undefined) ?? null,
      closesAt: (t.closesAt as Date | undefined) ?? null,
    },
  });
}
