import { z } from "zod";
import { jsonSafe } from "../../../domain/money";
import { IdSchema } from "../../../domain/schemas/accounts";
import { AttachDocumentSchema, ChangeDocumentSchema, DATA_ROOM_ACCESS } from "../../../domain/schemas/data-room";
import { authorised, endpoint } from "../endpoint";
import { Timestamp } from "../views";

const Params = z.object({ id: IdSchema });
const DocumentParams = z.object({ id: IdSchema, documentId: IdSchema });
const Access = z.enum(DATA_ROOM_ACCESS);

const RoomView = z.object({
  standing: z.enum(["seller", "accepted", "anonymous", "not_verified", "must_accept"]),
  nda: z.object({ title: z.string(), clauses: z.array(z.string()), sha256: z.string(), acceptedAt: Timestamp.nullable() }),
  documents: z.array(
    z.object({
      documentId: z.uuid(),
      title: z.string(),
      access: Access,
      filename: z.string(),
      contentType: z.string(),
      sizeBytes: z.number().int(),
      addedAt: Timestamp,
      mayOpen: z.boolean(),
    }),
  ),
});

const LogEntry = z.object({
  id: z.string(),
  at: Timestamp,
  ip: z.string().nullable(),
  documentId: z.uuid(),
  documentTitle: z.string().nullable(),
  filename: z.string(),
  userName: z.string().nullable(),
  userEmail: z.string().nullable(),
  organisationName: z.string().nullable(),
});

/**
 * A listing's data room. Reading the list and opening documents are public operations: open documents are
 * for everyone, and for NDA documents the service decides from the bearer token, if one is sent.
 */
export const dataRoomEndpoints = [
  endpoint({
    method: "get",
    path: "/listings/{id}/documents",
    summary: "The listing's data room: documents with their access (open or NDA) and whether you may open them, and the NDA text",
    tag: "data-room",
    permission: "public",
    params: Params,
    query: z.object({ language: z.enum(["zh", "en"]).default("zh") }),
    response: RoomView,
    successStatus: 200,
    async handle(input) {
      const principal = await input.services.guard.optionalUser(input.request);
      const result = await input.services.dataRoom.view(principal, input.params.id, input.query.language);
      if (!result.ok) return { fail: result.code };
      return { status: 200, body: jsonSafe({ standing: result.standing, nda: result.nda, documents: result.documents }) };
    },
  }),
  endpoint({
    method: "get",
    path: "/listings/{id}/documents/{documentId}/content",
    summary: "Open a data-room document (base64); NDA documents need a token of the seller or of someone who accepted the NDA. Every opening is logged",
    tag: "data-room",
    permission: "public",
    params: DocumentParams,
    response: z.object({ filename: z.string(), contentType: z.string(), contentBase64: z.string() }),
    successStatus: 200,
    async handle(input) {
      const principal = await input.services.guard.optionalUser(input.request);
      const result = await input.services.dataRoom.open(principal, input.params.id, input.params.documentId, input.meta.ipAddress);
      if (!result.ok) return { fail: result.code };
      return { status: 200, body: { filename: result.filename, contentType: result.contentType, contentBase64: Buffer.from(result.bytes).toString("base64") } };
    },
  }),
  endpoint({
    method: "post",
    path: "/listings/{id}/nda",
    summary: "Accept the listing's NDA for your (verified) organisation; accepting again changes nothing",
    tag: "data-room",
    permission: "account:read",
    params: Params,
    response: z.object({ accepted: z.boolean() }),
    successStatus: 200,
    async handle(input) {
      const result = await input.services.dataRoom.accept(authorised(input), input.params.id);
      return result.ok ? { status: 200, body: { accepted: result.accepted } } : { fail: result.code };
    },
  }),
  endpoint({
    method: "post",
    path: "/listings/{id}/documents",
    summary: "Seller: put one of your documents about a listed right into the data room, open or behind the NDA",
    tag: "data-room",
    permission: "listing:create",
    params: Params,
    body: AttachDocumentSchema,
    response: z.object({ documentId: z.uuid() }),
    successStatus: 201,
    async handle(input) {
      const result = await input.services.dataRoom.shelf.attach(authorised(input), input.params.id, input.body);
      return result.ok ? { status: 201, body: { documentId: result.documentId } } : { fail: result.code, details: result.details };
    },
  }),
  endpoint({
    method: "patch",
    path: "/listings/{id}/documents/{documentId}",
    summary: "Seller: change a data-room document's access or title",
    tag: "data-room",
    permission: "listing:create",
    params: DocumentParams,
    body: ChangeDocumentSchema,
    response: z.object({ access: Access, title: z.string() }),
    successStatus: 200,
    async handle(input) {
      const result = await input.services.dataRoom.shelf.change(authorised(input), input.params.id, input.params.documentId, input.body);
      return result.ok ? { status: 200, body: { access: result.access, title: result.title } } : { fail: result.code, details: result.details };
    },
  }),
  endpoint({
    method: "delete",
    path: "/listings/{id}/documents/{documentId}",
    summary: "Seller: take a document out of the data room (the document and its access log stay)",
    tag: "data-room",
    permission: "listing:create",
    params: DocumentParams,
    successStatus: 204,
    async handle(input) {
      const result = await input.services.dataRoom.shelf.remove(authorised(input), input.params.id, input.params.documentId);
      return result.ok ? { status: 204 } : { fail: result.code, details: result.details };
    },
  }),
  endpoint({
    method: "get",
    path: "/listings/{id}/access-log",
    summary: "Seller: who opened which data-room document and when, newest first, 50 to a page",
    tag: "data-room",
    permission: "listing:create",
    params: Params,
    query: z.object({ page: z.coerce.number().int().min(1).max(100_000).default(1) }),
    response: z.object({ entries: z.array(LogEntry), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }),
    successStatus: 200,
    async handle(input) {
      const result = await input.services.dataRoom.accessLog(authorised(input), input.params.id, input.query.page);
      if (!result.ok) return { fail: result.code };
      return { status: 200, body: jsonSafe({ entries: result.entries, total: result.total, page: result.page, pageSize: result.pageSize }) };
    },
  }),
];
