import { parseConfig } from "../../server/config";
import { openDatabase } from "../client";
import { DEMO_PASSWORD, demoLoginLines, seedDemo } from "./demo";

const config = parseConfig(process.env);
const handle = await openDatabase({ url: config.databaseUrl, embeddedDir: config.embeddedDbDir });
try {
  await handle.migrate(config.migrationsDir);
  await seedDemo(handle.db);
  console.log(`Demo data ready on the ${handle.kind} database. Password for every demo login: ${DEMO_PASSWORD}`);
  for (const line of demoLoginLines()) console.log(`  ${line}`);
} finally {
  await handle.close();
}
