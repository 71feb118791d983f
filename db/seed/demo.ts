import { eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { memberships, organisations, users } from "../schema";
import type { OrganisationKind, MembershipRole } from "../../server/domain/organisations";
import { appendAudit } from "../../server/services/audit";
import { hashPassword } from "../../server/services/auth/passwords";

export const DEMO_PASSWORD = "demo-Password-2026";

type DemoOrg = { name: string; kind: OrganisationKind; creditCode?: string; people: Array<{ email: string; name: string; role: MembershipRole }> };

/** One organisation of every kind a demo needs, each verified, with people to sign in as. */
export const DEMO_ORGANISATIONS: DemoOrg[] = [
  { name: "IP Collateral Exchange (platform)", kind: "platform", people: [
    { email: "operator@demo.ipx.example", name: "Olivia Operator 运营", role: "operator" },
    { email: "auditor@demo.ipx.example", name: "Arthur Auditor 审计", role: "auditor" },
  ] },
  { name: "粤海商业银行 Yuehai Commercial Bank", kind: "bank", creditCode: "91440300MA5FDM01XB", people: [
    { email: "bank@demo.ipx.example", name: "Bai Workout 白", role: "admin" },
    { email: "bank.analyst@demo.ipx.example", name: "Chen Analyst 陈", role: "member" },
  ] },
  { name: "广东省融资再担保 Guangdong Re-guarantee", kind: "guarantor", creditCode: "91440000MA5FDM02XB", people: [{ email: "guarantor@demo.ipx.example", name: "Guo Guarantor 郭", role: "admin" }] },
  { name: "知识产权质押融资风险补偿基金 IP Risk Compensation Fund", kind: "risk_fund", creditCode: "12440000MA5FDM03XB", people: [{ email: "fund@demo.ipx.example", name: "Feng Fund 冯", role: "admin" }] },
  { name: "平安知识产权保险 Ping IP Insurance", kind: "insurer", creditCode: "91440300MA5FDM04XB", people: [{ email: "insurer@demo.ipx.example", name: "Ivy Insurer 殷", role: "admin" }] },
  { name: "华南资本 South China Capital", kind: "investor", creditCode: "91440101MA5FDM05XB", people: [{ email: "investor1@demo.ipx.example", name: "Ian Investor 易", role: "admin" }] },
  { name: "珠江投资 Pearl River Investments", kind: "investor", creditCode: "91440101MA5FDM06XB", people: [{ email: "investor2@demo.ipx.example", name: "Pan Investor 潘", role: "admin" }] },
  { name: "前海创投 Qianhai Ventures", kind: "venture_fund", creditCode: "91440300MA5FDM07XB", people: [{ email: "vc@demo.ipx.example", name: "Victor Venture 魏", role: "admin" }] },
  { name: "东莞智造 Dongguan Smart Manufacturing", kind: "licensee", creditCode: "91441900MA5FDM08XB", people: [{ email: "licensee@demo.ipx.example", name: "Li Licensee 李", role: "admin" }] },
  { name: "深圳光电科技 Shenzhen Optoelectronics", kind: "ip_owner", creditCode: "91440300MA5FDM09XB", people: [{ email: "owner@demo.ipx.example", name: "Ou Owner 欧", role: "admin" }] },
];

export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(organisations);
  return (row?.n ?? 0) === 0;
}

/** Idempotent: people who already exist are left alone. */
export async function seedDemo(db: Db, now: () => Date = () => new Date()): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const org of DEMO_ORGANISATIONS) {
    await db.transaction(async (tx) => {
      const [first] = await tx.select({ id: users.id }).from(users).where(eq(users.email, org.people[0]!.email));
      if (first) return;
      const at = now();
      const [created] = await tx
        .insert(organisations)
        .values({ name: org.name, kind: org.kind, creditCode: org.creditCode ?? null, verification: "verified", reviewedAt: at, createdAt: at })
        .returning({ id: organisations.id });
      for (const person of org.people) {
        const [user] = await tx.insert(users).values({ email: person.email, name: person.name, passwordHash, createdAt: at }).returning({ id: users.id });
        await tx.insert(memberships).values({ userId: user!.id, organisationId: created!.id, role: person.role, createdAt: at });
      }
      await appendAudit(tx, { action: "organisation.seeded", organisationId: created!.id, subjectType: "organisation", subjectId: created!.id, data: { kind: org.kind } }, at);
    });
  }
}

export function demoLoginLines(): string[] {
  return DEMO_ORGANISATIONS.flatMap((org) => org.people.map((p) => `${org.kind.padEnd(12)} ${p.role.padEnd(8)} ${p.email}`));
}
