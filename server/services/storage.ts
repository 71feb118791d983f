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
