/** Listings: how collateral and other IP is offered, and where each offer stands. */
export const LISTING_MODES = ["english_auction", "tender", "listed_transfer", "licence", "equity", "negotiated_discount", "fixed_price"] as const;
export type ListingMode = (typeof LISTING_MODES)[number];

export const LISTING_STATUSES = ["draft", "in_review", "announced", "open", "closed", "awarded", "unsold", "settled", "withdrawn"] as const;
export type ListingStatus = (typeof LISTING_STATUSES)[number];

export const PRESETS = ["judicial", "private"] as const;
export type Preset = (typeof PRESETS)[number];

export const LICENCE_KINDS = ["exclusive", "sole", "non_exclusive"] as const;
export type LicenceKind = (typeof LICENCE_KINDS)[number];

export const TENDER_EVALUATIONS = ["price", "weighted"] as const;
export type TenderEvaluation = (typeof TENDER_EVALUATIONS)[number];

/** Which statuses may follow which: the lifecycle every transition is checked against. */
export const NEXT_STATUSES: Record<ListingStatus, readonly ListingStatus[]> = {
  draft: ["in_review", "withdrawn"],
  in_review: ["announced", "draft", "withdrawn"],
  announced: ["open", "withdrawn"],
  open: ["closed", "withdrawn"],
  closed: ["awarded", "unsold"],
  awarded: ["settled", "unsold"],
  unsold: [],
  settled: [],
  withdrawn: [],
};

export function canMove(from: ListingStatus, to: ListingStatus): boolean {
  return NEXT_STATUSES[from].includes(to);
}
