import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { diskStorage } from "../../server/services/storage";

let root: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "ipx-storage-"));
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function* chunksOf(...chunks: Uint8Array[]) {
  yield* chunks;
}

const incoming = () => fs.readdir(path.join(root, ".incoming"));

describe("diskStorage", () => {
  it("stages a stream with its size, SHA-256 and first bytes, then keeps it under its key", async () => {
    const storage = diskStorage(root);
    const parts = [Uint8Array.from([0x25, 0x50]), crypto.randomBytes(70_000), crypto.randomBytes(5)];
    const staged = await storage.stage(chunksOf(...parts), 1_000_000);
    if (!staged.ok) throw new Error("refused");
    const whole = Buffer.concat(parts);
    expect(staged.file.size).toBe(whole.byteLength);
    expect(staged.file.sha256).toBe(crypto.createHash("sha256").update(whole).digest("hex"));
    expect(Buffer.from(staged.file.head).equals(whole.subarray(0, 16))).toBe(true);
    const key = crypto.randomUUID();
    await storage.keep(staged.file, key);
    await storage.discard(staged.file);
    expect(Buffer.from((await storage.get(key))!).equals(whole)).toBe(true);
    expect(await incoming()).toEqual([]);
  });

  it("stops a stream past its limit and leaves nothing behind", async () => {
    const storage = diskStorage(root);
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled += 1;
        yield new Uint8Array(1024);
      }
    }
    expect(await storage.stage(endless(), 10 * 1024)).toEqual({ ok: false, code: "FILE_TOO_LARGE" });
    expect(pulled).toBeLessThan(20);
    expect(await incoming()).toEqual([]);
  });

  it("discards a staged file that was not kept", async () => {
    const storage = diskStorage(root);
    const staged = await storage.stage(chunksOf(new Uint8Array([1, 2, 3])), 100);
    if (!staged.ok) throw new Error("refused");
    expect(await incoming()).toHaveLength(1);
    await storage.discard(staged.file);
    expect(await incoming()).toEqual([]);
  });
});
