import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { type TestServer, startTestServer } from "../support/test-server";
import { Visitor } from "../support/visitor";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

/** Targets that browsers have followed off the site, as an attacker would put them in a link's `redirectTo`. */
const OFF_SITE = ["/%09/evil.example", "/\t/evil.example", "//evil.example", "/\\evil.example", "/%2F%2Fevil.example", "https://evil.example", "javascript:alert(1)"];

describe("where a form sends the browser afterwards (the Location header)", () => {
  it("signing in goes only to a path on this site", async () => {
    for (const redirectTo of OFF_SITE) {
      const res = await new Visitor(server.origin).post("/login", { email: "investor1@demo.ipx.example", password: DEMO_PASSWORD, redirectTo });
      expect(res.status, redirectTo).toBe(302);
      expect(res.headers.get("location"), redirectTo).toBe("/");
    }
    const fine = await new Visitor(server.origin).post("/login", { email: "investor1@demo.ipx.example", password: DEMO_PASSWORD, redirectTo: "/ok?x=1#y" });
    expect(fine.headers.get("location")).toBe("/ok?x=1#y");
  });

  it("choosing a language goes only to a path on this site", async () => {
    for (const redirectTo of OFF_SITE) {
      const visitor = new Visitor(server.origin);
      const res = await visitor.post("/language", { locale: "en", redirectTo }, { csrf: await visitor.csrfToken("/") });
      expect(res.status, redirectTo).toBe(302);
      expect(res.headers.get("location"), redirectTo).toBe("/");
    }
    const visitor = new Visitor(server.origin);
    const fine = await visitor.post("/language", { locale: "en", redirectTo: "/catalogue?q=x" }, { csrf: await visitor.csrfToken("/") });
    expect(fine.headers.get("location")).toBe("/catalogue?q=x");
  });
});
