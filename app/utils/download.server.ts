/** RFC 6266 / 5987: an ASCII fallback and the UTF-8 name (Chinese file names survive). */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** A stored document as a download, with its recorded type, never cached. (helmet adds `X-Content-Type-Options: nosniff` to every response.) */
export function documentResponse(doc: { bytes: Uint8Array; contentType: string; filename: string }): Response {
  return new Response(doc.bytes.slice(), {
    status: 200,
    headers: {
      "Content-Type": doc.contentType,
      "Content-Length": String(doc.bytes.byteLength),
      "Content-Disposition": contentDisposition(doc.filename),
      "Cache-Control": "private, no-store",
    },
  });
}
