import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig, tenderKeyId } from "../../server/config";

type Env = Record<string, string>;

const SECRET = "s".repeat(32);
const TENDER_KEY = Buffer.alloc(32, 7).toString("base64");

function configError(env: Env): ConfigError {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("parseConfig accepted the environment");
}

describe("parseConfig", () => {
  it("has defaults for an empty environment", () => {
    expect(parseConfig({})).toEqual({
      env: "development",
      host: "0.0.0.0",
      port: 3000,
      publicOrigin: "http://localhost:3000",
      databaseUrl: undefined,
      embeddedDbDir: ".data/pglite",
      migrationsDir: "db/migrations",
      uploadsDir: ".data/uploads",
      uploads: { maxBodyBytes: 21 * 1024 * 1024, maxFileBytes: 10 * 1024 * 1024, maxParts: 20 },
      sessionSecret: expect.any(String),
      sessionTtlMs: 30 * 86_400_000,
      apiTokenTtlMs: 365 * 86_400_000,
      logLevel: "info",
      seedDemo: "auto",
      trustProxy: false,
      shutdownGraceMs: 10_000,
      socketEventsPerSecond: 10,
      tenderKey: { id: expect.stringMatching(/^[0-9a-f]{8}$/), key: expect.any(Buffer) },
      tenderKeys: expect.any(Map),
      tenderKeyDerived: true,
      platformFeeBps: 100,
      stripe: null,
      recoveryDiscountRateBps: 500,
    });
  });

  it.each<[string, Env, Record<string, unknown>]>([
    ["port from PORT", { PORT: "8080" }, { port: 8080, publicOrigin: "http://localhost:8080" }],
    ["PUBLIC_ORIGIN without its trailing slash", { PUBLIC_ORIGIN: "https://ipx.example.com/" }, { publicOrigin: "https://ipx.example.com" }],
    ["production with a secret and a tender key", { NODE_ENV: "production", SESSION_SECRET: SECRET, TENDER_KEY: TENDER_KEY }, { env: "production", sessionSecret: SECRET, tenderKey: { id: tenderKeyId(Buffer.from(TENDER_KEY, "base64")), key: Buffer.from(TENDER_KEY, "base64") }, tenderKeyDerived: false }],
    ["upload limits", { UPLOAD_MAX_BODY_BYTES: "5000000", UPLOAD_MAX_FILE_BYTES: "4000000", UPLOAD_MAX_PARTS: "5" }, { uploads: { maxBodyBytes: 5_000_000, maxFileBytes: 4_000_000, maxParts: 5 } }],
    ["TRUST_PROXY=true", { TRUST_PROXY: "true" }, { trustProxy: true }],
    ["TTLs in days", { SESSION_TTL_DAYS: "2", API_TOKEN_TTL_DAYS: "10" }, { sessionTtlMs: 172_800_000, apiTokenTtlMs: 864_000_000 }],
  ])("reads %s", (_label, env, expected) => {
    expect(parseConfig(env)).toMatchObject(expected);
  });

  it.each<[string, Env, string]>([
    ["a non-numeric PORT", { PORT: "http" }, "PORT"],
    ["a PORT above 65535", { PORT: "70000" }, "PORT"],
    ["a fractional PORT", { PORT: "80.5" }, "PORT"],
    ["production without SESSION_SECRET", { NODE_ENV: "production", TENDER_KEY }, "SESSION_SECRET"],
    ["production without TENDER_KEY", { NODE_ENV: "production", SESSION_SECRET: SECRET }, "TENDER_KEY"],
    ["a TENDER_KEY that is not base64", { TENDER_KEY: "not base64!" }, "TENDER_KEY"],
    ["a TENDER_KEY of 16 bytes", { TENDER_KEY: Buffer.alloc(16, 1).toString("base64") }, "TENDER_KEY"],
    ["a short SESSION_SECRET", { SESSION_SECRET: "s".repeat(31) }, "SESSION_SECRET"],
    ["an unknown NODE_ENV", { NODE_ENV: "staging" }, "NODE_ENV"],
    ["a bad PUBLIC_ORIGIN", { PUBLIC_ORIGIN: "not a url" }, "PUBLIC_ORIGIN"],
    ["TRUST_PROXY=yes", { TRUST_PROXY: "yes" }, "TRUST_PROXY"],
  ])("refuses %s, naming %s", (_label, env, name) => {
    const error = configError(env);
    expect(error.message).toMatch(/^Invalid configuration:/);
    expect(error.message).toContain(`  ${name}: `);
  });

  it("says why a short SESSION_SECRET is refused", () => {
    expect(configError({ NODE_ENV: "production", SESSION_SECRET: "short" }).message).toContain(
      "SESSION_SECRET: must be at least 32 characters",
    );
  });

  it("uses SESSION_SECRET when given, a fixed development secret otherwise", () => {
    expect(parseConfig({ SESSION_SECRET: SECRET }).sessionSecret).toBe(SECRET);
    expect(parseConfig({}).sessionSecret).toHaveLength(48);
    expect(parseConfig({}).sessionSecret).toBe(parseConfig({ NODE_ENV: "test" }).sessionSecret);
  });

  // An empty PORT ("PORT=" in a .env file) means unset, not port 0.
  it("does not turn an empty PORT into port 0", () => {
    expect(parseConfig({ PORT: "" }).port).toBe(3000);
  });
});

describe("the tender key", () => {
  it("derives a stable key from SESSION_SECRET outside production, another one for another secret", () => {
    const a = parseConfig({ SESSION_SECRET: SECRET }).tenderKey;
    expect(a.key).toHaveLength(32);
    expect(parseConfig({ SESSION_SECRET: SECRET, NODE_ENV: "test" }).tenderKey).toEqual(a);
    expect(parseConfig({ SESSION_SECRET: "t".repeat(32) }).tenderKey.id).not.toBe(a.id);
  });

  it("keeps previous keys by id so bids sealed before a rotation still open, and never names a key's value in an error", () => {
    const old = Buffer.alloc(32, 9).toString("base64");
    const config = parseConfig({ TENDER_KEY, TENDER_PREVIOUS_KEYS: old });
    expect([...config.tenderKeys.keys()].sort()).toEqual([tenderKeyId(Buffer.from(old, "base64")), config.tenderKey.id].sort());
    const short = Buffer.alloc(16, 3).toString("base64");
    expect(configError({ TENDER_KEY: short }).message).not.toContain(short);
  });
});
