import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DocumentFileInput, SelectField } from "~/components/collateral/inputs";
import { CsrfField } from "~/components/csrf-field";
import { Field, FormError, Notice } from "~/components/field";
import type { RoomReply, RoomView } from "./types";

function AccessSelect() {
  const { t } = useTranslation();
  return (
    <SelectField
      label={t("dataRoom.upload.access")}
      name="access"
      defaultValue="nda"
      options={(["nda", "open"] as const).map((a) => ({ value: a, label: t(`dataRoom.access.${a}`) }))}
    />
  );
}

/** The seller's forms: upload a new file or attach a document about a listed right, each open or behind the NDA. */
export function SellerPanel({ room, reply }: { room: RoomView; reply: RoomReply | null }) {
  const { t } = useTranslation();
  const errorFor = (intent: string) => (reply?.intent === intent ? reply.formError : null);
  return (
    <section className="card border-brand-100 bg-brand-50/40" aria-labelledby="seller-room" data-testid="seller-panel">
      <h2 id="seller-room" className="text-lg font-semibold">
        {t("dataRoom.seller.heading")}
      </h2>
      <p className="text-sm text-slate-600">{t("dataRoom.seller.lead")}</p>
      {!room.editable ? (
        <div className="mt-3">
          <Notice tone="warning">{t("dataRoom.seller.frozen", { status: t(`listings.status.${room.listing.status}`) })}</Notice>
        </div>
      ) : (
        <div className="mt-4 grid gap-6 lg:grid-cols-2">
          <Form method="post" encType="multipart/form-data" className="space-y-2 rounded-md border border-slate-200 bg-white p-4">
            <h3 className="font-medium">{t("dataRoom.upload.heading")}</h3>
            <CsrfField />
            <FormError code={errorFor("upload")} />
            <DocumentFileInput id="room-file" label={t("dataRoom.upload.file")} hint={t("dataRoom.upload.fileHint")} />
            <Field label={t("dataRoom.upload.title")} name="title" maxLength={200} hint={t("dataRoom.upload.titleHint")} />
            <AccessSelect />
            <button className="btn-primary">{t("dataRoom.upload.submit")}</button>
          </Form>
          <Form method="post" className="space-y-2 rounded-md border border-slate-200 bg-white p-4">
            <h3 className="font-medium">{t("dataRoom.attach.heading")}</h3>
            <CsrfField />
            <FormError code={errorFor("attach")} />
            {room.attachable.length === 0 ? (
              <p className="text-sm text-slate-500">{t("dataRoom.attach.none")}</p>
            ) : (
              <>
                <SelectField
                  label={t("dataRoom.attach.document")}
                  name="documentId"
                  options={room.attachable.map((d) => ({ value: d.id, label: `${d.registryNumber} · ${d.filename}` }))}
                />
                <Field label={t("dataRoom.upload.title")} name="title" maxLength={200} hint={t("dataRoom.upload.titleHint")} />
                <AccessSelect />
                <button name="intent" value="attach" className="btn-primary">
                  {t("dataRoom.attach.submit")}
                </button>
              </>
            )}
          </Form>
        </div>
      )}
    </section>
  );
}
