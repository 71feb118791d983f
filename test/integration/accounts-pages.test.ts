import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { auditEvents, organisations, sessions, users } from "../../db/schema";
import { type TestServer, startTestServer } from "../support/test-server";
import { Visitor } from "../support/visitor";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const PASSWORD = "correct-horse-42";

async function register(email: string, extra: Record<string, string> = {}) {
  const visitor = new Visitor(server.origin);
  const response = await visitor.post("/register", {
    name: "Nina Newcomer",
    email,
    password: PASSWORD,
    organisationName: `Newcomer Capital ${email}`,
    kind: "investor",
    ...extra,
  });
  return { visitor, response };
}

const countUsers = async () => (await server.db.db.select({ n: sql<number>`count(*)::int` }).from(users))[0]!.n;

describe("register → verify → login over HTTP", () => {
  it("registers an unverified investor, an operator verifies it, and the investor signs in verified", async () => {
    const { visitor, response } = await register("nina@newcomer.example");
    expect(response.status).toBe(302);
    expect(visitor.cookies.has("ipx_session")).toBe(true);
    const home = await (await visitor.get("/")).text();
    expect(home).toContain("正在等待平台运营方审核");

    const [org] = await server.db.db.select().from(organisations).where(eq(organisations.name, "Newcomer Capital nina@newcomer.example"));
    expect(org?.verification).toBe("pending");

    const operator = new Visitor(server.origin);
    expect((await operator.login("operator@demo.ipx.example", DEMO_PASSWORD)).status).toBe(302);
    const queue = await (await operator.get("/operator/verifications")).text();
    expect(queue).toContain("Newcomer Capital nina@newcomer.example");
    const decided = await operator.post("/operator/verifications", { intent: "verify", id: org!.id, name: org!.name });
    expect(decided.status).toBe(200);

    const again = new Visitor(server.origin);
    expect((await again.login("nina@newcomer.example", PASSWORD)).status).toBe(302);
    const verifiedHome = await (await again.get("/", { "accept-language": "en" })).text();
    expect(verifiedHome).toContain("Your organisation is verified.");
  });

  it("rotates the session at login: the cookie the browser held before no longer works", async () => {
    await register("rotate@newcomer.example");
    const visitor = new Visitor(server.origin);
    await visitor.login("rotate@newcomer.example", PASSWORD);
    const first = visitor.cookies.get("ipx_session")!;
    // Signed in, /login redirects away; post the form again as a second tab would.
    await visitor.post("/login", { email: "rotate@newcomer.example", password: PASSWORD }, { csrf: await visitor.csrfToken("/") });
    const second = visitor.cookies.get("ipx_session")!;
    expect(second).not.toBe(first);
    const stale = await fetch(`${server.origin}/account`, { redirect: "manual", headers: { cookie: `ipx_session=${first}` } });
    expect(stale.status).toBe(302);
    expect(stale.headers.get("location")).toMatch(/^\/login/);
  });
});

