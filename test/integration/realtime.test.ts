import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { MAX_MESSAGE_BYTES } from "../../server/realtime/gateway";
import { connect, emitAck, waitForDisconnect } from "../support/sockets";
import { type TestServer, startServerOn, startTestServer } from "../support/test-server";
import { Visitor, api } from "../support/visitor";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

async function signedIn(email: string) {
  const visitor = new Visitor(server.origin);
  expect((await visitor.login(email, DEMO_PASSWORD)).status).toBe(302);
  return { visitor, cookie: `ipx_session=${visitor.cookies.get("ipx_session")}` };
}

describe("socket handshake", () => {
  it("connects anonymously as a watcher and syncs time with the server's clock", async () => {
    const socket = await connect(server.origin);
    const before = Date.now();
    const ack = await emitAck(socket, "time:sync", {});
    expect(ack.ok).toBe(true);
    expect(Math.abs(Date.parse(ack.serverTime) - before)).toBeLessThan(5_000);
    socket.close();
  });

  it("connects with the session cookie from the public origin", async () => {
    const { cookie } = await signedIn("investor1@demo.ipx.example");
    const socket = await connect(server.origin, { cookie, origin: server.origin });
    expect((await emitAck(socket, "time:sync", {})).ok).toBe(true);
    socket.close();
  });

  it("connects with an API token and refuses a bad one", async () => {
    const issued = await api(server.origin, "POST", "/auth/token", { body: { email: "vc@demo.ipx.example", password: DEMO_PASSWORD } });
    const socket = await connect(server.origin, { token: issued.body!.token });
    expect(socket.connected).toBe(true);
    socket.close();
    await expect(connect(server.origin, { token: "ipx_forged" })).rejects.toThrow("UNAUTHENTICATED");
  });

  it("refuses a handshake carrying a foreign Origin, even with a valid cookie", async () => {
    const { cookie } = await signedIn("investor2@demo.ipx.example");
    await expect(connect(server.origin, { cookie, origin: "https://evil.example" })).rejects.toThrow();
  });
});

describe("socket messages", () => {
  it("acks malformed payloads INVALID and keeps the connection usable", async () => {
    const socket = await connect(server.origin);
    for (const bad of [{ unexpected: 1 }, "a string", 42, [1, 2]]) {
      const ack = await emitAck(socket, "time:sync", bad);
      expect(ack).toMatchObject({ ok: false, code: "INVALID" });
      expect(typeof ack.message).toBe("string");
    }
    expect(await emitAck(socket, "no:such-event", {})).toMatchObject({ ok: false, code: "INVALID" });
    expect(await emitAck(socket, "time:sync", {}, {})).toMatchObject({ ok: false, code: "INVALID" });
    expect((await emitAck(socket, "time:sync", {})).ok).toBe(true);
    socket.close();
  });

  it("rate-limits a flood per socket with RATE_LIMITED", async () => {
    const socket = await connect(server.origin);
    const acks = await Promise.all(Array.from({ length: 60 }, () => emitAck(socket, "time:sync", {})));
    const limited = acks.filter((a) => a.code === "RATE_LIMITED").length;
    expect(limited).toBeGreaterThan(0);
    expect(acks.filter((a) => a.ok).length).toBeGreaterThanOrEqual(30);
    socket.close();
  });

  it("drops a message larger than the limit", async () => {
    const socket = await connect(server.origin);
    const gone = waitForDisconnect(socket);
    socket.emit("time:sync", { padding: "x".repeat(MAX_MESSAGE_BYTES * 2) });
    expect(await gone).toBe("transport close");
  });
});

describe("logging out disconnects that user's sockets", () => {
  it("closes the socket riding on the session that logged out, and only that one", async () => {
    const { visitor, cookie } = await signedIn("licensee@demo.ipx.example");
    const other = await signedIn("owner@demo.ipx.example");
    const mine = await connect(server.origin, { cookie, origin: server.origin });
    const theirs = await connect(server.origin, { cookie: other.cookie, origin: server.origin });
    const gone = waitForDisconnect(mine);
    expect((await visitor.post("/logout", {}, { csrf: await visitor.csrfToken("/") })).status).toBe(302);
    expect(await gone).toBe("io server disconnect");
    expect(theirs.connected).toBe(true);
    theirs.close();
  });

  it("closes a socket riding on a revoked API token", async () => {
    const issued = await api(server.origin, "POST", "/auth/token", { body: { email: "fund@demo.ipx.example", password: DEMO_PASSWORD } });
    const socket = await connect(server.origin, { token: issued.body!.token });
    const gone = waitForDisconnect(socket);
    await api(server.origin, "DELETE", `/auth/tokens/${issued.body!.id}`, { token: issued.body!.token });
    expect(await gone).toBe("io server disconnect");
  });
});

describe("stopping", () => {
  it("a server stopped the moment it has started still stops (the socket adapter's listener may still be connecting)", async () => {
    const quick = await startServerOn(server.databaseUrl, { SEED_DEMO: "never" });
    await quick.stop();
    expect((await fetch(`${quick.origin}/healthz`).catch((error: unknown) => error)) instanceof Error).toBe(true);
  }, 30_000);
});
