import { fail, ok } from "../../../domain/result";
import { isTextLine, isWellFormed } from "../../../domain/schemas/text";
import type { ImportKind, UploadedFile } from "./types";

/** The upload limits, for the pages (hints and the multipart parser) as much as for the service. */
export const IMPORT_LIMITS = { maxFiles: 10, maxBytes: 20 * 1024 * 1024 } as const;

export const IMPORT_REFUSALS = ["IMPORT_NO_FILES", "IMPORT_TOO_MANY_FILES", "IMPORT_FILE_TYPE", "IMPORT_TOO_LARGE", "IMPORT_NOT_TEXT"] as const;
export type ImportRefusal = (typeof IMPORT_REFUSALS)[number];

const EXTENSIONS: Record<ImportKind, readonly string[]> = { loan_book: [".csv"], registry_feed: [".csv", ".json"] };

/** "C:\\fakepath\\loans.csv" → "loans.csv": a name, never a path. */
export function baseName(name: string): string {
  return (name.split(/[\\/]/).pop() ?? "").trim().slice(0, 200);
}

/**
 * What an upload must be before it is queued: 1 to 10 files, 20 MB in all, CSV (or JSON for a registry
 * feed) by name, and text. Names are made unique, because errors are reported by file name.
 */
export function checkUpload(kind: ImportKind, files: readonly UploadedFile[]) {
  if (files.length === 0) return fail("IMPORT_NO_FILES" as ImportRefusal);
  if (files.length > IMPORT_LIMITS.maxFiles) return fail("IMPORT_TOO_MANY_FILES" as ImportRefusal, { max: IMPORT_LIMITS.maxFiles });
  let bytes = 0;
  const seen = new Map<string, number>();
  const out: Array<UploadedFile & { bytes: number }> = [];
  for (const file of files) {
    let name = baseName(file.name);
    if (!EXTENSIONS[kind].some((ext) => name.toLowerCase().endsWith(ext))) return fail("IMPORT_FILE_TYPE" as ImportRefusal, { file: name || file.name });
    // NUL never appears in text; U+FFFD is what a decoder leaves of bytes that were not UTF-8, and a lone surrogate
    // (JSON can carry one) what it would become. A name is shown and stored: it must be one line of text too.
    if (file.content.includes("\u0000") || file.content.includes("\uFFFD") || !isWellFormed(file.content) || !isTextLine(name)) {
      return fail("IMPORT_NOT_TEXT" as ImportRefusal, { file: isTextLine(name) ? name : "" });
    }
    const size = Buffer.byteLength(file.content, "utf8");
    bytes += size;
    if (bytes > IMPORT_LIMITS.maxBytes) return fail("IMPORT_TOO_LARGE" as ImportRefusal, { maxBytes: IMPORT_LIMITS.maxBytes });
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    if (count > 1) name = name.replace(/(\.[^.]+)$/, ` (${count})$1`);
    out.push({ name, content: file.content, bytes: size });
  }
  return ok({ files: out });
}
