import { createHash, hkdfSync } from "node:crypto";
import { z } from "zod";

/** Every environment variable the process reads, parsed once. A wrong value stops the start with its name. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_ORIGIN: z.url().optional(),
  DATABASE_URL: z.url().optional(),
  EMBEDDED_DB_DIR: z.string().min(1).default(".data/pglite"),
  MIGRATIONS_DIR: z.string().min(1).default("db/migrations"),
  UPLOADS_DIR: z.string().min(1).default(".data/uploads"),
  /** An upload form's whole body (files, fields, part headers): the import's 20 MB of files and room for the form. */
  UPLOAD_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(21 * 1024 * 1024),
  UPLOAD_MAX_FILE_BYTES: z.coerce.number().int().min(1024).default(10 * 1024 * 1024),
  UPLOAD_MAX_PARTS: z.coerce.number().int().min(2).max(1000).default(20),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  API_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SEED_DEMO: z.enum(["auto", "always", "accounts", "never"]).default("auto"),
  TRUST_PROXY: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  SOCKET_EVENTS_PER_SECOND: z.coerce.number().int().min(1).max(100_000).default(10),
  TENDER_KEY: z.base64("must be base64").optional(),
  TENDER_PREVIOUS_KEYS: z.string().optional(),
  PLATFORM_FEE_BPS: z.coerce.number().int().min(0).max(10_000).default(100),
  RECOVERY_DISCOUNT_RATE_BPS: z.coerce.number().int().min(0).max(10_000).default(500),
  STRIPE_SECRET_KEY: z.string().startsWith("sk_", "must start with sk_").optional(),
  STRIPE_PUBLISHABLE_KEY: z.string().startsWith("pk_", "must start with pk_").optional(),
  STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_", "must start with whsec_").optional(),
  /** Connected accounts' events (account.updated) come from a Connect endpoint, signed with its own secret. */
  STRIPE_CONNECT_WEBHOOK_SECRET: z.string().startsWith("whsec_", "must start with whsec_").optional(),
  STRIPE_API_HOST: z.string().min(1).optional(),
  STRIPE_API_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  STRIPE_API_PROTOCOL: z.enum(["http", "https"]).optional(),
});

export type Config = {
  env: "development" | "production" | "test";
  host: string;
  port: number;
  publicOrigin: string;
  databaseUrl: string | undefined;
  embeddedDbDir: string;
  migrationsDir: string;
  uploadsDir: string;
  /** Upload forms are refused past these while their body streams in (decision 019). */
  uploads: UploadLimits;
  sessionSecret: string;
  sessionTtlMs: number;
  apiTokenTtlMs: number;
  logLevel: string;
  seedDemo: "auto" | "always" | "accounts" | "never";
  trustProxy: boolean;
  shutdownGraceMs: number;
  /** Each signed-in user (or anonymous socket) may send this many socket messages a second, bursts of three times as many. */
  socketEventsPerSecond: number;
  /** Seals tender amounts; `tenderKeys` also holds earlier keys by id, so bids sealed before a rotation still open. */
  tenderKey: TenderKey;
  tenderKeys: ReadonlyMap<string, Buffer>;
  /** True when TENDER_KEY is unset (never in production) and the key comes from the session secret: the start log warns. */
  tenderKeyDerived: boolean;
  /** The private preset's platform fee on a sale, in basis points, borne by the seller (100 = 1%). */
  platformFeeBps: number;
  /** The annual rate recoveries and costs are discounted at to the default date for the realised LGD (500 = 5%/yr). */
  recoveryDiscountRateBps: number;
  /** Card payments: null when no secret key is configured (bank transfer only). */
  stripe: StripeConfig | null;
};

/** Host, port and protocol point the SDK at a local stand-in in tests; unset, it talks to Stripe. */
export type StripeConfig = { secretKey: string; publishableKey: string | null; webhookSecret: string | null; connectWebhookSecret?: string | null; host?: string; port?: number; protocol?: "http" | "https" };

export type UploadLimits = { maxBodyBytes: number; maxFileBytes: number; maxParts: number };

export type TenderKey = { id: string; key: Buffer };

const DEV_SECRET = "development-only-secret-do-not-use-in-production";
const DAY_MS = 86_400_000;

