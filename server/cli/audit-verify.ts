import { openDatabase } from "../../db/client";
import { ConfigError, parseConfig } from "../config";
import { isBidChain } from "../domain/bidding/bid-chain";
import { verifyAuditChains } from "../services/audit";

/** `npm run audit:verify`: recompute every audit hash chain and every lot's bid chain; exit 1 naming each first broken link. */
try {
  const config = parseConfig(process.env);
  const handle = await openDatabase({ url: config.databaseUrl, embeddedDir: config.embeddedDbDir });
  try {
    const reports = await verifyAuditChains(handle.db);
    const broken = reports.filter((r) => r.firstBreak);
    for (const report of broken) {
      console.log(`BROKEN chain "${report.chain}": first broken link is seq ${report.firstBreak!.seq} (${report.firstBreak!.reason.replace(/_/g, " ")})`);
    }
    const intact = reports.filter((r) => !r.firstBreak);
    for (const report of intact.filter((r) => !isBidChain(r.chain))) console.log(`ok     chain "${report.chain}": ${report.events} events`);
    const lotsIntact = intact.filter((r) => isBidChain(r.chain));
    console.log(`ok     bid chains: ${lotsIntact.length} lot(s), ${lotsIntact.reduce((n, r) => n + r.events, 0)} bids`);
    console.log(broken.length === 0 ? `Audit log intact: ${reports.length} chain(s) verified.` : `Audit log BROKEN in ${broken.length} chain(s).`);
    process.exitCode = broken.length === 0 ? 0 : 1;
  } finally {
    await handle.close();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 2;
}
