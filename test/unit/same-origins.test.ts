import { describe, expect, it } from "vitest";
import { sameOrigins } from "../../server/http/security";

describe("the origins that are the site's own (form posts, socket handshakes)", () => {
  it.each(["development", "test"] as const)("in %s: PUBLIC_ORIGIN and the loopback names of the configured port", (env) => {
    const origins = sameOrigins({ env, port: 3000, publicOrigin: "http://127.0.0.1:3000" });
    expect([...origins].sort()).toEqual(["http://127.0.0.1:3000", "http://[::1]:3000", "http://localhost:3000"]);
    expect(origins.has("http://localhost:3001")).toBe(false);
    expect(origins.has("http://192.168.1.20:3000")).toBe(false);
    expect(origins.has("https://localhost:3000")).toBe(false);
  });

  it("in production: PUBLIC_ORIGIN only", () => {
    expect([...sameOrigins({ env: "production", port: 3000, publicOrigin: "https://ipx.example.com" })]).toEqual(["https://ipx.example.com"]);
    expect([...sameOrigins({ env: "production", port: 3000, publicOrigin: "http://127.0.0.1:3000" })]).toEqual(["http://127.0.0.1:3000"]);
  });
});
