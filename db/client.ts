import fs from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";
import { acquireEmbeddedLock } from "./embedded-lock";

export { schema };

/** One type for the database and a transaction, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DbOrTx = Db;

export type DatabaseHandle = {
  db: Db;
  kind: "postgres" | "embedded";
  /** Runs the committed migrations under an advisory lock, so several processes may start at once. */
  migrate(migrationsFolder: string): Promise<void>;
  close(): Promise<void>;
};

export async function openDatabase(options: { url?: string; embeddedDir: string }): Promise<DatabaseHandle> {
  return options.url ? openPostgres(options.url) : openEmbedded(options.embeddedDir);
}

const MIGRATION_LOCK_KEY = 7_340_117;

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const client = postgres(url, { max: 10, onnotice: () => undefined, connection: { application_name: "ipx" } });
  await preparedByDefault();
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    async migrate(migrationsFolder) {
      // One connection, so the session-level advisory lock covers every migration statement.
      const single = postgres(url, { max: 1, onnotice: () => undefined });
      try {
        await single`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
        await migrate(drizzle(single, { schema }), { migrationsFolder });
      } finally {
        await single.end({ timeout: 5 });
      }
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/**
 * drizzle's postgres.js session runs every query unprepared unless it was built with `.prepare(name)`
 * (drizzle-team/drizzle-orm#6096), so PostgreSQL parses and plans each one again: a third of a bid batch's
 * database time. postgres.js keeps one prepared statement per distinct text on each connection (and drops
 * them when it recycles the connection), so every query is sent as one.
 */
let preparing: Promise<void> | undefined;
function preparedByDefault(): Promise<void> {
  return (preparing ??= import("drizzle-orm/postgres-js/session").then(({ PostgresJsSession }) => {
    const session = PostgresJsSession.prototype as unknown as { prepareQuery: (query: unknown, fields: unknown, name: string | undefined, ...rest: unknown[]) => unknown };
    const original = session.prepareQuery;
    session.prepareQuery = function (query, fields, name, ...rest) {
      return original.call(this, query, fields, name ?? "", ...rest);
    };
  }));
}

async function openEmbedded(dir: string): Promise<DatabaseHandle> {
  const absolute = path.resolve(dir);
  fs.mkdirSync(absolute, { recursive: true });
  const release = acquireEmbeddedLock(`${absolute}.lock`);
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    const client = await PGlite.create(absolute);
    const driver = drizzle(client, { schema });
    return {
      db: driver as unknown as Db,
      kind: "embedded",
      // One process holds the folder (the lock file), so no advisory lock is needed here.
      migrate: (migrationsFolder) => migrate(driver, { migrationsFolder }),
      async close() {
        await client.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
