import crypto from "node:crypto";
import path from "node:path";
import postgres from "postgres";
import { openDatabase } from "../../db/client";

export const TEMPLATE_DB = "ipx_template";

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(adminUrl: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** A migrated template database that every test database is cloned from (cloning costs milliseconds). */
export async function prepareTemplate(adminUrl: string): Promise<void> {
  await admin(adminUrl, async (sql) => {
    await sql.unsafe(`drop database if exists ${TEMPLATE_DB} with (force)`);
    await sql.unsafe(`create database ${TEMPLATE_DB}`);
  });
  const handle = await openDatabase({ url: withDatabase(adminUrl, TEMPLATE_DB), embeddedDir: "" });
  try {
    await handle.migrate(path.resolve("db/migrations"));
  } finally {
    await handle.close();
  }
}

/** A fresh, migrated database of its own for one test file. */
export async function cloneDatabase(adminUrl: string, prefix = "ipx_test"): Promise<string> {
  const name = `${prefix}_${crypto.randomBytes(6).toString("hex")}`;
  await admin(adminUrl, (sql) => sql.unsafe(`create database ${name} template ${TEMPLATE_DB}`));
  return withDatabase(adminUrl, name);
}

/** On a cluster we did not start, leave no database behind. */
export async function dropDatabase(adminUrl: string, databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  await admin(adminUrl, (sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
}
