import fs from "node:fs/promises";
import path from "node:path";

/** Where uploaded documents live: a folder here, object storage in production, behind this one interface. */
export type FileStorage = {
  put(key: string, bytes: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array | null>;
};

export function diskStorage(root: string): FileStorage {
  const resolve = (key: string) => {
    if (!/^[a-f0-9-]{36}$/.test(key)) throw new Error(`invalid storage key ${key}`);
    return path.join(path.resolve(root), key.slice(0, 2), key);
  };
  return {
    async put(key, bytes) {
      const file = resolve(key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, bytes, { flag: "wx" });
    },
    async get(key) {
      try {
        return new Uint8Array(await fs.readFile(resolve(key)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
  };
}

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
