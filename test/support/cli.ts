import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Runs one of `server/cli/` against a database, as an operator would: its exit code and what it printed. */
export async function runCli(script: "audit-verify" | "ledger-check", databaseUrl: string): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run("node", ["--import", "tsx", `server/cli/${script}.ts`], { env: { ...process.env, DATABASE_URL: databaseUrl } });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}
