import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiErrorHandler } from "../../server/http/api/router";

/** The API's last error handler on a small Express app: what a handler throws, and what the body parser refuses. */
const logged: unknown[] = [];
let origin = "";
let server: Server;

beforeAll(async () => {
  const app = express();
  app.use((req, _res, next) => {
    (req as unknown as { log: { error: (entry: unknown) => void } }).log = { error: (entry) => logged.push(entry) };
    next();
  });
  app.get("/throws", () => {
    throw new Error('duplicate key value violates unique constraint "users_email_key" (secret detail)');
  });
  app.get("/throws-a-string", () => {
    throw "not even an Error";
  });
  app.post("/echo", express.json({ limit: 64 }), (req, res) => res.json(req.body));
  app.use(apiErrorHandler);
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => void server?.close());

async function answer(path: string, init?: RequestInit) {
  const res = await fetch(`${origin}${path}`, init);
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: await res.text() };
}

describe("apiErrorHandler", () => {
  it("answers an error thrown in a handler with 500 INTERNAL as JSON, logs it, and keeps its message out of the answer", async () => {
    logged.length = 0;
    for (const path of ["/throws", "/throws-a-string"]) {
      const res = await answer(path);
      expect(res.status, path).toBe(500);
      expect(res.type, path).toMatch(/^application\/json/);
      expect(JSON.parse(res.body).error.code, path).toBe("INTERNAL");
      expect(res.body, path).not.toMatch(/secret|users_email_key|not even/);
    }
    expect(logged).toHaveLength(2);
  });

  it.each([
    ["malformed JSON", { "content-type": "application/json" }, "{", 400, "INVALID_JSON"],
    ["too large", { "content-type": "application/json" }, JSON.stringify({ text: "x".repeat(100) }), 413, "PAYLOAD_TOO_LARGE"],
    ["an unsupported charset", { "content-type": "application/json; charset=latin-9" }, "{}", 415, "UNSUPPORTED_ENCODING"],
    ["an unsupported encoding", { "content-type": "application/json", "content-encoding": "compress" }, "{}", 415, "UNSUPPORTED_ENCODING"],
    ["gzip that is not gzip", { "content-type": "application/json", "content-encoding": "gzip" }, "plain", 400, "INVALID"],
  ])("answers a body refused for %s with its JSON error body", async (_name, headers, body, status, code) => {
    logged.length = 0;
    const res = await answer("/echo", { method: "POST", headers, body });
    expect(res.status).toBe(status);
    expect(res.type).toMatch(/^application\/json/);
    expect(JSON.parse(res.body).error.code).toBe(code);
    expect(logged).toEqual([]);
  });
});
