import { openDatabase } from "../../db/client";
import { formatMajor } from "../domain/money";
import { ConfigError, parseConfig } from "../config";
import { trialBalance } from "../services/ledger/trial-balance";

/** `npm run ledger:check`: print the trial balance per currency and account; exit 1 unless every currency sums to zero and every entry balances. */
try {
  const config = parseConfig(process.env);
  const handle = await openDatabase({ url: config.databaseUrl, embeddedDir: config.embeddedDbDir });
  try {
    const { rows, totals, unbalancedEntries } = await trialBalance(handle.db);
    const money = (amount: bigint, currency: string) => formatMajor(amount, currency).padStart(18);
    console.log(`${"currency".padEnd(9)}${"account".padEnd(16)}${"debits".padStart(18)}${"credits".padStart(18)}${"balance".padStart(18)}`);
    for (const r of rows) console.log(`${r.currency.padEnd(9)}${r.account.padEnd(16)}${money(r.debits, r.currency)}${money(r.credits, r.currency)}${money(r.balance, r.currency)}`);
    for (const t of totals) console.log(`${t.currency.padEnd(9)}${"total".padEnd(16)}${"".padStart(36)}${money(t.balance, t.currency)}`);
    for (const u of unbalancedEntries) console.log(`UNBALANCED entry ${u.entryId} (${u.currency}): lines sum to ${formatMajor(u.sum, u.currency)}`);
    const sound = unbalancedEntries.length === 0 && totals.every((t) => t.balance === 0n);
    console.log(sound ? `Ledger balanced: ${rows.length} account balance(s) in ${totals.length} currenc${totals.length === 1 ? "y" : "ies"}.` : "Ledger NOT balanced.");
    process.exitCode = sound ? 0 : 1;
  } finally {
    await handle.close();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 2;
}
