import { TextLineSchema } from "./text";

/**
 * An uploaded document's name as the browser or the API client sent it: stored rewritten by `safeFilename`, but shown
 * as is as the data room's title when none is given.
 */
export const DocumentFilenameSchema = TextLineSchema.trim().min(1, "required").max(200, "too_long");
