import { type ActionFunctionArgs, type LoaderFunctionArgs, json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { parseMajor } from "../../server/domain/money";
import { PlaceBidSchema } from "../../server/domain/schemas/bids";
import { idOr404, notFound } from "~/components/collateral/loan-page.server";
import { LiveRoom } from "~/components/live-room/room-view";
import { optionalUser, requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/form.server";

/** How many of the newest bids the room opens with; older ones page in through `lot:join`. */
const OPENING_HISTORY = 200;

/** The live room of an English auction: public to watch, bidding for registered bidders. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const principal = await optionalUser(context, request);
  const id = idOr404(params.listingId);
  const listing = await context.services.listings.get(principal, id);
  if (!listing.ok || listing.listing.mode !== "english_auction") throw notFound();
  const recent = await context.services.bids.join(id, 0, OPENING_HISTORY);
  if (!recent.ok) throw notFound();
  const mine = principal ? await context.services.deposits.mine(principal, id) : null;
  const registration = mine?.ok ? mine.registration : null;
  const myCode = registration?.bidderCode ?? null;
  const terms = listing.listing.terms as { proxyBids?: boolean };
  return json({
    lotId: id,
    initial: { lot: recent.lot, bids: [...recent.bids].reverse(), closed: recent.lot.outcome ? { outcome: recent.lot.outcome, finalPrice: recent.lot.currentPrice, winnerCode: recent.bids.at(-1)?.bidderCode ?? null } : null },
    record: recent.lot.outcome && recent.lot.chainHead ? { seq: recent.lot.seq, chainHead: recent.lot.chainHead } : null,
    myCode,
    canBid: Boolean(principal?.permissions.has("market:trade") && registration?.status === "confirmed"),
    own: listing.own,
    signedIn: Boolean(principal),
    proxyBids: terms.proxyBids === true,
    clientBidId: crypto.randomUUID(),
  });
}

/** The form fallback without JavaScript: the same engine, codes and idempotency as `bid:place`. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const principal = await requireUser(context, request, "market:trade");
  const id = idOr404(params.listingId);
  const amount = parseMajor(String(form.get("amount") ?? ""), "CNY");
  const maxText = String(form.get("maxAmount") ?? "").trim();
  const maxAmount = maxText ? parseMajor(maxText, "CNY") : undefined;
  // Yuan as typed become fen; then the socket's and the API's own schema (positive safe amounts, a printable client bid id).
  const fen = (value: bigint | null) => (value === null ? Number.NaN : Number(value));
  const bid = PlaceBidSchema.safeParse({ lotId: id, amount: fen(amount), clientBidId: form.get("clientBidId"), ...(maxAmount === undefined ? {} : { maxAmount: fen(maxAmount) }) });
  if (!bid.success) return json({ formError: "INVALID" }, { status: 400 });
  const answer = await context.services.bids.place(principal, bid.data);
  if (!answer.ok && answer.code === "NOT_FOUND") throw notFound();
  if (!answer.ok) return json({ formError: answer.code }, { status: answer.code === "UNAVAILABLE" ? 503 : 409 });
  return redirect(`/listings/${id}/room`);
}

export default function Room() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return <LiveRoom {...data} initial={data.initial as Parameters<typeof LiveRoom>[0]["initial"]} formError={reply && "formError" in reply ? reply.formError : null} />;
}
