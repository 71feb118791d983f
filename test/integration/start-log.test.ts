import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, startServerOn, startTestDatabase } from "../support/test-server";

/**
 * Outside production, without TENDER_KEY, sealed amounts are encrypted under a key derived from the session secret
 * (by default a secret printed in the source): the start log says so in one warning line, and only then.
 */
let database: TestDatabase;

beforeAll(async () => {
  database = await startTestDatabase();
});
afterAll(() => database?.stop());

/** The JSON lines a server writes from its start to its stop, at warn and above. */
async function startLog(env: Record<string, string>) {
  const lines: Array<{ level: number; msg: string }> = [];
  const server = await startServerOn(database.databaseUrl, { LOG_LEVEL: "warn", SEED_DEMO: "never", ...env }, { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg: string }) });
  await server.stop();
  return lines;
}

const PINO_WARN = 40;
const aboutTenderKey = (lines: Array<{ msg: string }>) => lines.filter((l) => l.msg.includes("TENDER_KEY"));

describe("the start log", () => {
  it("warns in one line that the tender key is derived from the session secret when TENDER_KEY is unset", async () => {
    const warned = aboutTenderKey(await startLog({}));
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ level: PINO_WARN, msg: expect.stringContaining("derived from the session secret") });
  }, 30_000);

  it("says nothing of it when TENDER_KEY is set", async () => {
    expect(aboutTenderKey(await startLog({ TENDER_KEY: randomBytes(32).toString("base64") }))).toEqual([]);
  }, 30_000);
});
