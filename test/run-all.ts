import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { findPostgresBin, startCluster } from "./support/pg-cluster";

/**
 * `npm test`: installs what a fresh Debian 12 machine lacks (when root), starts a throwaway PostgreSQL
 * cluster, runs typecheck, lint, build, unit + integration (vitest) and end-to-end (Playwright) tests, and
 * ends with one line, `N passed, N failed`, counted from the runners' own reports.
 */
type Outcome = { name: string; passed: number; failed: number };

const REPORTS = "reports";
fs.mkdirSync(REPORTS, { recursive: true });

function installed(pkg: string): boolean {
  const r = spawnSync("dpkg-query", ["-W", "-f=${Status}", pkg], { encoding: "utf8" });
  return r.status === 0 && r.stdout.includes("install ok installed");
}

function ensureSystemPackages() {
  const missing: string[] = [];
  if (!findPostgresBin()) missing.push("postgresql");
  if (!fs.existsSync("/usr/bin/chromium")) missing.push("chromium");
  if (!installed("fonts-wqy-microhei")) missing.push("fonts-wqy-microhei");
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(" ")}`;
  if (process.getuid?.() !== 0) {
    console.error(`Missing system packages: ${missing.join(", ")}. Install them with:\n  sudo sh -c '${command}'`);
    process.exit(1);
  }
  console.log(`Installing ${missing.join(", ")} from Debian's packages…`);
  const r = spawnSync("sh", ["-c", command], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  if (r.status !== 0) {
    console.error(`Could not install ${missing.join(", ")}.`);
    process.exit(1);
  }
}

function step(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): boolean {
  console.log(`\n▶ ${name}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const r = spawnSync(command, args, { stdio: "inherit", env });
  console.log(`◀ ${name}: ${r.status === 0 ? "ok" : `failed (exit ${r.status ?? r.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return r.status === 0;
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

ensureSystemPackages();
const cluster = await startCluster();
const env = { ...process.env, TEST_PG_URL: cluster.url, CI: process.env.CI ?? "1", VITE_CJS_IGNORE_WARNING: "true" };
const outcomes: Outcome[] = [];
const check = (name: string, ok: boolean) => outcomes.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1 });

try {
  check("typecheck", step("typecheck", "npx", ["tsc", "--noEmit"], env));
  check("lint", step("lint", "npx", ["eslint", "."], env));
  const built = step("build", "npx", ["remix", "build"], env);
  check("build", built);

  const vitestReport = `${REPORTS}/vitest.json`;
  fs.rmSync(vitestReport, { force: true });
  step("unit and integration tests", "npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestReport}`], env);
  const vitest = readJson<{ numPassedTests: number; numFailedTests: number; success: boolean }>(vitestReport);
  outcomes.push(vitest ? { name: "vitest", passed: vitest.numPassedTests, failed: vitest.numFailedTests } : { name: "vitest (no report)", passed: 0, failed: 1 });
  // An unhandled error (a rejection nobody awaited) fails the run although every test passed: count it.
  if (vitest && !vitest.success && vitest.numFailedTests === 0) outcomes.push({ name: "vitest unhandled errors", passed: 0, failed: 1 });

  const playwrightReport = `${REPORTS}/playwright.json`;
  fs.rmSync(playwrightReport, { force: true });
  if (built) step("end-to-end tests", "npx", ["playwright", "test"], env);
  const pw = readJson<{ stats: { expected: number; unexpected: number; flaky: number } }>(playwrightReport);
  outcomes.push(pw ? { name: "playwright", passed: pw.stats.expected, failed: pw.stats.unexpected + pw.stats.flaky } : { name: "playwright (no report)", passed: 0, failed: 1 });
} finally {
  cluster.stop();
}

console.log("\nSummary");
for (const o of outcomes) console.log(`  ${o.name.padEnd(24)} ${o.passed} passed, ${o.failed} failed`);
const passed = outcomes.reduce((n, o) => n + o.passed, 0);
const failed = outcomes.reduce((n, o) => n + o.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
