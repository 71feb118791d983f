import crypto from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";

/** A file written to a temporary place as it arrived, with what was learnt on the way (size, hash, first bytes). */
export type StagedFile = { readonly path: string; readonly size: number; readonly sha256: string; readonly head: Uint8Array };

export type Staged = { ok: true; file: StagedFile } | { ok: false; code: "FILE_TOO_LARGE" };

/** Where uploaded documents live: a folder here, object storage in production, behind this one interface. */
export type FileStorage = {
  /** Streams bytes to a temporary file, hashing them; past `maxBytes` it stops reading and removes what it wrote. */
  stage(bytes: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Staged>;
  /** Gives a staged file its key (a rename on the same disk, so a stored file is never half written). */
  keep(staged: StagedFile, key: string): Promise<void>;
  /** Removes a staged file that was not kept; nothing when it was. */
  discard(staged: StagedFile): Promise<void>;
  get(key: string): Promise<Uint8Array | null>;
};

const HEAD_BYTES = 16;

class TooLarge extends Error {}

export function diskStorage(root: string): FileStorage {
  const base = path.resolve(root);
  const incoming = path.join(base, ".incoming");
  const resolve = (key: string) => {
    if (!/^[a-f0-9-]{36}$/.test(key)) throw new Error(`invalid storage key ${key}`);
    return path.join(base, key.slice(0, 2), key);
  };
  return {
    async stage(bytes, maxBytes) {
      await fs.mkdir(incoming, { recursive: true });
      const file = path.join(incoming, crypto.randomUUID());
      const hash = crypto.createHash("sha256");
      let size = 0;
      let head = new Uint8Array(0);
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.byteLength;
          if (size > maxBytes) return done(new TooLarge());
          if (head.byteLength < HEAD_BYTES) head = Uint8Array.from([...head, ...chunk.subarray(0, HEAD_BYTES - head.byteLength)]);
          hash.update(chunk);
          done(null, chunk);
        },
      });
      try {
        await pipeline(Readable.from(bytes, { objectMode: false }), meter, createWriteStream(file, { flags: "wx" }));
      } catch (error) {
        await fs.rm(file, { force: true });
        if (error instanceof TooLarge) return { ok: false, code: "FILE_TOO_LARGE" };
        throw error;
      }
      return { ok: true, file: { path: file, size, sha256: hash.digest("hex"), head } };
    },
    async keep(staged, key) {
      const file = resolve(key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.rename(staged.path, file);
    },
    async discard(staged) {
      await fs.rm(staged.path, { force: true });
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
