import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfField } from "~/components/csrf-field";
import { FormError, Notice } from "~/components/field";

/** Edit / submit / withdraw, and the operator's reason after a rejection: only the seller sees this. */
export function SellerBox({ status, id, reason, canManage, formError }: { status: string; id: string; reason: string | null; canManage: boolean; formError: string | null }) {
  const { t } = useTranslation();
  return (
    <section className="card border-brand-100 bg-brand-50/40" aria-labelledby="seller" data-testid="seller-box">
      <h2 id="seller" className="text-lg font-semibold">
        {t("listings.page.seller")}
      </h2>
      <p className="text-sm text-slate-600">{t("listings.page.sellerLead")}</p>
      <div className="mt-3 space-y-3">
        <FormError code={formError} />
        {reason ? <Notice tone="warning">{t("listings.page.reviewReason", { reason })}</Notice> : null}
        {status === "draft" ? <p className="text-sm text-slate-700">{t("listings.page.draftHint")}</p> : null}
        {status === "in_review" ? <p className="text-sm text-slate-700">{t("listings.page.inReviewHint")}</p> : null}
        <div className="flex flex-wrap gap-2">
          {canManage && status === "draft" ? (
            <Link to={`/listings/${id}/edit`} className="btn-secondary">
              {t("listings.page.edit")}
            </Link>
          ) : null}
          {canManage && status === "draft" ? (
            <Form method="post">
              <CsrfField />
              <input type="hidden" name="id" value={id} />
              <button name="intent" value="submit" className="btn-primary">
                {t("listings.mine.submit")}
              </button>
            </Form>
          ) : null}
          {canManage && ["draft", "in_review", "announced", "open"].includes(status) ? (
            <Form method="post">
              <CsrfField />
              <input type="hidden" name="id" value={id} />
              <button name="intent" value="withdraw" className="btn-danger">
                {t("listings.mine.withdraw")}
              </button>
            </Form>
          ) : null}
          <Link to="/listings" className="btn-secondary">
            {t("listings.page.backToMine")}
          </Link>
        </div>
      </div>
    </section>
  );
}
