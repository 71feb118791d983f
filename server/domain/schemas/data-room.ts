import { z } from "zod";
import { IdSchema } from "./accounts";
import { TextLineSchema } from "./text";

export const DATA_ROOM_ACCESS = ["open", "nda"] as const;
export type DataRoomAccess = (typeof DATA_ROOM_ACCESS)[number];

const AccessSchema = z.enum(DATA_ROOM_ACCESS, { error: "required" });
/** A document's title in the data room; left empty, the file name stands in. */
const TitleSchema = TextLineSchema.trim().max(200, "too_long");

/** A new or attached document's place in the data room. */
export const DataRoomEntrySchema = z.object({ access: AccessSchema, title: TitleSchema.optional() }).strict();
export type DataRoomEntry = z.infer<typeof DataRoomEntrySchema>;

export const AttachDocumentSchema = DataRoomEntrySchema.extend({ documentId: IdSchema }).strict();
export type AttachDocumentInput = z.infer<typeof AttachDocumentSchema>;

/** A change to a document already in the room: its access, its title, or both. */
export const ChangeDocumentSchema = z
  .object({ access: AccessSchema.optional(), title: TitleSchema.min(1, "required").optional() })
  .strict()
  .refine((v) => v.access !== undefined || v.title !== undefined, { message: "required" });
export type ChangeDocumentInput = z.infer<typeof ChangeDocumentSchema>;