describe("bad input is refused with a clear error and changes nothing", () => {
  it("an e-mail already taken", async () => {
    await register("taken@newcomer.example");
    const before = await countUsers();
    const { response } = await register("TAKEN@newcomer.example", { organisationName: "Another Org" });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("该邮箱已注册");
    expect(await countUsers()).toBe(before);
  });

  it("a weak password, in the chosen language", async () => {
    const before = await countUsers();
    const visitor = new Visitor(server.origin);
    visitor.cookies.set("ipx_lng", "en");
    const response = await visitor.post("/register", { name: "Weak", email: "weak@newcomer.example", password: "short", organisationName: "Weak Org", kind: "investor" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("The password needs at least 10 characters.");
    expect(await countUsers()).toBe(before);
  });

  it("a wrong password, then the throttle after repeated failures, even with the right password", async () => {
    await register("throttle@newcomer.example");
    const visitor = new Visitor(server.origin);
    visitor.cookies.set("ipx_lng", "en");
    for (let i = 0; i < 5; i += 1) {
      const wrong = await visitor.login("throttle@newcomer.example", "wrong-password-1");
      expect(wrong.status).toBe(401);
      expect(await wrong.text()).toContain("E-mail or password is wrong.");
    }
    const blocked = await visitor.login("throttle@newcomer.example", PASSWORD);
    expect(blocked.status).toBe(429);
    expect(await blocked.text()).toContain("Too many failed attempts");
    const failures = await server.db.db.select().from(auditEvents).where(eq(auditEvents.action, "auth.login_failed"));
    expect(failures.filter((e) => e.subjectId !== null).length).toBeGreaterThanOrEqual(5);
  });

  it("a forged CSRF token", async () => {
    const before = await countUsers();
    const visitor = new Visitor(server.origin);
    await visitor.get("/register");
    const response = await visitor.post(
      "/register",
      { name: "Forger", email: "forger@newcomer.example", password: PASSWORD, organisationName: "Forged Org", kind: "investor" },
      { csrf: "forged-token" },
    );
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("表单已过期");
    expect(await countUsers()).toBe(before);
  });

  it("a cross-site form post is refused before it reaches the page", async () => {
    const visitor = new Visitor(server.origin);
    const response = await visitor.post("/login", { email: "x@y.example", password: "whatever-123" }, { headers: { origin: "https://evil.example" } });
    expect(response.status).toBe(403);
  });

  it("a revoked or expired session", async () => {
    await register("revoked@newcomer.example");
    const visitor = new Visitor(server.origin);
    await visitor.login("revoked@newcomer.example", PASSWORD);
    expect((await visitor.get("/account")).status).toBe(200);
    const out = await visitor.post("/account", { intent: "sign-out-everywhere" });
    expect(out.status).toBe(302);

    const [user] = await server.db.db.select().from(users).where(eq(users.email, "revoked@newcomer.example"));
    const rows = await server.db.db.select().from(sessions).where(eq(sessions.userId, user!.id));
    expect(rows.every((s) => s.revokedAt !== null)).toBe(true);

    const fresh = new Visitor(server.origin);
    await fresh.login("revoked@newcomer.example", PASSWORD);
    await server.db.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.userId, user!.id));
    const expired = await fresh.get("/account");
    expect(expired.status).toBe(302);
    expect(expired.headers.get("location")).toBe("/login?redirectTo=%2Faccount");
  });
});

describe("invitations and roles", () => {
  it("an admin invites a colleague who registers by the link and joins as member; the role change is audited", async () => {
    const { visitor: admin } = await register("admin@invite.example");
    const invited = await admin.post("/organisation", { intent: "invite", email: "colleague@invite.example", role: "member" });
    expect(invited.status).toBe(200);
    const link = (await invited.text()).match(/\/invitations\/([A-Za-z0-9_-]+)/)![1]!;

    const colleague = new Visitor(server.origin);
    const joined = await colleague.post(`/register?invitation=${link}`, { name: "Colleague", email: "colleague@invite.example", password: PASSWORD, invitationToken: link });
    expect(joined.status).toBe(302);

    const reused = await new Visitor(server.origin).post(`/register?invitation=${link}`, { name: "Again", email: "colleague@invite.example", password: PASSWORD, invitationToken: link });
    expect(reused.status).toBe(409);

    const memberCannot = await colleague.post("/organisation", { intent: "invite", email: "x@invite.example", role: "member" });
    expect(memberCannot.status).toBe(403);

    const [colleagueUser] = await server.db.db.select().from(users).where(eq(users.email, "colleague@invite.example"));
    const promoted = await admin.post("/organisation", { intent: "change-role", userId: colleagueUser!.id, role: "admin" });
    expect(promoted.status).toBe(200);
    const changes = await server.db.db.select().from(auditEvents).where(eq(auditEvents.action, "membership.role_changed"));
    expect(changes.at(-1)?.data).toEqual({ from: "member", to: "admin" });

    const nowAdmin = await colleague.post("/organisation", { intent: "invite", email: "x@invite.example", role: "member" });
    expect(nowAdmin.status).toBe(200);
  });
});
