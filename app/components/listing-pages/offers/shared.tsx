import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Badge } from "~/components/collateral/badges";
import { Money, useFormat } from "~/components/collateral/format";
import { CsrfField } from "~/components/csrf-field";
import type { TabOffers } from "./load.server";

const STATUS_TONES = { pending: "amber", accepted: "green", declined: "slate" } as const;

export function OfferStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Badge tone={STATUS_TONES[status as keyof typeof STATUS_TONES] ?? "slate"}>{t(`offers.status.${status}`)}</Badge>;
}

/** One button posting a command (and the offer it is about) to the tab's action. */
export function CommandButton({ intent, id, label, tone = "primary" }: { intent: string; id?: string; label: string; tone?: "primary" | "secondary" | "danger" }) {
  return (
    <Form method="post" className="inline">
      <CsrfField />
      {id ? <input type="hidden" name="id" value={id} /> : null}
      <button name="intent" value={intent} className={`btn-${tone}`}>
        {label}
      </button>
    </Form>
  );
}

/** Accept / Decline for the seller, only while the offer is pending. */
export function Decide({ kind, id, status }: { kind: "application" | "proposal"; id: string; status: string }) {
  const { t } = useTranslation();
  if (status !== "pending") return null;
  return (
    <div className="flex flex-wrap gap-2">
      <CommandButton intent={`accept-${kind}`} id={id} label={t("offers.seller.accept")} />
      <CommandButton intent={`decline-${kind}`} id={id} label={t("offers.seller.decline")} tone="danger" />
    </div>
  );
}

export type LicenceTerms = { upfrontFee?: unknown; royaltyBps?: unknown; minimumAnnualRoyalty?: unknown; termMonths?: unknown; fieldOfUse?: unknown; territory?: unknown };
const num = (v: unknown) => (typeof v === "number" ? v : Number(v ?? 0));

/** Licence terms in one line: fee, royalty, minimum, term, field and territory. */
export function LicenceTermsLine({ terms, currency }: { terms: LicenceTerms; currency: string }) {
  const { t } = useTranslation();
  const { money, percent } = useFormat();
  return (
    <span>
      {t("offers.licence.termsLine", {
        fee: money(num(terms.upfrontFee), currency),
        royalty: percent(num(terms.royaltyBps)),
        minimum: money(num(terms.minimumAnnualRoyalty), currency),
        months: num(terms.termMonths),
        field: String(terms.fieldOfUse ?? ""),
        territory: String(terms.territory ?? ""),
      })}
    </span>
  );
}

export function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-slate-900">{children}</dd>
    </div>
  );
}

export function Panel({ title, lead, children, testId }: { title: string; lead?: string; children: React.ReactNode; testId?: string }) {
  return (
    <section className="card space-y-4" data-testid={testId}>
      <div>
        <h2 className="text-lg font-semibold">{title}</h2>
        {lead ? <p className="mt-1 text-sm text-slate-600">{lead}</p> : null}
      </div>
      {children}
    </section>
  );
}

/** Who won: the buyer sees its own award, everyone else that the listing is decided. */
export function AwardNotice({ award, currency }: { award: TabOffers["award"]; currency: string }) {
  const { t } = useTranslation();
  return (
    <section className="card border-green-200 bg-green-50/60" data-testid="award">
      <h2 className="text-lg font-semibold">{t("offers.award.title")}</h2>
      {award ? (
        <p className="mt-1 text-sm text-slate-700">
          {t("offers.award.to", { organisation: award.organisationName })} <Money amount={award.price} currency={currency} className="font-semibold" />
        </p>
      ) : (
        <p className="mt-1 text-sm text-slate-700">{t("offers.award.decided")}</p>
      )}
    </section>
  );
}

/** Why the visitor sees no buttons: not signed in, or an organisation still awaiting verification. */
export function JoinGate({ signedIn, listingId, bidding }: { signedIn: boolean; listingId: string; bidding: boolean }) {
  const { t } = useTranslation();
  if (!signedIn) {
    return (
      <section className="card" data-testid="sign-in-gate">
        <p className="text-slate-700">{t(bidding ? "offers.gate.signInToBid" : "offers.gate.signIn")}</p>
        <Link to={`/login?redirectTo=${encodeURIComponent(`/listings/${listingId}/offers`)}`} className="btn-primary mt-3 inline-flex">
          {t("offers.gate.signInLink")}
        </Link>
      </section>
    );
  }
  return (
    <section className="card border-amber-200 bg-amber-50/60" data-testid="verify-gate">
      <p className="text-slate-800">{t("offers.gate.unverified")}</p>
      <Link to="/organisation" className="btn-secondary mt-3 inline-flex">
        {t("offers.gate.organisationLink")}
      </Link>
    </section>
  );
}
