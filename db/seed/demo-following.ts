import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { listings, savedSearches } from "../schema";
import { SavedSearchSchema } from "../../server/domain/schemas/following";
import type { Services } from "../../server/services";
import { principalFor } from "./principal";

/**
 * The demo venture fund's deal flow: it follows two public listings and keeps a saved search for battery
 * patents. Idempotent: nothing happens once the fund keeps a saved search.
 */
export async function seedDemoFollowing(db: Db, services: Services): Promise<void> {
  const fund = await principalFor(db, "vc@demo.ipx.example");
  if ((await db.select({ id: savedSearches.id }).from(savedSearches).where(eq(savedSearches.userId, fund.user.id)).limit(1)).length > 0) return;
  const open = await db
    .select({ id: listings.id })
    .from(listings)
    .where(and(inArray(listings.status, ["announced", "open"]), inArray(listings.mode, ["english_auction", "equity"])))
    .orderBy(listings.createdAt)
    .limit(2);
  for (const l of open) await services.following.watch(fund, l.id);
  const saved = await services.following.saveSearch(fund, SavedSearchSchema.parse({ name: "电池专利 Battery patents", query: { q: "电池", assetTypes: ["patent_invention", "patent_utility_model"] } }));
  if (!saved.ok) throw new Error(`demo following: ${JSON.stringify(saved)}`);
}
