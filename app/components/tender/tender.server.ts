import { type AppLoadContext, type SerializeFrom, json } from "@remix-run/node";
import { jsonSafe, parseMajor } from "../../../server/domain/money";
import { publishedScoring } from "../../../server/domain/schemas/listings";
import type { Principal } from "../../../server/services/auth/principal";
import { idOr404, notFound } from "~/components/collateral/loan-page.server";
import { CRITERION_ROWS } from "~/components/tender/scoring-form";
import { readForm } from "~/utils/form.server";
import { requireUser } from "~/utils/auth.server";

type TenderTerms = { deposit?: number; reserve?: number | null; tender?: { openingAt?: string; evaluation?: "price" | "weighted" } };

/**
 * The tab's data: the public rules, and for a signed-in organisation its receipt (never an amount before
 * the opening) and, once opened, the ranking the tenders service allows it to see.
 */
export async function loadTenderTab(context: AppLoadContext, principal: Principal | null, listingParam: string | undefined) {
  const id = idOr404(listingParam);
  const found = await context.services.listings.get(principal, id);
  if (!found.ok || found.listing.mode !== "tender") throw notFound();
  const l = found.listing;
  const terms = l.terms as TenderTerms;
  const tenders = context.services.tenders;
  const mine = principal?.permissions.has("market:trade") && !found.own ? await tenders.myReceipt(principal, id) : null;
  const results = principal ? await tenders.results(principal, id) : null;
  const now = new Date();
  return jsonSafe({
    listing: {
      id: l.id,
      status: l.status,
      currency: l.currency,
      startPrice: l.price,
      deposit: terms.deposit ?? null,
      opensAt: l.opensAt,
      closesAt: l.closesAt,
      openingAt: terms.tender?.openingAt ?? l.closesAt?.toISOString() ?? null,
      evaluation: terms.tender?.evaluation ?? "price",
      scoring: publishedScoring(l.terms),
      phase: !["announced", "open"].includes(l.status) || (l.closesAt && l.closesAt <= now) ? "closed" : l.opensAt && l.opensAt > now ? "not_open" : "taking_bids",
    },
    viewer: principal ? { own: found.own, mayBid: principal.permissions.has("market:trade") && !found.own } : null,
    receipt: mine?.ok ? mine.receipt : null,
    opened: mine?.ok ? mine.opened : null,
    results: results?.ok ? results : null,
  });
}

export type TenderTab = SerializeFrom<typeof loadTenderTab>;

/**
 * What the action answers: the receipt and salt (shown once), or why not — a field, and for a declared value
 * its position (never the value). Nothing typed is sent back.
 */
export type TenderReply = {
  formError: string | null;
  field: "amountInvalid" | "confirmRequired" | "criterionInvalid" | null;
  criterion: number | null;
  submitted: { receipt: NonNullable<TenderTab["receipt"]>; salt: string } | null;
};

const STATUS: Record<string, number> = { NOT_FOUND: 404, NOT_VERIFIED: 403, NO_DEPOSIT: 403, SELLER_CANNOT_BID: 403, BARRED: 403 };

export async function tenderAction(request: Request, context: AppLoadContext, listingParam: string | undefined) {
  const form = await readForm(request, context);
  const principal = await requireUser(context, request, "market:trade");
  const id = idOr404(listingParam);
  const reply = (status: number, data: Partial<TenderReply>) => json<TenderReply>({ formError: null, field: null, criterion: null, submitted: null, ...data }, { status });
  const amount = parseMajor(String(form.get("amount") ?? ""), "CNY");
  if (amount === null || amount <= 0n || amount > BigInt(Number.MAX_SAFE_INTEGER)) return reply(400, { field: "amountInvalid" });
  // A weighted tender's form has one input per published criterion, criterion1…criterion4 in order.
  const typed = CRITERION_ROWS.map((n) => form.get(`criterion${n}`)).filter((v) => v !== null).map((v) => String(v).trim());
  const badValue = typed.findIndex((v) => !/^-?\d{1,10}$/.test(v));
  if (badValue >= 0) return reply(400, { field: "criterionInvalid", criterion: badValue });
  if (form.get("confirm") !== "yes") return reply(400, { field: "confirmRequired" });
  const result = await context.services.tenders.submit(principal, id, amount, typed.map(Number));
  if (!result.ok && result.code === "INVALID") return reply(400, { field: "criterionInvalid", criterion: criterionOf(result.details) });
  if (!result.ok) return reply(STATUS[result.code] ?? 409, { formError: result.code });
  return reply(200, { submitted: jsonSafe({ receipt: result.receipt, salt: result.salt }) });
}

/** The position of the first declared value the service refused (the first when it wants them all). */
function criterionOf(details: Record<string, unknown> | undefined): number {
  const issues = (details?.issues ?? []) as Array<{ path: string }>;
  const at = issues.map((i) => /^criteria\.(\d+)$/.exec(i.path)?.[1]).find((n) => n !== undefined);
  return at === undefined ? 0 : Number(at);
}