export class ConfigError extends Error {}

/** One start-log line: whoever knows the session secret (the public development default unless set) can open sealed tenders. */
export const DERIVED_TENDER_KEY_WARNING = "TENDER_KEY is not set: sealed tender amounts are encrypted under a key derived from the session secret (development only; set TENDER_KEY)";

/** A key's public name, stored with each sealed bid: the first 8 hex digits of its SHA-256. */
export function tenderKeyId(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

/** A 32-byte key from base64, or an error naming the variable (never its value). */
function tenderKeyFrom(name: string, base64: string): TenderKey {
  const key = Buffer.from(base64.trim(), "base64");
  if (key.length !== 32) throw new ConfigError(`Invalid configuration:\n  ${name}: must be 32 bytes, base64`);
  return { id: tenderKeyId(key), key };
}

/**
 * TENDER_KEY is required in production. Elsewhere a stable key is derived from the session secret (HKDF,
 * fixed label) so the demo and the tests seal and open without setup.
 */
function tenderKeysOf(e: z.infer<typeof EnvSchema>, sessionSecret: string): { current: TenderKey; all: Map<string, Buffer> } {
  if (e.NODE_ENV === "production" && !e.TENDER_KEY) throw new ConfigError("Invalid configuration:\n  TENDER_KEY: required when NODE_ENV=production (32 random bytes, base64)");
  const derived = () => Buffer.from(hkdfSync("sha256", sessionSecret, "", "ipx-tender-key-v1", 32));
  const current = e.TENDER_KEY ? tenderKeyFrom("TENDER_KEY", e.TENDER_KEY) : { id: tenderKeyId(derived()), key: derived() };
  const previous = (e.TENDER_PREVIOUS_KEYS ?? "").split(",").filter((k) => k.trim() !== "").map((k) => tenderKeyFrom("TENDER_PREVIOUS_KEYS", k));
  return { current, all: new Map([...previous, current].map((k) => [k.id, k.key])) };
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  // An empty value (PORT= in a .env file) means "not set", never zero.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === "production" && !e.SESSION_SECRET) {
    throw new ConfigError("Invalid configuration:\n  SESSION_SECRET: required when NODE_ENV=production");
  }
  const sessionSecret = e.SESSION_SECRET ?? DEV_SECRET;
  const tender = tenderKeysOf(e, sessionSecret);
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicOrigin: (e.PUBLIC_ORIGIN ?? `http://localhost:${e.PORT}`).replace(/\/$/, ""),
    databaseUrl: e.DATABASE_URL,
    embeddedDbDir: e.EMBEDDED_DB_DIR,
    migrationsDir: e.MIGRATIONS_DIR,
    uploadsDir: e.UPLOADS_DIR,
    uploads: { maxBodyBytes: e.UPLOAD_MAX_BODY_BYTES, maxFileBytes: e.UPLOAD_MAX_FILE_BYTES, maxParts: e.UPLOAD_MAX_PARTS },
    sessionSecret,
    sessionTtlMs: e.SESSION_TTL_DAYS * DAY_MS,
    apiTokenTtlMs: e.API_TOKEN_TTL_DAYS * DAY_MS,
    logLevel: e.LOG_LEVEL,
    seedDemo: e.SEED_DEMO,
    trustProxy: e.TRUST_PROXY,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    socketEventsPerSecond: e.SOCKET_EVENTS_PER_SECOND,
    tenderKey: tender.current,
    tenderKeys: tender.all,
    tenderKeyDerived: !e.TENDER_KEY,
    platformFeeBps: e.PLATFORM_FEE_BPS,
    recoveryDiscountRateBps: e.RECOVERY_DISCOUNT_RATE_BPS,
    stripe: e.STRIPE_SECRET_KEY
      ? { secretKey: e.STRIPE_SECRET_KEY, publishableKey: e.STRIPE_PUBLISHABLE_KEY ?? null, webhookSecret: e.STRIPE_WEBHOOK_SECRET ?? null, connectWebhookSecret: e.STRIPE_CONNECT_WEBHOOK_SECRET ?? null, host: e.STRIPE_API_HOST, port: e.STRIPE_API_PORT, protocol: e.STRIPE_API_PROTOCOL }
      : null,
  };
}
