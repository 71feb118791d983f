import crypto from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { socketHandlers } from "../../server/realtime/registry";
import { fullPath } from "../support/routes";
import { connect, emitAck } from "../support/sockets";
import { type TestServer, startTestServer } from "../support/test-server";
import { Visitor, api } from "../support/visitor";

/**
 * Deny by default, checked against what the code declares: every Remix route from the build's manifest,
 * every operation in the OpenAPI document and every socket handler in the registry. Something new that
 * is public must be added to these lists on purpose, or this test fails.
 */
const PUBLIC_PAGES = new Set([
  "routes/_index",
  "routes/login",
  "routes/register",
  "routes/invitations.$token",
  "routes/catalogue._index",
  "routes/listings.$listingId",
  "routes/listings.$listingId._index",
  "routes/listings.$listingId.offers",
  "routes/listings.$listingId.tender",
  "routes/listings.$listingId.documents",
  "routes/listings.$listingId.room",
  // Only the server forwards here (a refused cross-origin form post); visited, it answers 404.
  "routes/cross-origin",
]);
const PUBLIC_ACTIONS = new Set(["routes/login", "routes/register", "routes/language", "routes/logout"]);
const PUBLIC_OPERATIONS = new Set(["post /auth/register", "post /auth/token", "get /catalogue", "get /listings/{id}/documents", "get /listings/{id}/documents/{documentId}/content", "get /lots/{id}", "get /lots/{id}/bids"]);
const PUBLIC_EVENTS = new Set(["time:sync", "lot:join", "lot:leave"]);

let server: TestServer;
let build: ServerBuild;
let lowToken: string;
let lowPermissions: string[];
beforeAll(async () => {
  server = await startTestServer();
  build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  const password = "access-test-2026";
  await api(server.origin, "POST", "/auth/register", {
    body: { email: "low@access.example", password, name: "Low", organisation: { name: "Low Standing Ltd", kind: "investor" } },
  });
  lowToken = (await api(server.origin, "POST", "/auth/token", { body: { email: "low@access.example", password } })).body!.token;
  lowPermissions = (await api(server.origin, "GET", "/me", { token: lowToken })).body!.permissions;
});
afterAll(() => server?.stop());

/** A route's URL with its parameters filled; an index route's action is reached with `?index`, as Remix's forms do. */
function urlOf(routeId: string): string {
  const url = fullPath(build, routeId).replace(/:\w+/g, "x").replace(/\*$/, "x");
  return build.routes[routeId]?.index ? `${url}?index` : url;
}

describe("pages from the Remix route manifest", () => {
  it("every non-public page sends an anonymous visitor to sign in", async () => {
    const pages = Object.values(build.routes).filter((r) => r.id !== "root" && r.module.loader && r.module.default);
    expect(pages.length).toBeGreaterThan(3);
    for (const route of pages) {
      const res = await new Visitor(server.origin).get(urlOf(route.id));
      if (PUBLIC_PAGES.has(route.id)) expect([200, 404], route.id).toContain(res.status);
      else {
        expect(res.status, route.id).toBe(302);
        expect(res.headers.get("location"), route.id).toMatch(/^\/login\?redirectTo=/);
      }
    }
  });

  it("every action refuses a post without the CSRF token", async () => {
    const actions = Object.values(build.routes).filter((r) => r.module.action);
    expect(actions.length).toBeGreaterThan(3);
    for (const route of actions) {
      const visitor = new Visitor(server.origin);
      await visitor.get("/");
      const res = await visitor.post(urlOf(route.id), { intent: "anything" }, { csrf: "" });
      expect(res.status, route.id).toBe(403);
    }
  });

  it("every non-public action sends an anonymous visitor with a valid CSRF token to sign in", async () => {
    for (const route of Object.values(build.routes).filter((r) => r.module.action && !PUBLIC_ACTIONS.has(r.id))) {
      const visitor = new Visitor(server.origin);
      const res = await visitor.post(urlOf(route.id), { intent: "anything" }, { csrf: await visitor.csrfToken("/") });
      expect(res.status, route.id).toBe(302);
      expect(res.headers.get("location"), route.id).toMatch(/^\/login/);
    }
  });
});

describe("API operations from the OpenAPI document", () => {
  async function operations() {
    const doc = (await (await fetch(`${server.origin}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { security: unknown[]; "x-permission": string }>>;
    };
    return Object.entries(doc.paths).flatMap(([p, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ key: `${method} ${p}`, method: method.toUpperCase(), path: p.replace(/\{\w+\}/g, crypto.randomUUID()), op })),
    );
  }

  it("only the declared operations are public", async () => {
    const ops = await operations();
    expect(ops.filter((o) => o.op.security.length === 0).map((o) => o.key).sort()).toEqual([...PUBLIC_OPERATIONS].sort());
  });

  it("every guarded operation answers 401 without a token and 403 to a token without its permission", async () => {
    for (const o of (await operations()).filter((x) => !PUBLIC_OPERATIONS.has(x.key))) {
      const anonymous = await api(server.origin, o.method, o.path, { body: o.method === "GET" ? undefined : {} });
      expect(anonymous.status, o.key).toBe(401);
      if (!lowPermissions.includes(o.op["x-permission"])) {
        const denied = await api(server.origin, o.method, o.path, { token: lowToken, body: o.method === "GET" ? undefined : {} });
        expect(denied.status, o.key).toBe(403);
      }
    }
  });
});

describe("socket events from the handler registry", () => {
  it("anonymous sockets may call only the declared public events, and every event validates its payload", async () => {
    const socket = await connect(server.origin);
    for (const handler of socketHandlers) {
      const malformed = await emitAck(socket, handler.event, 12345);
      expect(malformed.code, handler.event).toBe("INVALID");
      if (!PUBLIC_EVENTS.has(handler.event)) {
        expect(handler.permission, handler.event).not.toBe("public");
      } else {
        expect(handler.permission, handler.event).toBe("public");
      }
    }
    socket.close();
  });
});
