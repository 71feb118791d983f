import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { AssetType } from "../../../server/domain/collateral/vocabulary";
import type { PublicStatus } from "../../../server/domain/listings/catalogue-query";
import type { ListingMode } from "../../../server/domain/listings/vocabulary";
import { minorDigits } from "../../../server/domain/money";
import { Badge } from "~/components/collateral/badges";
import { Time } from "~/components/time";
import { useRootData } from "~/utils/root-data";

/** A catalogue result as the page receives it (money in minor units, times as ISO strings). */
export type CatalogueCardItem = {
  id: string;
  title: string;
  mode: ListingMode;
  status: PublicStatus;
  price: number;
  currency: string;
  region: string;
  opensAt: string | null;
  closesAt: string | null;
  assetTypes: AssetType[];
  snippet: string;
};

const STATUS_TONES = { announced: "blue", open: "green", closed: "slate", awarded: "amber" } as const;

/** One result: title linking to the listing, price, status, mode, rights, region, the next date and an excerpt. */
export function ListingCard({ item, terms }: { item: CatalogueCardItem; terms: string[] }) {
  const { t } = useTranslation();
  const { locale } = useRootData();
  const digits = minorDigits(item.currency);
  const scale = 10 ** digits;
  // Whole amounts without ".00"; cents only when there are some.
  const price = new Intl.NumberFormat(locale === "zh" ? "zh-CN" : "en-GB", {
    style: "currency",
    currency: item.currency,
    minimumFractionDigits: item.price % scale === 0 ? 0 : digits,
    maximumFractionDigits: digits,
  }).format(item.price / scale);
  const when =
    item.status === "announced" && item.opensAt
      ? { label: t("catalogue.item.opens"), at: item.opensAt }
      : item.status === "open"
        ? { label: t("catalogue.item.closes"), at: item.closesAt }
        : { label: t("catalogue.item.closed"), at: item.closesAt };
  return (
    <article className="card p-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <h3 className="min-w-0 flex-1 text-base font-semibold">
          <Link to={`/listings/${item.id}`} className="text-brand-800 hover:underline">
            <Marked text={item.title} terms={terms} />
          </Link>
        </h3>
        <div className="text-right">
          <div className="text-xs text-slate-500">{t(`catalogue.priceLabel.${item.mode}`)}</div>
          <div className="font-semibold tabular-nums">{price}</div>
        </div>
      </div>
      <div className="mt-2 flex flex-wrap items-center gap-2 text-xs">
        <Badge tone={STATUS_TONES[item.status]}>{t(`catalogue.status.${item.status}`)}</Badge>
        <Badge tone="slate">{t(`catalogue.mode.${item.mode}`)}</Badge>
        {item.assetTypes.map((type) => (
          <Badge key={type} tone="slate">
            {t(`catalogue.assetType.${type}`)}
          </Badge>
        ))}
        <span className="text-slate-600">{t(`catalogue.region.${item.region}`, { defaultValue: item.region })}</span>
        {when.at ? (
          <span className="text-slate-600">
            · {when.label} <Time value={when.at} />
          </span>
        ) : null}
      </div>
      {item.snippet ? (
        <p className="mt-2 line-clamp-2 text-sm text-slate-600">
          <Marked text={item.snippet} terms={terms} />
        </p>
      ) : null}
    </article>
  );
}

/** The text with the search terms marked (case-insensitively; overlapping CJK bigrams join up). */
function Marked({ text, terms }: { text: string; terms: string[] }) {
  if (terms.length === 0) return <>{text}</>;
  const lower = text.toLowerCase();
  const marked = new Array<boolean>(text.length).fill(false);
  for (const term of terms) {
    for (let at = lower.indexOf(term); at >= 0; at = lower.indexOf(term, at + 1)) marked.fill(true, at, at + term.length);
  }
  const parts: Array<{ text: string; mark: boolean }> = [];
  for (let i = 0; i < text.length; i++) {
    const last = parts[parts.length - 1];
    if (last && last.mark === marked[i]) last.text += text[i];
    else parts.push({ text: text[i]!, mark: marked[i]! });
  }
  return (
    <>
      {parts.map((p, i) =>
        p.mark ? (
          <mark key={i} className="rounded bg-amber-100 px-0.5 text-inherit">
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}
