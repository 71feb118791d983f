import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { apiTokens, listings, lotDeposits, memberships, organisations, users } from "../../db/schema";
import { BID_CHAIN_GENESIS, bidLinkPayload } from "../../server/domain/bidding/bid-chain";
import { TOKEN_PREFIX } from "../../server/services/auth/credentials";
import { sha256 } from "../../server/services/secrets";
import { demoToken, TEST_PASSWORD } from "./organisations";
import { api } from "./visitor";

export type AuctionOptions = {
  startPrice?: number;
  increment?: number;
  reserve?: number | null;
  opensInMs?: number;
  endsInMs?: number;
  antiSnipeWindowSeconds?: number;
  antiSnipeExtensionSeconds?: number;
  proxyBids?: boolean;
  status?: "announced" | "open";
};

/** An English-auction listing of the demo bank, inserted as the review would leave it (no lot row: the first use creates it). */
export async function insertAuction(db: Db, options: AuctionOptions = {}): Promise<{ id: string; sellerId: string }> {
  const now = Date.now();
  const [bank] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.kind, "bank")).limit(1);
  const opensAt = new Date(now + (options.opensInMs ?? -1_000));
  const closesAt = new Date(now + (options.endsInMs ?? 60_000));
  const startPrice = options.startPrice ?? 1_000_000;
  const terms = {
    startPrice,
    reserve: options.reserve ?? null,
    reserveHidden: true,
    incrementKind: "fixed",
    increment: options.increment ?? 10_000,
    deposit: 100_000,
    announceAt: new Date(now - 60_000).toISOString(),
    opensAt: opensAt.toISOString(),
    closesAt: closesAt.toISOString(),
    antiSnipeWindowSeconds: options.antiSnipeWindowSeconds ?? 0,
    antiSnipeExtensionSeconds: options.antiSnipeExtensionSeconds ?? 0,
    proxyBids: options.proxyBids ?? false,
  };
  const [row] = await db
    .insert(listings)
    .values({
      organisationId: bank!.id,
      mode: "english_auction",
      preset: "private",
      status: options.status ?? (options.opensInMs && options.opensInMs > 0 ? "announced" : "open"),
      title: `Test auction ${now}`,
      price: BigInt(startPrice),
      terms,
      announceAt: new Date(now - 60_000),
      opensAt,
      closesAt,
      createdAt: new Date(now),
      updatedAt: new Date(now),
    })
    .returning({ id: listings.id });
  return { id: row!.id, sellerId: bank!.id };
}

/** A confirmed deposit (as an operator would leave it), so the organisation may bid under this bidder code. */
export async function confirmDeposit(db: Db, listingId: string, organisationId: string, bidderCode: string, method: "bank_transfer" | "credit_bid" = "bank_transfer", creditCap: bigint | null = null) {
  const now = new Date();
  await db.insert(lotDeposits).values({ listingId, organisationId, bidderCode, method, status: "confirmed", amount: method === "credit_bid" ? 0n : 100_000n, creditCap, requestedAt: now, confirmedAt: now });
}

export type Bidder = { token: string; organisationId: string; email: string };

/** Registers organisations (in parallel, a few at a time) and has the demo operator verify them. */
export async function verifiedBidders(origin: string, count: number, prefix: string): Promise<Bidder[]> {
  const operator = await demoToken(origin, "operator@demo.ipx.example");
  const one = async (i: number): Promise<Bidder> => {
    const email = `${prefix}-${i}@bidders.example`;
    const name = `Bidder ${prefix} ${i}`;
    const registered = await api(origin, "POST", "/auth/register", { body: { email, password: TEST_PASSWORD, name, organisation: { name, kind: "investor" } } });
    if (registered.status !== 201) throw new Error(`register ${email}: ${JSON.stringify(registered.body)}`);
    const organisationId = registered.body!.organisationId as string;
    await api(origin, "POST", `/operator/verifications/${organisationId}/verify`, { token: operator });
    const token = await api(origin, "POST", "/auth/token", { body: { email, password: TEST_PASSWORD } });
    return { token: token.body!.token, organisationId, email };
  };
  const out: Bidder[] = [];
  for (let i = 0; i < count; i += 5) out.push(...(await Promise.all(Array.from({ length: Math.min(5, count - i) }, (_, k) => one(i + k)))));
  return out;
}

export type Trader = { token: string; organisationId: string; bidderCode: string };

/**
 * Many verified bidders at once, written straight to the database (registering through the API hashes a
 * password per person): `organisations` × `people` members, each with an API token (its own rate limit),
 * and each organisation a confirmed deposit on the lot under the code `<prefix><n>`.
 */
export async function insertTraders(db: Db, listingId: string, organisationCount: number, people: number, prefix: string): Promise<Trader[]> {
  const now = new Date();
  const orgs = await db
    .insert(organisations)
    .values(Array.from({ length: organisationCount }, (_, i) => ({ name: `${prefix} bidder ${i}`, kind: "investor" as const, verification: "verified" as const, reviewedAt: now })))
    .returning({ id: organisations.id });
  const traders: Trader[] = [];
  for (const [i, org] of orgs.entries()) {
    const bidderCode = `${prefix}${i}`;
    await confirmDeposit(db, listingId, org.id, bidderCode);
    const members = await db
      .insert(users)
      .values(Array.from({ length: people }, (_, k) => ({ email: `${prefix.toLowerCase()}-${i}-${k}-${now.getTime()}@traders.example`, name: `Trader ${k}`, passwordHash: "not-for-login" })))
      .returning({ id: users.id });
    await db.insert(memberships).values(members.map((m) => ({ userId: m.id, organisationId: org.id, role: "member" as const })));
    const tokens = members.map((m) => ({ userId: m.id, token: `${TOKEN_PREFIX}${crypto.randomBytes(24).toString("hex")}` }));
    await db.insert(apiTokens).values(tokens.map((t) => ({ tokenHash: sha256(t.token), tokenPrefix: t.token.slice(0, 10), name: "load test", userId: t.userId, organisationId: org.id, expiresAt: new Date(now.getTime() + 3_600_000) })));
    traders.push(...tokens.map((t) => ({ token: t.token, organisationId: org.id, bidderCode })));
  }
  return traders;
}

/** Bid rows for a history a test writes straight into the table, linked into the lot's bid chain as the bid path links them. */
export function chainedBids<R extends { listingId: string; seq: number; bidderCode: string; amount: bigint; placedAt: Date }>(rows: readonly R[]): Array<R & { prevHash: string; hash: string }> {
  let prevHash = BID_CHAIN_GENESIS;
  return rows.map((row) => {
    const hash = sha256(bidLinkPayload({ lotId: row.listingId, seq: row.seq, bidderCode: row.bidderCode, amount: row.amount, placedAt: row.placedAt, prevHash }));
    const linked = { ...row, prevHash, hash };
    prevHash = hash;
    return linked;
  });
}
