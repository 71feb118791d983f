import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { cloneDatabase } from "../support/databases";
import { connect } from "../support/sockets";
import { type TestServer, startServerOn, startTestServer } from "../support/test-server";
import { Visitor, api } from "../support/visitor";

/**
 * PUBLIC_ORIGIN is http://127.0.0.1:<port> here (test/support/test-server.ts). Outside production, the other
 * loopback names of that port are the same site; in production only PUBLIC_ORIGIN is, and a refused form post
 * gets a 403 page that says which origin the server expects and which variable sets it.
 */
let server: TestServer;
let production: Awaited<ReturnType<typeof startServerOn>>;
const logLines: string[] = [];
const port = () => new URL(server.origin).port;
const login = { email: "investor1@demo.ipx.example", password: DEMO_PASSWORD };

beforeAll(async () => {
  server = await startTestServer();
  const databaseUrl = await cloneDatabase(process.env.TEST_PG_URL!);
  production = await startServerOn(databaseUrl, { NODE_ENV: "production", TENDER_KEY: crypto.randomBytes(32).toString("base64"), LOG_LEVEL: "info" }, { write: (line: string) => void logLines.push(line) });
});
afterAll(async () => {
  await production?.stop();
  await server?.stop();
});

/** Posts the login form as a browser opened at `origin` would: its CSRF token, its Origin header. */
async function signIn(at: string, origin: string, headers: Record<string, string> = {}) {
  const visitor = new Visitor(at);
  const csrf = await visitor.csrfToken("/login");
  return { visitor, res: await visitor.post("/login", login, { csrf, headers: { origin, ...headers } }) };
}

describe("outside production, the loopback names of the port are the same site", () => {
  it("signs in at http://localhost:<port> while PUBLIC_ORIGIN is http://127.0.0.1:<port>", async () => {
    const localhost = `http://localhost:${port()}`;
    const { visitor, res } = await signIn(localhost, localhost);
    expect(res.status).toBe(302);
    expect(visitor.cookies.has("ipx_session")).toBe(true);
    expect(await (await visitor.get("/account", { "accept-language": "en" })).text()).toContain("investor1@demo.ipx.example");
  });

  it("accepts socket handshakes from http://localhost:<port> and http://[::1]:<port>", async () => {
    for (const origin of [`http://localhost:${port()}`, `http://[::1]:${port()}`]) {
      const socket = await connect(server.origin, { origin });
      expect(socket.connected, origin).toBe(true);
      socket.close();
    }
  });

  it("still refuses another port or a LAN address with a page naming the expected origin and PUBLIC_ORIGIN, in both languages", async () => {
    const lan = `http://192.168.1.20:${port()}`;
    const zh = await signIn(server.origin, lan);
    expect(zh.res.status).toBe(403);
    expect(zh.res.headers.get("content-type")).toMatch(/^text\/html/);
    const zhPage = await zh.res.text();
    expect(zhPage).toContain(`本服务器只接受来自 ${server.origin} 的表单`);
    expect(zhPage).toContain(lan);
    expect(zhPage).toContain("PUBLIC_ORIGIN");
    expect(zh.visitor.cookies.has("ipx_session")).toBe(false);

    const en = await signIn(server.origin, `http://localhost:${Number(port()) + 1}`, { "accept-language": "en" });
    expect(en.res.status).toBe(403);
    const enPage = await en.res.text();
    expect(enPage).toContain(`this server takes forms only from ${server.origin}`);
    expect(enPage).toContain("PUBLIC_ORIGIN");
  });

  it("answers a Remix navigation's post with the same refusal as route data", async () => {
    const visitor = new Visitor(server.origin);
    const csrf = await visitor.csrfToken("/login");
    const res = await visitor.post("/login?_data=routes%2Flogin", login, { csrf, headers: { origin: "http://192.168.1.20:3000" } });
    expect(res.status).toBe(403);
    expect(res.headers.get("x-remix-catch")).toBe("yes");
    expect(await res.json()).toEqual({ formError: "CROSS_ORIGIN", origin: "http://192.168.1.20:3000", expected: server.origin });
    expect(visitor.cookies.has("ipx_session")).toBe(false);
  });

  it("answers the API in JSON, naming the expected origin", async () => {
    const res = await api(server.origin, "POST", "/auth/token", { body: login, headers: { origin: "https://evil.example" } });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: { code: "CROSS_ORIGIN", details: { origin: "https://evil.example", expected: server.origin } } });
    expect(res.body!.error.message).toContain("PUBLIC_ORIGIN");
  });

  it("shows nothing at the refusal page's own address", async () => {
    expect((await new Visitor(server.origin).get("/cross-origin")).status).toBe(404);
  });
});

describe("in production, only PUBLIC_ORIGIN is the same site", () => {
  it("refuses the login form posted from http://localhost:<port> with the 403 page naming the expected origin", async () => {
    const localhost = `http://localhost:${new URL(production.origin).port}`;
    const { visitor, res } = await signIn(localhost, localhost, { "accept-language": "en" });
    expect(res.status).toBe(403);
    const page = await res.text();
    expect(page).toContain(`This form was sent from ${localhost}, but this server takes forms only from ${production.origin}.`);
    expect(page).toContain("PUBLIC_ORIGIN");
    expect(visitor.cookies.has("ipx_session")).toBe(false);
    expect((await signIn(production.origin, production.origin)).res.status).toBe(302);
  });

  it("says at start which address to open", () => {
    const listening = logLines.map((line) => JSON.parse(line) as { msg: string }).find((line) => line.msg.includes("listening"));
    expect(listening?.msg).toContain(`Open ${production.origin}`);
  });

  it("refuses a socket handshake from http://localhost:<port>", async () => {
    await expect(connect(production.origin, { origin: `http://localhost:${new URL(production.origin).port}` })).rejects.toThrow();
    const socket = await connect(production.origin, { origin: production.origin });
    expect(socket.connected).toBe(true);
    socket.close();
  });
});
