/** Accepted document types, recognised by their first bytes rather than the name or the browser's word. */
const SIGNATURES: Array<{ type: string; magic: number[] }> = [
  { type: "application/pdf", magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { type: "image/png", magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: "image/jpeg", magic: [0xff, 0xd8, 0xff] },
];
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export function sniffDocumentType(bytes: Uint8Array): string | null {
  return SIGNATURES.find((s) => s.magic.every((b, i) => bytes[i] === b))?.type ?? null;
}

/** A file name safe to store and to send back in a header: letters, digits and a few marks, at most 200 characters. */
export function safeFilename(name: string): string {
  return name.replace(/[^\p{L}\p{N}._ -]/gu, "_").slice(0, 200);
}
