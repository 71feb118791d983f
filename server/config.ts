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
  sessionSecret: string;
  sessionTtlMs: number;
  apiTokenTtlMs: number;
  logLevel: string;
  seedDemo: "auto" | "always" | "accounts" | "never";
  trustProxy: boolean;
  shutdownGraceMs: number;
};

const DEV_SECRET = "development-only-secret-do-not-use-in-production";
const DAY_MS = 86_400_000;

export class ConfigError extends Error {}

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
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicOrigin: (e.PUBLIC_ORIGIN ?? `http://localhost:${e.PORT}`).replace(/\/$/, ""),
    databaseUrl: e.DATABASE_URL,
    embeddedDbDir: e.EMBEDDED_DB_DIR,
    migrationsDir: e.MIGRATIONS_DIR,
    uploadsDir: e.UPLOADS_DIR,
    sessionSecret: e.SESSION_SECRET ?? DEV_SECRET,
    sessionTtlMs: e.SESSION_TTL_DAYS * DAY_MS,
    apiTokenTtlMs: e.API_TOKEN_TTL_DAYS * DAY_MS,
    logLevel: e.LOG_LEVEL,
    seedDemo: e.SEED_DEMO,
    trustProxy: e.TRUST_PROXY,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
  };
}
