import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { auditEvents } from "../../db/schema";
import { type TestServer, startTestServer } from "../support/test-server";
import { api } from "../support/visitor";
import { runCli } from "../support/cli";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const verifyCli = () => runCli("audit-verify", server.databaseUrl);

describe("the audit log", () => {
  it("records logins, failed logins, verifications and token changes in one intact chain", async () => {
    await api(server.origin, "POST", "/auth/token", { body: { email: "insurer@demo.ipx.example", password: "wrong-password-9" } });
    const issued = await api(server.origin, "POST", "/auth/token", { body: { email: "insurer@demo.ipx.example", password: DEMO_PASSWORD } });
    await api(server.origin, "DELETE", `/auth/tokens/${issued.body!.id}`, { token: issued.body!.token });
    const actions = (await server.db.db.select({ action: auditEvents.action }).from(auditEvents)).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["auth.login_failed", "auth.login", "token.created", "token.revoked", "organisation.seeded"]));

    const auditor = await api(server.origin, "POST", "/auth/token", { body: { email: "auditor@demo.ipx.example", password: DEMO_PASSWORD } });
    const report = await api(server.origin, "GET", "/audit/verify", { token: auditor.body!.token });
    expect(report.body!.chains).toEqual([{ chain: "global", events: expect.any(Number), firstBreak: null }]);
    const cli = await verifyCli();
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain("Audit log intact");
  });

  it("refuses to change or delete an event", async () => {
    const refused = { cause: expect.objectContaining({ message: "audit_events is append-only" }) };
    await expect(server.db.db.execute(sql`update audit_events set action = 'forged' where seq = 1`)).rejects.toMatchObject(refused);
    await expect(server.db.db.execute(sql`delete from audit_events where seq = 1`)).rejects.toMatchObject(refused);
  });

  it("names the first broken link when someone with the owner's rights tampers with the table", async () => {
    await server.db.db.execute(sql`alter table audit_events disable trigger audit_events_no_update_delete`);
    await server.db.db
      .update(auditEvents)
      .set({ data: { kind: "forged" } })
      .where(and(eq(auditEvents.chain, "global"), eq(auditEvents.seq, 3)));
    await server.db.db.execute(sql`alter table audit_events enable trigger audit_events_no_update_delete`);
    const cli = await verifyCli();
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('BROKEN chain "global": first broken link is seq 3 (hash mismatch)');
  });
});
