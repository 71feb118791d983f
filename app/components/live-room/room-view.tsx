import { Form, useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Money, useFormat } from "~/components/collateral/format";
import { CsrfField } from "~/components/csrf-field";
import { FormError } from "~/components/field";
import { Time } from "~/components/time";
import { type RoomState, isLargeJump, remainingMs, standing } from "./room-state";
import { type BidAck, type Connection, useLotRoom } from "./use-lot-room";
import { RecordFingerprint } from "./record-fingerprint";

export type RoomProps = { lotId: string; initial: RoomState; record: { seq: number; chainHead: string } | null; myCode: string | null; canBid: boolean; own: boolean; signedIn: boolean; proxyBids: boolean; clientBidId: string; formError: string | null };

function Countdown({ endsAt, offsetMs }: { endsAt: string; offsetMs: number }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  if (now === null) return <Time value={endsAt} />;
  const left = Math.floor(remainingMs(endsAt, now, offsetMs) / 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  const days = Math.floor(left / 86_400);
  const clock = `${pad(Math.floor((left % 86_400) / 3600))}:${pad(Math.floor((left % 3600) / 60))}:${pad(left % 60)}`;
  return (
    <span className="tabular-nums" data-testid="countdown">
      {days > 0 ? `${days}d ` : ""}
      {clock}
    </span>
  );
}

const DOT: Record<Connection, string> = { live: "bg-emerald-500", connecting: "bg-amber-400", offline: "bg-red-500" };

/** The live room: price, least next bid, the countdown on the server's clock, standing, the bid form and the history. */
export function LiveRoom(props: RoomProps) {
  const { t } = useTranslation();
  const { money } = useFormat();
  const room = useLotRoom(props.lotId, props.initial);
  const { lot, bids, closed } = room.state;
  const mine = standing(room.state, props.myCode);
  const open = lot.status === "open" && !closed;
  const revalidator = useRevalidator();
  const revalidate = revalidator.revalidate;
  // The close changes the listing's status in the header too: read the page's data again once.
  useEffect(() => {
    if (closed) revalidate();
  }, [closed, revalidate]);
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <section className="card space-y-4 lg:col-span-2" aria-labelledby="room-price">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="room-price" className="text-lg font-semibold">
            {t("room.title")}
          </h2>
          <span className="flex items-center gap-2 text-xs text-slate-600" role="status" data-testid="connection">
            <span className={`inline-block h-2 w-2 rounded-full ${DOT[room.connection]}`} />
            {t(`room.connection.${room.connection}`)}
          </span>
        </div>
        <dl className="grid gap-4 sm:grid-cols-[minmax(0,1.4fr)_minmax(0,1fr)_minmax(0,1fr)]">
          <div>
            <dt className="text-xs uppercase tracking-wide text-slate-500">{lot.currentPrice === null ? t("room.noBidYet") : t("room.currentPrice")}</dt>
            <dd className="text-2xl font-semibold tabular-nums" data-testid="current-price">
              <Money amount={lot.currentPrice ?? lot.minNextBid} currency={lot.currency} />
            </dd>
          </div>
          <div>
            <dt className="text-xs uppercase tracking-wide text-slate-500">{t("room.minNextBid")}</dt>
            <dd className="text-xl tabular-nums" data-testid="min-next-bid">
              <Money amount={lot.minNextBid} currency={lot.currency} />
            </dd>
          </div>
          <div>
            <dt className="text-xs uppercase tracking-wide text-slate-500">{lot.status === "announced" ? t("room.opensIn") : t("room.endsIn")}</dt>
            <dd className="text-xl" data-testid="ends-at" data-ends-at={lot.endsAt}>
              {open ? <Countdown endsAt={lot.endsAt} offsetMs={room.offsetMs} /> : t(`room.status.${lot.status}`, { defaultValue: lot.status })}
            </dd>
            <dd className="text-xs text-slate-500">
              <Time value={lot.endsAt} />
            </dd>
          </div>
        </dl>
        {closed ? null : <p className="text-sm text-slate-600">{lot.reserveMet ? t("room.reserveMet") : t("room.reserveNotMet")}</p>}
        {closed ? (
          <div className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm" role="status" data-testid="outcome">
            {closed.outcome === "sold" ? t("room.sold", { price: money(closed.finalPrice, lot.currency), code: closed.winnerCode }) : t("room.unsold")}
          </div>
        ) : null}
        {closed && props.record ? <RecordFingerprint record={props.record} /> : null}
        {mine !== "watching" ? (
          <p className={`rounded-md p-3 text-sm font-medium ${mine === "leading" ? "bg-emerald-50 text-emerald-800" : "bg-amber-50 text-amber-800"}`} data-testid="standing">
            {t(`room.standing.${mine}`, { code: props.myCode })}
          </p>
        ) : null}
        <BidBox {...props} open={open} minNextBid={lot.minNextBid} currency={lot.currency} place={room.place} />
      </section>
      <section className="card" aria-labelledby="room-history">
        <h2 id="room-history" className="text-lg font-semibold">
          {t("room.history")}
        </h2>
        {bids.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600">{t("room.noBids")}</p>
        ) : (
          <ol className="mt-3 max-h-[28rem] divide-y divide-slate-100 overflow-y-auto text-sm" data-testid="history">
            {bids.map((b) => (
              <li key={b.seq} className="flex items-center justify-between gap-2 py-1.5">
                <span className="text-slate-500 tabular-nums">#{b.seq}</span>
                <span className={`font-mono ${b.bidderCode === props.myCode ? "font-semibold text-brand-700" : ""}`}>
                  {b.bidderCode}
                  {b.bidderCode === props.myCode ? ` (${t("room.you")})` : ""}
                </span>
                <span className="tabular-nums">{money(b.amount, lot.currency)}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

type BoxProps = RoomProps & { open: boolean; minNextBid: number; currency: string; place: (amount: number, max?: number) => Promise<BidAck> };

const toMinor = (yuan: string) => (/^\d+(\.\d{1,2})?$/.test(yuan.trim()) ? Math.round(Number(yuan.trim()) * 100) : null);

/** The bid form: a plain POST without JavaScript; with it, the socket, and a second look at a large jump. */
function BidBox(props: BoxProps) {
  const { t } = useTranslation();
  const { money } = useFormat();
  const [error, setError] = useState<string | null>(props.formError);
  const [pending, setPending] = useState<number | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  if (props.own) return <p className="text-sm text-slate-600">{t("room.sellerView")}</p>;
  if (!props.signedIn) return <p className="text-sm text-slate-600">{t("room.signInToBid")}</p>;
  if (!props.canBid) return <p className="text-sm text-slate-600">{t("room.registerFirst")}</p>;
  if (!props.open) return null;
  const submit = async (amount: number, max?: number) => {
    setPending(null);
    const ack = await props.place(amount, max);
    setError(ack.ok ? null : ack.code);
    setSent(ack.ok ? money(ack.bid.amount, props.currency) : null);
  };
  return (
    <Form
      method="post"
      className="space-y-3 border-t border-slate-100 pt-4"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        const amount = toMinor(String(data.get("amount") ?? ""));
        const max = String(data.get("maxAmount") ?? "").trim() ? toMinor(String(data.get("maxAmount"))) : undefined;
        if (amount === null || max === null) return setError("INVALID");
        if (isLargeJump(amount, props.minNextBid) && pending !== amount) return setPending(amount);
        void submit(amount, max);
      }}
    >
      <CsrfField />
      <input type="hidden" name="clientBidId" value={props.clientBidId} />
      <div className="flex flex-wrap items-end gap-3">
        <label className="block">
          <span className="block text-sm font-medium text-slate-700">{t("room.amount")}</span>
          <input name="amount" inputMode="decimal" required defaultValue={(props.minNextBid / 100).toFixed(2)} key={props.minNextBid} className="input mt-1 w-48" />
        </label>
        {props.proxyBids ? (
          <label className="block">
            <span className="block text-sm font-medium text-slate-700">{t("room.maxAmount")}</span>
            <input name="maxAmount" inputMode="decimal" className="input mt-1 w-48" />
          </label>
        ) : null}
        <button className="btn-primary">{pending !== null ? t("room.confirmBid") : t("room.placeBid")}</button>
      </div>
      {pending !== null ? (
        <p className="rounded-md bg-amber-50 p-2 text-sm text-amber-800" role="alert">
          {t("room.largeJump", { amount: money(pending, props.currency), min: money(props.minNextBid, props.currency) })}
        </p>
      ) : null}
      {sent ? (
        <p className="text-sm text-emerald-700" role="status">
          {t("room.accepted", { amount: sent })}
        </p>
      ) : null}
      <FormError code={error} />
    </Form>
  );
}
