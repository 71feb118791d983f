import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { apiTokens, organisations, users } from "../../db/schema";
import { apiEndpoints } from "../../server/http/api/registry";
import { type TestServer, startTestServer } from "../support/test-server";
import { api } from "../support/visitor";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const PASSWORD = "api-password-2026";

async function tokenFor(email: string, password = DEMO_PASSWORD) {
  const res = await api(server.origin, "POST", "/auth/token", { body: { email, password, name: "test" } });
  expect(res.status).toBe(201);
  return res.body!.token as string;
}

/** Checks an answer against the schema the endpoint declares in the OpenAPI document. */
function conforms(method: string, path: string, body: unknown) {
  const endpoint = apiEndpoints.find((e) => e.method === method && e.path === path)!;
  expect(endpoint.response!.safeParse(body).success).toBe(true);
}

describe("API v1 token flow", () => {
  it("registers, obtains a token, reads itself, lists and revokes tokens", async () => {
    const registered = await api(server.origin, "POST", "/auth/register", {
      body: { email: "Robot@Fund.example", password: PASSWORD, name: "Robo", organisation: { name: "Robo Fund", kind: "venture_fund" } },
    });
    expect(registered.status).toBe(201);
    expect(registered.body!.user.email).toBe("robot@fund.example");
    conforms("post", "/auth/register", registered.body);

    const token = await tokenFor("robot@fund.example", PASSWORD);
    expect(token).toMatch(/^ipx_/);
    const me = await api(server.origin, "GET", "/me", { token });
    expect(me.status).toBe(200);
    expect(me.body!.organisation).toMatchObject({ name: "Robo Fund", kind: "venture_fund", verification: "pending" });
    expect(me.body!.permissions).not.toContain("market:trade");
    conforms("get", "/me", me.body);

    const stored = await server.db.db.select().from(apiTokens).where(eq(apiTokens.tokenPrefix, token.slice(0, 10)));
    expect(stored[0]!.tokenHash).not.toContain(token.slice(4));

    const second = await api(server.origin, "POST", "/auth/tokens", { token, body: { name: "second" } });
    expect(second.status).toBe(201);
    const list = await api(server.origin, "GET", "/auth/tokens", { token });
    expect(list.body!.tokens.map((t: { name: string }) => t.name).sort()).toEqual(["second", "test"]);
    conforms("get", "/auth/tokens", list.body);

    const revoked = await api(server.origin, "DELETE", `/auth/tokens/${second.body!.id}`, { token });
    expect(revoked.status).toBe(204);
    expect((await api(server.origin, "GET", "/me", { token: second.body!.token })).status).toBe(401);
    expect((await api(server.origin, "DELETE", `/auth/tokens/${second.body!.id}`, { token })).status).toBe(404);
  });

  it("answers 401 to a missing, unknown, revoked or expired token", async () => {
    expect((await api(server.origin, "GET", "/me")).body).toEqual({ error: { code: "UNAUTHENTICATED", message: expect.any(String) } });
    expect((await api(server.origin, "GET", "/me", { token: "ipx_not-a-token" })).status).toBe(401);
    const token = await tokenFor("investor1@demo.ipx.example");
    await server.db.db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.tokenPrefix, token.slice(0, 10)));
    expect((await api(server.origin, "GET", "/me", { token })).status).toBe(401);
  });

  it("refuses a wrong password and throttles like the login page", async () => {
    for (let i = 0; i < 5; i += 1) {
      const wrong = await api(server.origin, "POST", "/auth/token", { body: { email: "investor2@demo.ipx.example", password: "nope-nope-1" } });
      expect(wrong.status).toBe(401);
      expect(wrong.body!.error.code).toBe("INVALID_CREDENTIALS");
    }
    const blocked = await api(server.origin, "POST", "/auth/token", { body: { email: "investor2@demo.ipx.example", password: DEMO_PASSWORD } });
    expect(blocked.status).toBe(429);
    expect(blocked.body!.error.code).toBe("THROTTLED");
  });
});

describe("API v1 refuses bad input and changes nothing", () => {
  const count = async () => (await server.db.db.select({ n: sql<number>`count(*)::int` }).from(users))[0]!.n;

  it("malformed JSON", async () => {
    const before = await count();
    const res = await api(server.origin, "POST", "/auth/register", { rawBody: '{"email": "x@y.example",' });
    expect(res.status).toBe(400);
    expect(res.body!.error.code).toBe("INVALID_JSON");
    expect(await count()).toBe(before);
  });

  it("unknown fields, naming them", async () => {
    const before = await count();
    const res = await api(server.origin, "POST", "/auth/register", {
      body: { email: "extra@x.example", password: PASSWORD, name: "X", organisation: { name: "X Org", kind: "investor" }, isAdmin: true },
    });
    expect(res.status).toBe(400);
    expect(res.body!.error.code).toBe("INVALID");
    expect(res.body!.error.details.issues[0]).toMatchObject({ code: "unknown_field", keys: ["isAdmin"] });
    expect(await count()).toBe(before);
  });

  it("an e-mail already taken and a weak password", async () => {
    const taken = await api(server.origin, "POST", "/auth/register", {
      body: { email: "bank@demo.ipx.example", password: PASSWORD, name: "X", organisation: { name: "Dup", kind: "bank" } },
    });
    expect(taken.status).toBe(409);
    expect(taken.body!.error.code).toBe("EMAIL_TAKEN");
    const weak = await api(server.origin, "POST", "/auth/register", {
      body: { email: "weak@x.example", password: "abcdefghij", name: "X", organisation: { name: "Weak", kind: "bank" } },
    });
    expect(weak.status).toBe(400);
    expect(weak.body!.error.details.issues).toContainEqual(expect.objectContaining({ path: "password", code: "password_weak" }));
  });

  it("a malformed id is not found, and so is another user's token", async () => {
    const token = await tokenFor("bank@demo.ipx.example");
    expect((await api(server.origin, "DELETE", "/auth/tokens/not-a-uuid", { token })).status).toBe(404);
    const other = await tokenFor("guarantor@demo.ipx.example");
    const [row] = await server.db.db.select().from(apiTokens).where(eq(apiTokens.tokenPrefix, other.slice(0, 10)));
    expect((await api(server.origin, "DELETE", `/auth/tokens/${row!.id}`, { token })).status).toBe(404);
    expect((await api(server.origin, "GET", "/me", { token: other })).status).toBe(200);
  });
});

