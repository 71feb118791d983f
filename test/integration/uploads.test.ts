import crypto from "node:crypto";
import fs from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "../../db/client";
import { documents } from "../../db/schema";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { cloneDatabase } from "../support/databases";
import { TEST_PASSWORD, demoToken } from "../support/organisations";
import { type ServerProcess, startServerProcess } from "../support/server-process";
import { Visitor, api } from "../support/visitor";

// Upload forms are checked from their headers and their first part, then read as they stream, within limits
// (decision 019). The server runs in a process of its own so that its memory can be read from /proc.

let server: ServerProcess;
let handle: DatabaseHandle;
let uploadsDir: string;
let bank: Visitor;
let assetPath: string;

const MiB = 1024 * 1024;
const BOUNDARY = "----ipx-upload-test";
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const FILLER = new Uint8Array(64 * 1024).fill(0x78);

type Part = { name: string; filename?: string; body: string | Uint8Array | { repeat: Uint8Array; times: number } };

/** A multipart body as a browser would send it, yielded piece by piece so that megabytes are never built in memory here. */
function* multipart(parts: Part[]): Generator<Uint8Array> {
  const text = (s: string) => new TextEncoder().encode(s);
  for (const part of parts) {
    const file = part.filename === undefined ? "" : `; filename="${part.filename}"\r\nContent-Type: application/pdf`;
    yield text(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"${file}\r\n\r\n`);
    if (typeof part.body === "string") yield text(part.body);
    else if (part.body instanceof Uint8Array) yield part.body;
    else for (let i = 0; i < part.body.times; i++) yield part.body.repeat;
    yield text("\r\n");
  }
  yield text(`--${BOUNDARY}--\r\n`);
}

type Answer = { status: number; location: string | null; body: string; sentBytes: number; bodyFinished: boolean };

/**
 * Posts a body chunked (unless a Content-Length is given), as fast as the server takes it, and resolves with the answer as
 * soon as it comes: `bodyFinished` says whether the whole body had been sent by then.
 */
function streamPost(visitor: Visitor | null, url: string, chunks: Iterable<Uint8Array>, headers: Record<string, string> = { "content-type": `multipart/form-data; boundary=${BOUNDARY}` }): Promise<Answer> {
  const cookie = visitor ? [...visitor.cookies].map(([k, v]) => `${k}=${v}`).join("; ") : "";
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.origin}${url}`, { method: "POST", headers: { cookie, ...("content-length" in headers ? {} : { "transfer-encoding": "chunked" }), ...headers } });
    const source = chunks[Symbol.iterator]();
    let sentBytes = 0;
    let bodyFinished = false;
    let answered = false;
    const pump = () => {
      while (!answered) {
        const next = source.next();
        if (next.done) {
          bodyFinished = true;
          req.end();
          return;
        }
        sentBytes += next.value.byteLength;
        if (!req.write(next.value)) return void req.once("drain", pump);
      }
    };
    req.on("response", (res) => {
      answered = true;
      const snapshot = { sentBytes, bodyFinished };
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => {
        req.destroy();
        resolve({ status: res.statusCode!, location: res.headers.location ?? null, body, ...snapshot });
      });
    });
    // Once answered, a refused body is cut off: the server closes the connection, and writing on fails.
    req.on("error", (error) => (answered ? undefined : reject(error)));
    pump();
  });
}

/** The first chunk of an upload that never ends, unless the server refuses it. */
function* endless(parts: Part[]): Generator<Uint8Array> {
  yield* [...multipart(parts)].slice(0, -1);
  for (;;) yield FILLER;
}

/** Starts the server process's high-water mark of resident memory afresh (Linux: 5 → clear_refs). */
async function resetPeak(pid: number) {
  await fs.writeFile(`/proc/${pid}/clear_refs`, "5");
}

/** The server process's resident memory and its high-water mark since the last reset, in bytes, from /proc. */
async function memoryOf(pid: number) {
  const status = await fs.readFile(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"))![1]) * 1024;
  return { rss: kb("VmRSS"), peak: kb("VmHWM") };
}

async function signedIn(email: string, password: string) {
  const visitor = new Visitor(server.origin);
  expect((await visitor.login(email, password)).status).toBe(302);
  return visitor;
}

async function leftInIncoming() {
  return fs.readdir(path.join(uploadsDir, ".incoming")).catch(() => []);
}

beforeAll(async () => {
  const adminUrl = process.env.TEST_PG_URL;
  if (!adminUrl) throw new Error("TEST_PG_URL is not set: run through vitest's global setup or npm test");
  const databaseUrl = await cloneDatabase(adminUrl);
  handle = await openDatabase({ url: databaseUrl, embeddedDir: "" });
  uploadsDir = await fs.mkdtemp(path.join(os.tmpdir(), "ipx-uploads-"));
  server = await startServerProcess(databaseUrl, { SEED_DEMO: "always", UPLOADS_DIR: uploadsDir });
  bank = await signedIn("bank@demo.ipx.example", DEMO_PASSWORD);
  const assets = await (await bank.get("/collateral/assets")).text();
  assetPath = assets.match(/\/collateral\/assets\/[0-9a-f-]{36}/)![0];
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await handle?.close();
  if (uploadsDir) await fs.rm(uploadsDir, { recursive: true, force: true });
});

describe("who may upload is settled before the body is read", () => {
  it("sends the anonymous to sign in while the body is still coming", async () => {
    const answer = await streamPost(null, assetPath, endless([{ name: "csrf", body: "x" }, { name: "file", filename: "a.pdf", body: PDF }]));
    expect(answer.status).toBe(302);
    expect(answer.location).toMatch(/^\/login\?redirectTo=/);
    expect(answer.bodyFinished).toBe(false);
  });

  it("refuses an unverified organisation's upload into a data room before reading it", async () => {
    await api(server.origin, "POST", "/auth/register", { body: { email: "pending@uploads.example", password: TEST_PASSWORD, name: "Pending", organisation: { name: "Pending Fund", kind: "investor" } } });
    const pending = await signedIn("pending@uploads.example", TEST_PASSWORD);
    const csrf = await pending.csrfToken("/");
    const answer = await streamPost(pending, `/listings/${crypto.randomUUID()}/documents`, endless([{ name: "csrf", body: csrf }, { name: "access", body: "open" }, { name: "file", filename: "a.pdf", body: PDF }]));
    expect(answer.status).toBe(403);
    expect(answer.bodyFinished).toBe(false);
  });

  it("refuses an organisation without the collateral workbench before reading its upload", async () => {
    const investor = await signedIn("investor1@demo.ipx.example", DEMO_PASSWORD);
    const csrf = await investor.csrfToken("/");
    const answer = await streamPost(investor, assetPath, endless([{ name: "csrf", body: csrf }, { name: "file", filename: "a.pdf", body: PDF }]));
    expect(answer.status).toBe(403);
    expect(answer.bodyFinished).toBe(false);
  });

  it("refuses a form whose first part is not a valid CSRF token before taking any file", async () => {
    const csrf = await bank.csrfToken(assetPath);
    const fileFirst = await streamPost(bank, assetPath, endless([{ name: "file", filename: "a.pdf", body: PDF }, { name: "csrf", body: csrf }]));
    expect(fileFirst.status).toBe(403);
    expect(fileFirst.bodyFinished).toBe(false);
    const forged = await streamPost(bank, assetPath, endless([{ name: "csrf", body: "forged" }, { name: "file", filename: "a.pdf", body: PDF }]));
    expect(forged.status).toBe(403);
    expect(forged.bodyFinished).toBe(false);
    expect(await leftInIncoming()).toEqual([]);
  });
});

describe("the API settles who may upload before it reads the JSON", () => {
  it("refuses a token without the permission before reading its body, and a declared length over the cap at once", async () => {
    const assetId = assetPath.split("/").pop()!;
    const endlessJson = function* () {
      yield new TextEncoder().encode('{"filename":"a.pdf","kind":"other","contentBase64":"');
      for (;;) yield FILLER;
    };
    const investor = await demoToken(server.origin, "investor1@demo.ipx.example");
    const refused = await streamPost(null, `/api/v1/assets/${assetId}/documents`, endlessJson(), { authorization: `Bearer ${investor}`, "content-type": "application/json" });
    expect(refused.status).toBe(403);
    expect(refused.bodyFinished).toBe(false);
    expect(JSON.parse(refused.body).error.code).toBe("FORBIDDEN");

    const bankToken = await demoToken(server.origin, "bank@demo.ipx.example");
    const tooLarge = await streamPost(null, `/api/v1/assets/${assetId}/documents`, endlessJson(), { authorization: `Bearer ${bankToken}`, "content-type": "application/json", "content-length": String(100 * MiB) });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.bodyFinished).toBe(false);
    expect(JSON.parse(tooLarge.body).error.code).toBe("PAYLOAD_TOO_LARGE");
  });
});

describe("limits while the body streams", () => {
  it("answers 413 to 30 × 9 MB sent chunked, stops reading, and the server's memory stays flat", async () => {
    const csrf = await bank.csrfToken(assetPath);
    const nineMb = { repeat: FILLER, times: (9 * MiB) / FILLER.byteLength };
    const files = (name: string, filename: string) => Array.from({ length: 30 }, () => ({ name, filename, body: nineMb }));
    await resetPeak(server.pid);
    const before = await memoryOf(server.pid);

    const documentsAnswer = await streamPost(bank, assetPath, multipart([{ name: "csrf", body: csrf }, { name: "kind", body: "other" }, ...files("file", "big.pdf")]));
    const importAnswer = await streamPost(bank, "/collateral/import", multipart([{ name: "csrf", body: csrf }, { name: "kind", body: "loan_book" }, ...files("files", "loans.csv")]));
    const after = await memoryOf(server.pid);

    // What the server read went to disk (the document) or was counted and let go: its peak grew by less than
    // a third of one body (about 45 MiB measured, most of it the import's 20 MB of text; buffered, each body
    // would add 270 MB).
    expect((after.peak - before.rss) / MiB).toBeLessThan(96);
    // It cut each body off at its limit (about 20 MB), so far less than the 270 MB was ever sent...
    for (const answer of [documentsAnswer, importAnswer]) {
      expect(answer.bodyFinished).toBe(false);
      expect(answer.sentBytes).toBeLessThan((30 * 9 * MiB) / 3);
    }
    // ...and said why, as the form's error.
    expect(documentsAnswer.status).toBe(413);
    expect(documentsAnswer.body).toContain("上传的字段和文件数量超过单个表单允许的上限");
    expect(importAnswer.status).toBe(413);
    expect(importAnswer.body).toContain("一次导入的文件合计不得超过 20 MB");
    expect(await leftInIncoming()).toEqual([]);
  });

  it("answers 413 to a form of more parts than the limit, before the parts after it are read", async () => {
    const csrf = await bank.csrfToken(assetPath);
    const fields = Array.from({ length: 25 }, (_, i) => ({ name: `field${i}`, body: "x" }));
    const answer = await streamPost(bank, assetPath, endless([{ name: "csrf", body: csrf }, ...fields]));
    expect(answer.status).toBe(413);
    expect(answer.bodyFinished).toBe(false);
    expect(answer.body).toContain("上传的字段和文件数量超过单个表单允许的上限");
  });

  it("answers 413 from the declared length alone, before reading", async () => {
    const csrf = await bank.csrfToken(assetPath);
    const cookie = [...bank.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${server.origin}${assetPath}`, {
        method: "POST",
        headers: { cookie, "content-type": `multipart/form-data; boundary=${BOUNDARY}`, "content-length": String(100 * MiB) },
      });
      req.on("response", (res) => (resolve(res.statusCode!), req.destroy()));
      req.on("error", reject);
      req.write(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n`);
    });
    expect(status).toBe(413);
  });
});

describe("forms that are not uploads", () => {
  it("refuse a multipart body unread, and a URL-encoded one past the limit while it streams", async () => {
    const multipartAnswer = await streamPost(null, "/login", endless([{ name: "csrf", body: "x" }, { name: "email", body: "x" }]));
    expect(multipartAnswer.status).toBe(415);
    expect(multipartAnswer.bodyFinished).toBe(false);
    const endlessFields = function* () {
      yield new TextEncoder().encode("csrf=x&email=");
      for (;;) yield FILLER;
    };
    const encodedAnswer = await streamPost(null, "/login", endlessFields(), { "content-type": "application/x-www-form-urlencoded" });
    expect(encodedAnswer.status).toBe(413);
    expect(encodedAnswer.bodyFinished).toBe(false);
    expect(encodedAnswer.sentBytes).toBeLessThan(64 * MiB);
  });
});

describe("an upload that is allowed", () => {
  it("is streamed to storage: the stored file has the sent bytes and their SHA-256, and nothing is left behind", async () => {
    const csrf = await bank.csrfToken(assetPath);
    const bytes = Buffer.concat([PDF, crypto.randomBytes(3 * MiB)]);
    const answer = await streamPost(bank, assetPath, multipart([{ name: "csrf", body: csrf }, { name: "intent", body: "upload-document" }, { name: "kind", body: "contract" }, { name: "file", filename: "streamed.pdf", body: bytes }]));
    expect(answer.status).toBe(302);
    expect(answer.location).toBe(`${assetPath}?done=document#section-documents`);
    const [row] = await handle.db.select().from(documents).where(eq(documents.filename, "streamed.pdf"));
    expect(row).toMatchObject({ sizeBytes: bytes.byteLength, contentType: "application/pdf", kind: "contract", sha256: crypto.createHash("sha256").update(bytes).digest("hex") });
    // Compared as buffers: a deep equality of megabytes, element by element, takes minutes.
    const stored = await fs.readFile(path.join(uploadsDir, row!.storageKey.slice(0, 2), row!.storageKey));
    expect(stored.equals(bytes)).toBe(true);
    const download = await bank.get(`/collateral/documents/${row!.id}`);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    expect(await leftInIncoming()).toEqual([]);
  });

  it("a file over the document limit is refused with the form's error and leaves no partial file", async () => {
    const csrf = await bank.csrfToken(assetPath);
    const answer = await streamPost(bank, assetPath, multipart([{ name: "csrf", body: csrf }, { name: "file", filename: "too-big.pdf", body: { repeat: FILLER, times: (10 * MiB) / FILLER.byteLength + 1 } }]));
    expect(answer.status).toBe(413);
    expect(answer.body).toContain("文件大小须在 1 字节到 10 MB 之间");
    expect(await handle.db.select().from(documents).where(eq(documents.filename, "too-big.pdf"))).toEqual([]);
    expect(await leftInIncoming()).toEqual([]);
  });
});
