import type { FileSink } from "~/utils/upload.server";

/** Import files are text the import reads whole, so they are decoded as they arrive, within the import's own limits. */
export function importFileSink(limits: { maxFiles: number; maxBytes: number }): FileSink<{ name: string; content: string }> {
  let files = 0;
  let bytes = 0;
  return async (part) => {
    if (part.name !== "files") return { ok: false, code: "INVALID" };
    const decoder = new TextDecoder("utf-8", { fatal: true });
    let content = "";
    let size = 0;
    try {
      for await (const chunk of part.data) {
        size += chunk.byteLength;
        bytes += chunk.byteLength;
        if (bytes > limits.maxBytes) return { ok: false, code: "IMPORT_TOO_LARGE" };
        content += decoder.decode(chunk, { stream: true });
      }
      content += decoder.decode();
    } catch {
      return { ok: false, code: "IMPORT_NOT_TEXT" };
    }
    // An empty file input still sends a part: no name, no bytes. It is no file.
    if (size === 0 && part.filename === "") return { ok: true, file: null };
    files += 1;
    if (files > limits.maxFiles) return { ok: false, code: "IMPORT_TOO_MANY_FILES" };
    return { ok: true, file: { name: part.filename, content } };
  };
}