describe("operator verification over the API", () => {
  it("an operator verifies and rejects with a reason; others may not", async () => {
    const operator = await tokenFor("operator@demo.ipx.example");
    const investor = await tokenFor("vc@demo.ipx.example");
    for (const name of ["Queue A", "Queue B"]) {
      await api(server.origin, "POST", "/auth/register", {
        body: { email: `${name.replace(" ", "").toLowerCase()}@q.example`, password: PASSWORD, name, organisation: { name, kind: "licensee" } },
      });
    }
    expect((await api(server.origin, "GET", "/operator/verifications", { token: investor })).status).toBe(403);
    const queue = await api(server.origin, "GET", "/operator/verifications", { token: operator });
    conforms("get", "/operator/verifications", queue.body);
    const a = queue.body!.organisations.find((o: { name: string }) => o.name === "Queue A");
    const b = queue.body!.organisations.find((o: { name: string }) => o.name === "Queue B");
    expect(a.contactEmails).toEqual(["queuea@q.example"]);

    expect((await api(server.origin, "POST", `/operator/verifications/${a.id}/verify`, { token: investor })).status).toBe(403);
    expect((await api(server.origin, "POST", `/operator/verifications/${a.id}/verify`, { token: operator })).body).toEqual({ verification: "verified" });
    expect((await api(server.origin, "POST", `/operator/verifications/${a.id}/verify`, { token: operator })).status).toBe(409);

    const noReason = await api(server.origin, "POST", `/operator/verifications/${b.id}/reject`, { token: operator, body: { reason: "no" } });
    expect(noReason.status).toBe(400);
    const rejected = await api(server.origin, "POST", `/operator/verifications/${b.id}/reject`, { token: operator, body: { reason: "Licence copy unreadable" } });
    expect(rejected.body).toEqual({ verification: "rejected" });
    const [row] = await server.db.db.select().from(organisations).where(eq(organisations.id, b.id));
    expect(row).toMatchObject({ verification: "rejected", verificationReason: "Licence copy unreadable" });

    const bToken = await tokenFor("queueb@q.example", PASSWORD);
    expect((await api(server.origin, "POST", "/organisation/resubmit", { token: bToken })).body).toEqual({ verification: "pending" });
  });

  it("serves an OpenAPI 3.1 document listing every operation", async () => {
    const res = await fetch(`${server.origin}/api/v1/openapi.json`);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe("3.1.0");
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m} ${path}`));
    expect(operations.sort()).toEqual(apiEndpoints.map((e) => `${e.method} ${e.path}`).sort());
  });
});

describe("people in several organisations", () => {
  it("an admin invites an existing user, who accepts over the API and takes a token for either organisation", async () => {
    const admin = await tokenFor("bank@demo.ipx.example");
    const invited = await api(server.origin, "POST", "/organisation/invitations", { token: admin, body: { email: "guarantor@demo.ipx.example", role: "member" } });
    expect(invited.status).toBe(201);
    const guest = await tokenFor("guarantor@demo.ipx.example");
    expect((await api(server.origin, "POST", "/invitations/accept", { token: guest, body: { token: "wrong-token-0000" } })).status).toBe(404);
    const accepted = await api(server.origin, "POST", "/invitations/accept", { token: guest, body: { token: invited.body!.token } });
    expect(accepted.status).toBe(200);
    expect((await api(server.origin, "POST", "/invitations/accept", { token: guest, body: { token: invited.body!.token } })).status).toBe(404);

    const bankToken = await api(server.origin, "POST", "/auth/token", {
      body: { email: "guarantor@demo.ipx.example", password: DEMO_PASSWORD, organisationId: accepted.body!.organisationId },
    });
    const me = await api(server.origin, "GET", "/me", { token: bankToken.body!.token });
    expect(me.body!.organisation.kind).toBe("bank");
    expect(me.body!.role).toBe("member");
    expect(me.body!.memberships.map((m: { kind: string }) => m.kind).sort()).toEqual(["bank", "guarantor"]);
    expect(me.body!.permissions).not.toContain("members:manage");
    const members = await api(server.origin, "GET", "/organisation/members", { token: admin });
    expect(members.body!.members.map((m: { email: string }) => m.email)).toContain("guarantor@demo.ipx.example");
  });
});
