import { type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs, json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { jsonSafe } from "../../server/domain/money";
import { valueOf } from "../../server/domain/result";
import { IdSchema } from "../../server/domain/schemas/accounts";
import { AttachDocumentSchema, ChangeDocumentSchema, DataRoomEntrySchema } from "../../server/domain/schemas/data-room";
import { DocumentFilenameSchema } from "../../server/domain/schemas/documents";
import { idOr404, notFound } from "~/components/collateral/loan-page.server";
import { AccessLogTable } from "~/components/data-room/access-log";
import { DocumentsTable } from "~/components/data-room/documents-table";
import { NdaBox } from "~/components/data-room/nda-box";
import { SellerPanel } from "~/components/data-room/seller-panel";
import type { RoomReply } from "~/components/data-room/types";
import { FormError, Notice } from "~/components/field";
import { optionalUser, requireUser } from "~/utils/auth.server";
import { formObject, readForm } from "~/utils/form.server";
import { localeOf } from "~/utils/locale.server";
import { UPLOAD_STATUS, withDocument } from "~/utils/upload.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const principal = await optionalUser(context, request);
  const id = idOr404(params.listingId);
  const room = await context.services.dataRoom.view(principal, id, localeOf(request));
  if (!room.ok) throw notFound();
  const page = Math.max(1, Math.min(100_000, Number.parseInt(new URL(request.url).searchParams.get("page") ?? "1", 10) || 1));
  const log = principal && room.manages ? await context.services.dataRoom.accessLog(principal, id, page) : null;
  return json({
    room: jsonSafe(valueOf(room)),
    log: log?.ok ? jsonSafe(valueOf(log)) : null,
    loginHref: `/login?redirectTo=${encodeURIComponent(`/listings/${id}/documents`)}`,
  });
}

const STATUS_OF: Record<string, number> = { ...UPLOAD_STATUS, NOT_FOUND: 404, DOCUMENT_TYPE: 415, NOT_VERIFIED: 403, SELLER_CANNOT_TAKE_PART: 403 };
const back = (listingId: string, done: string, anchor = "") => redirect(`/listings/${listingId}/documents?done=${done}${anchor}`);
const refuse = (intent: string, code: string) => json<RoomReply>({ intent, formError: code }, { status: STATUS_OF[code] ?? 409 });

/** Who may do what is the service's decision; here the CSRF token and a signed-in user come first, for every intent. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) return upload(request, context, params.listingId);
  const form = await readForm(request, context);
  const principal = await requireUser(context, request);
  const listingId = idOr404(params.listingId);
  const intent = String(form.get("intent") ?? "");
  const documentId = IdSchema.safeParse(form.get("documentId"));
  const shelf = context.services.dataRoom.shelf;
  if (intent === "accept-nda") {
    const result = await context.services.dataRoom.accept(principal, listingId);
    return result.ok ? back(listingId, "accepted", "#nda") : refuse(intent, result.code);
  }
  if (intent === "attach") {
    const input = AttachDocumentSchema.safeParse(formObject(form, ["documentId", "access", "title"]));
    if (!input.success) return refuse(intent, "INVALID");
    const result = await shelf.attach(principal, listingId, input.data);
    return result.ok ? back(listingId, "attached") : refuse(intent, result.code);
  }
  if (intent === "change" && documentId.success) {
    const input = ChangeDocumentSchema.safeParse(formObject(form, ["access", "title"]));
    if (!input.success) return refuse(intent, "INVALID");
    const result = await shelf.change(principal, listingId, documentId.data, input.data);
    return result.ok ? back(listingId, "changed") : refuse(intent, result.code);
  }
  if (intent === "remove" && documentId.success) {
    const result = await shelf.remove(principal, listingId, documentId.data);
    return result.ok ? back(listingId, "removed") : refuse(intent, result.code);
  }
  return refuse(intent, "INVALID");
}

/**
 * A new file straight into the room. Who may upload here is settled from the headers (signed in, allowed to
 * list, the seller of this listing while its room is open) before a byte of the body is read.
 */
async function upload(request: Request, context: AppLoadContext, listingIdParam: string | undefined) {
  const principal = await requireUser(context, request, "listing:create");
  const listingId = idOr404(listingIdParam);
  const shelf = context.services.dataRoom.shelf;
  const may = await shelf.mayUpload(principal, listingId);
  if (!may.ok) return refuse("upload", may.code);
  return withDocument(request, context, async (received) => {
    if (!received.ok) return refuse("upload", received.code);
    const entry = DataRoomEntrySchema.safeParse(formObject(received.fields, ["access", "title"]));
    const filename = DocumentFilenameSchema.safeParse(received.filename || "document");
    if (!entry.success || !filename.success) return refuse("upload", "INVALID");
    const result = await shelf.upload(principal, listingId, { filename: filename.data, content: received.file }, entry.data);
    return result.ok ? back(listingId, "uploaded") : refuse("upload", result.code);
  });
}

const DONE = ["accepted", "uploaded", "attached", "changed", "removed"];

/** The data-room tab: documents, the NDA box, and for the seller its forms and the access log. */
export default function DataRoomTab() {
  const { t } = useTranslation();
  const { room, log, loginHref } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() ?? null;
  const [params] = useSearchParams();
  const done = params.get("done");
  const refused = params.get("refused");
  const topError = reply && !["upload", "attach"].includes(reply.intent) ? reply.formError : refused;
  return (
    <div className="space-y-6">
      {done && DONE.includes(done) && !reply ? <Notice tone="success">{t(`dataRoom.done.${done}`)}</Notice> : null}
      <FormError code={topError} />
      <p className="max-w-3xl text-sm text-slate-600">{t("dataRoom.lead")}</p>
      <div className="grid gap-6 lg:grid-cols-3 lg:items-start">
        <section className="card lg:col-span-2" aria-labelledby="room-documents">
          <h2 id="room-documents" className="text-lg font-semibold">
            {t("dataRoom.documents.heading")}
          </h2>
          <DocumentsTable listingId={room.listing.id} documents={room.documents} own={room.own} editable={room.editable} />
        </section>
        <NdaBox room={room} loginHref={loginHref} />
      </div>
      {room.manages ? <SellerPanel room={room} reply={reply} /> : null}
      {log ? <AccessLogTable log={log} /> : null}
    </div>
  );
}
