import crypto from "node:crypto";
import type { Db } from "../../db/client";
import { disposalCaseAssets, disposalCases, disposalCosts, ipAssets, listingAssets, listings, loans, organisations, parties, pledgeAssets, pledges, riskShares, riskSharePayments, riskSharingAgreements, memberships, users } from "../../db/schema";
import type { Principal } from "../../server/services/auth/principal";
import type { RiskSharingMode, ShareRole } from "../../server/domain/collateral/vocabulary";
import type { ORGANISATION_KINDS } from "../../server/domain/organisations";

/**
 * A defaulted loan on one right, written straight to the database as the earlier steps leave it: the bank's
 * case with the claim frozen at default, its pledge, the risk-sharing agreement with what each sharer paid,
 * costs, and a listing of the right. Figures are the caller's, so tests can work out the lines by hand.
 */
export type Sharer = { role: ShareRole; name: string; shareBps: number; paid: bigint };
export type CaseSpec = {
  mode?: RiskSharingMode;
  sharers?: Sharer[];
  claim: { costs: bigint; interest: bigint; penalty: bigint; principal: bigint };
  costs?: Array<{ kind: "appraisal" | "enforcement" | "registry_fee"; amount: bigint }>;
  preset?: "judicial" | "private";
};

const tag = () => crypto.randomBytes(4).toString("hex");

export async function organisation(db: Db, name: string, kind: (typeof ORGANISATION_KINDS)[number]) {
  const [row] = await db.insert(organisations).values({ name: `${name} ${tag()}`, kind, verification: "verified" }).returning();
  return row!;
}

export async function defaultedCase(db: Db, spec: CaseSpec) {
  const now = new Date();
  const bank = await organisation(db, "Bank", "bank");
  const [pledgor] = await db.insert(parties).values({ creditCode: `91${tag()}`, name: `Pledgor ${tag()}` }).returning();
  const [asset] = await db.insert(ipAssets).values({ type: "patent_invention", registryNumber: `ZL${tag()}`, title: "A right" }).returning();
  const principal = spec.claim.principal;
  const [loan] = await db
    .insert(loans)
    .values({ organisationId: bank.id, reference: `L-${tag()}`, borrowerId: pledgor!.id, currency: "CNY", principal, rateBps: 500, disbursedOn: "2024-01-01", maturesOn: "2025-01-01", status: "defaulted", outstandingPrincipal: principal })
    .returning();
  const [pledge] = await db.insert(pledges).values({ loanId: loan!.id, registryPledgeNumber: `P-${tag()}`, registeredAt: new Date("2024-01-02T00:00:00Z"), pledgorId: pledgor!.id, securedAmount: principal, currency: "CNY" }).returning();
  await db.insert(pledgeAssets).values({ pledgeId: pledge!.id, assetId: asset!.id });
  const [kase] = await db
    .insert(disposalCases)
    .values({ loanId: loan!.id, organisationId: bank.id, defaultedOn: "2025-03-01", currency: "CNY", principalAtDefault: principal, interestAtDefault: spec.claim.interest, penaltyAtDefault: spec.claim.penalty, costsAtDefault: spec.claim.costs, openedAt: now })
    .returning();
  await db.insert(disposalCaseAssets).values({ caseId: kase!.id, assetId: asset!.id });
  const shares: Record<string, typeof riskShares.$inferSelect & { organisationId: string }> = {};
  if (spec.sharers) {
    await db.insert(riskSharingAgreements).values({ loanId: loan!.id, mode: spec.mode ?? "pro_rata" });
    for (const s of spec.sharers) {
      const org = s.role === "bank" ? bank : await organisation(db, s.name, s.role === "valuer" ? "appraiser" : s.role);
      const [row] = await db.insert(riskShares).values({ loanId: loan!.id, role: s.role, partyName: org.name, organisationId: org.id, shareBps: s.shareBps }).returning();
      shares[s.name] = { ...row!, organisationId: org.id };
      if (s.paid > 0n) await db.insert(riskSharePayments).values({ loanId: loan!.id, riskShareId: row!.id, currency: "CNY", amount: s.paid, paidOn: "2025-04-01", createdAt: now });
    }
  }
  const costIds: string[] = [];
  for (const c of spec.costs ?? []) {
    const [row] = await db.insert(disposalCosts).values({ disposalCaseId: kase!.id, kind: c.kind, currency: "CNY", amount: c.amount, incurredOn: "2025-05-01", paidByOrganisationId: bank.id, paidByName: bank.name, createdAt: now }).returning();
    costIds.push(row!.id);
  }
  const [listing] = await db
    .insert(listings)
    .values({ organisationId: bank.id, disposalCaseId: kase!.id, mode: "fixed_price", preset: spec.preset ?? "judicial", status: "open", title: `Lot ${tag()}`, price: 1n, terms: {}, createdAt: now, updatedAt: now })
    .returning();
  await db.insert(listingAssets).values({ listingId: listing!.id, assetId: asset!.id });
  return { bank, pledgor: pledgor!, loan: loan!, pledge: pledge!, kase: kase!, listing: listing!, shares, costIds };
}

/** A principal acting for `org`: a fresh user as its owner, as a session would resolve it. */
/** A new person in the organisation (so its notices reach someone). */
export async function memberOf(db: Db, organisationId: string, role: "admin" | "member" = "admin") {
  const [user] = await db.insert(users).values({ email: `${crypto.randomUUID()}@test.example`, name: "Tester", passwordHash: "x" }).returning();
  await db.insert(memberships).values({ userId: user!.id, organisationId, role });
  return user!;
}

/** Someone acting for the organisation in service calls; `member: true` makes them one of its people (notices reach them). */
export async function principalOf(db: Db, org: { id: string; name: string; kind: string }, { member = false } = {}): Promise<Principal> {
  const user = member ? await memberOf(db, org.id) : (await db.insert(users).values({ email: `${crypto.randomUUID()}@test.example`, name: "Tester", passwordHash: "x" }).returning())[0]!;
  return { user: { id: user.id, email: user.email, name: user.name }, organisation: { id: org.id, name: org.name, kind: org.kind, verification: "verified" }, role: "owner", permissions: new Set(), credential: { kind: "token", id: "t" } } as unknown as Principal;
}
