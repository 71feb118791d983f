import { openDatabase } from "../../db/client";
import { ConfigError, parseConfig } from "../config";
import { verifyAuditChains } from "../services/audit";

/** `npm run audit:verify`: recompute every audit hash chain; exit 1 naming the first broken link. */
try {
  const config = parseConfig(process.env);
  const handle = await openDatabase({ url: config.databaseUrl, embeddedDir: config.embeddedDbDir });
  try {
    const reports = await verifyAuditChains(handle.db);
    let broken = 0;
    for (const report of reports) {
      if (report.firstBreak) {
        broken += 1;
        console.log(`BROKEN chain "${report.chain}": first broken link is seq ${report.firstBreak.seq} (${report.firstBreak.reason.replace(/_/g, " ")})`);
      } else {
        console.log(`ok     chain "${report.chain}": ${report.events} events`);
      }
    }
    console.log(broken === 0 ? `Audit log intact: ${reports.length} chain(s) verified.` : `Audit log BROKEN in ${broken} chain(s).`);
    process.exitCode = broken === 0 ? 0 : 1;
  } finally {
    await handle.close();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 2;
}
