import { parseConfig } from "../../server/config";
import { createLogger } from "../../server/logger";
import { buildServices } from "../../server/services";
import { EventBus } from "../../server/services/events";
import { openDatabase } from "../client";
import { DEMO_PASSWORD, demoLoginLines, seedDemo } from "./demo";
import { seedDemoBidders } from "./demo-bidders";
import { seedDemoBook } from "./demo-book";
import { seedDemoFollowing } from "./demo-following";
import { seedDemoListings } from "./demo-listings";
import { seedDemoDataRoom } from "./demo-data-room";

const config = parseConfig(process.env);
const handle = await openDatabase({ url: config.databaseUrl, embeddedDir: config.embeddedDbDir });
try {
  await handle.migrate(config.migrationsDir);
  await seedDemo(handle.db);
  const deps = { db: handle.db, config, bus: new EventBus(), log: createLogger(config.logLevel), now: () => new Date() };
  const services = buildServices(deps);
  await seedDemoBook(handle.db, services, new Date());
  await seedDemoListings(handle.db, services, new Date());
  await seedDemoBidders(handle.db, services);
  await seedDemoDataRoom(handle.db, services);
  await seedDemoFollowing(handle.db, services);
  console.log(`Demo data ready on the ${handle.kind} database. Password for every demo login: ${DEMO_PASSWORD}`);
  for (const line of demoLoginLines()) console.log(`  ${line}`);
} finally {
  await handle.close();
}
