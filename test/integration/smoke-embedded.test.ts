import crypto from "node:crypto";
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { freePort } from "../support/pg-cluster";
import { api } from "../support/visitor";

/** The product as a newcomer starts it: no DATABASE_URL, the embedded database, demo data, then SIGTERM. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ipx-smoke-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  fs.rmSync(dir, { recursive: true, force: true });
});

function boot(port: number) {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: "127.0.0.1", EMBEDDED_DB_DIR: path.join(dir, "db"), LOG_LEVEL: "info", NODE_ENV: "production", SESSION_SECRET: "smoke-secret-long-enough-0123456789abcdef", TENDER_KEY: crypto.randomBytes(32).toString("base64") };
  delete env.DATABASE_URL;
  delete env.SEED_DEMO;
  const child = spawn("node", ["--import", "tsx", "server/index.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function waitReady(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("server did not become ready");
}

describe("npm start on the embedded database", () => {
  it("boots with demo data, refuses a second process on the same folder, and stops cleanly on SIGTERM", async () => {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const first = boot(port);
    await waitReady(origin, 90_000);
    expect(first.output()).toContain("demo login: bank");
    expect(await (await fetch(`${origin}/`)).text()).toContain("知识产权质押物交易所");
    const token = await api(origin, "POST", "/auth/token", { body: { email: "bank@demo.ipx.example", password: DEMO_PASSWORD } });
    expect(token.status).toBe(201);

    const second = boot(await freePort());
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain("The embedded database is in use by process");

    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(fs.existsSync(path.join(dir, "db.lock"))).toBe(false);
  }, 150_000);
});
