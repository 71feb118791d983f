import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listingDocuments } from "../../db/schema";
import { DEMO_ORGANISATIONS, DEMO_PASSWORD } from "../../db/seed/demo";
import { minimalPdf } from "../../db/seed/demo-data-room";
import { BAD_TEXT, type JsonSchema, type Probe, namesField, sample, stringProbes } from "../support/json-schema-probes";
import { signedInVisitor } from "../support/pages";
import { connect, emitAck } from "../support/sockets";
import { type TestServer, startTestServer } from "../support/test-server";
import { Visitor, patientFetch } from "../support/visitor";

/**
 * NUL and lone surrogates in every text field (issue 12): PostgreSQL refuses NUL in text, and a lone surrogate would be
 * stored as U+FFFD. Generated from the OpenAPI document, so an operation added later is probed too: every string of
 * every JSON request body and query, sent by a caller who holds the operation's permission, must be refused with the
 * API's JSON 400 INVALID naming that field. Then the pages' forms and the socket's `bid:place`.
 */
let server: TestServer;
beforeAll(async () => {
  // The demo listings too: a data room to upload into.
  server = await startTestServer({ SEED_DEMO: "always" });
});
afterAll(() => server?.stop());

type Operation = {
  "x-permission": string;
  parameters: Array<{ name: string; in: "path" | "query"; schema: JsonSchema }>;
  requestBody?: { content: { "application/json": { schema: JsonSchema } } };
};

/** A file's content is not a text field: the import names what is wrong with the file, as it does on the page. */
const FILE_CONTENT = { key: "post /imports files.0.content", status: 415, code: "IMPORT_NOT_TEXT" };

/** One token per demo account, with the permissions it carries. */
async function demoCallers() {
  const emails = DEMO_ORGANISATIONS.flatMap((o) => o.people.map((p) => p.email));
  return Promise.all(
    emails.map(async (email) => {
      const issued = await call("POST", "/auth/token", { body: { email, password: DEMO_PASSWORD, name: "text probe" } });
      expect(issued.status, email).toBe(201);
      const token = (issued.json as { token: string }).token;
      const me = await call("GET", "/me", { token });
      return { email, token, permissions: new Set((me.json as { permissions: string[] }).permissions) };
    }),
  );
}

/** One API call; a 429 from the rate limit is waited out, since this probe sends a few hundred requests. */
async function call(method: string, path: string, options: { token?: string; body?: unknown; query?: string } = {}) {
  const response = await patientFetch(`${server.origin}/api/v1${path}${options.query ?? ""}`, {
    method,
    headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...(options.body === undefined ? {} : { "content-type": "application/json" }) },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  const type = response.headers.get("content-type") ?? "";
  return { status: response.status, type, text, json: type.startsWith("application/json") ? (JSON.parse(text) as unknown) : null };
}

async function inParallel<T>(items: readonly T[], width: number, run: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(Array.from({ length: width }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await run(item);
  }));
}

describe("API v1: every text field of every operation, from the OpenAPI document", () => {
  it("refuses NUL and a lone surrogate with a JSON 400 INVALID naming the field, never a 5xx or an HTML page", async () => {
    const document = (await (await fetch(`${server.origin}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, Operation>> };
    const callers = await demoCallers();
    type Case = { key: string; method: string; path: string; token?: string; probe: Probe; where: "body" | "query"; body?: JsonSchema };
    const cases: Case[] = [];
    const unreachable: string[] = [];
    for (const [template, operations] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const permission = op["x-permission"];
        const caller = permission === "public" ? null : callers.find((c) => c.permissions.has(permission));
        if (caller === undefined) {
          unreachable.push(`${method} ${template}`);
          continue;
        }
        const pathParams = op.parameters.filter((p) => p.in === "path");
        const path = template.replace(/\{(\w+)\}/g, (_, name: string) => String(sample(pathParams.find((p) => p.name === name)!.schema)));
        const base = { method: method.toUpperCase(), path, ...(caller ? { token: caller.token } : {}) };
        const body = op.requestBody?.content["application/json"].schema;
        if (body) for (const probe of stringProbes(body)) cases.push({ ...base, key: `${method} ${template} ${probe.path.join(".")}`, probe, where: "body", body });
        for (const parameter of op.parameters.filter((p) => p.in === "query")) {
          for (const probe of stringProbes(parameter.schema)) cases.push({ ...base, key: `${method} ${template} ?${parameter.name}`, probe: { ...probe, path: [parameter.name, ...probe.path] }, where: "query" });
        }
      }
    }
    // Every permission some operation needs is held by a demo account, so no operation goes unprobed.
    expect(unreachable).toEqual([]);
    expect(new Set(cases.map((c) => c.key.split(" ").slice(0, 2).join(" "))).size).toBeGreaterThan(30);

    const failures: string[] = [];
    await inParallel(cases, 6, async (c) => {
      for (const [name, bad] of Object.entries(BAD_TEXT)) {
        // A URL cannot carry a lone surrogate: percent-encoding makes it U+FFFD, which is text.
        if (c.where === "query" && name === "loneSurrogate") continue;
        const query = c.where === "query" ? `?${new URLSearchParams({ [String(c.probe.path[0])]: bad })}` : undefined;
        const res = await call(c.method, c.path, { token: c.token, query, ...(c.where === "body" ? { body: c.probe.build(bad) } : {}) });
        const error = (res.json as { error?: { code: string; details?: { issues?: Array<{ path: string; code: string }> } } } | null)?.error;
        const seen = `${c.key} (${name}): ${res.status} ${res.type} ${res.text.slice(0, 160)}`;
        if (!res.type.startsWith("application/json") || res.status >= 500) failures.push(seen);
        else if (c.key === FILE_CONTENT.key) {
          if (res.status !== FILE_CONTENT.status || error?.code !== FILE_CONTENT.code) failures.push(seen);
        } else if (res.status !== 400 || error?.code !== "INVALID" || !namesField(error.details?.issues ?? [], c.probe)) failures.push(seen);
      }
    });
    expect(failures).toEqual([]);
    // A few hundred requests: enough to cover every field, few enough to stay quick.
    expect(cases.length * 2).toBeGreaterThan(150);
  }, 120_000);

  it("answers a body it cannot read with the JSON error body, never Express's HTML page", async () => {
    const post = (headers: Record<string, string>, body: string) => fetch(`${server.origin}/api/v1/auth/register`, { method: "POST", headers, body });
    const cases: Array<[string, Response, number, string]> = [
      ["malformed JSON", await post({ "content-type": "application/json" }, '{"email":'), 400, "INVALID_JSON"],
      ["an unsupported charset", await post({ "content-type": "application/json; charset=latin-9" }, "{}"), 415, "UNSUPPORTED_ENCODING"],
      ["an unsupported content encoding", await post({ "content-type": "application/json", "content-encoding": "br" }, "{}"), 415, "UNSUPPORTED_ENCODING"],
      ["gzip that is not gzip", await post({ "content-type": "application/json", "content-encoding": "gzip" }, "not gzip at all"), 400, "INVALID"],
      ["too large", await post({ "content-type": "application/json" }, JSON.stringify({ name: "x".repeat(300 * 1024) })), 413, "PAYLOAD_TOO_LARGE"],
    ];
    for (const [name, res, status, code] of cases) {
      expect(res.headers.get("content-type"), name).toMatch(/^application\/json/);
      expect(res.status, name).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code, name).toBe(code);
    }
  });
});

describe("pages: a NUL in a form field is the form's validation answer, not a 500", () => {
  const NUL = "\u0000";
  const TEXT_INVALID_EN = "This contains characters that cannot be kept";

  async function expectRefused(res: Response) {
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(TEXT_INVALID_EN);
  }

  it("registering with a NUL in the name or the organisation's name", async () => {
    const visitor = new Visitor(server.origin);
    visitor.cookies.set("ipx_lng", "en");
    const form = { email: "nul-probe@text.example", password: "text-Probe-2026", name: "Nul Probe", organisationName: "Nul Probe Capital", kind: "investor" };
    await expectRefused(await visitor.post("/register", { ...form, name: `Nul${NUL}Probe` }));
    await expectRefused(await visitor.post("/register", { ...form, organisationName: `Nul${NUL}Probe Capital` }));
  });

  it("signing in with a NUL, a tab or Chinese in where to go next: a same-site path the Location header can carry", async () => {
    const cases: Array<[string, string]> = [
      ["/collateral\u0000", "/"],
      ["/\t/evil.example", "/"],
      ["/catalogue?q=光电", "/catalogue?q=%E5%85%89%E7%94%B5"],
    ];
    for (const [redirectTo, location] of cases) {
      const res = await new Visitor(server.origin).post("/login", { email: "investor2@demo.ipx.example", password: DEMO_PASSWORD, redirectTo });
      expect(res.status, JSON.stringify(redirectTo)).toBe(302);
      expect(res.headers.get("location"), JSON.stringify(redirectTo)).toBe(location);
    }
  });

  it("a bank's new loan, new asset and API token with a NUL in a text field", async () => {
    const bank = await signedInVisitor(server.origin, "bank@demo.ipx.example");
    const loan = { reference: "NUL-2026-001", borrowerName: "深圳光电科技有限公司", borrowerCreditCode: "91440300MA5FDM09XB", currency: "CNY", principal: "5,000,000.00", rate: "4.35", disbursedOn: "2024-03-01", maturesOn: "2027-02-28", status: "performing" };
    await expectRefused(await bank.post("/collateral/loans/new", { ...loan, borrowerName: `深圳光电${NUL}科技` }));
    await expectRefused(await bank.post("/collateral/loans/new", { ...loan, reference: `NUL${NUL}2026` }));
    const asset = { type: "trademark", registryNumber: "12345678", title: "光电", owners: "深圳光电科技有限公司", classes: "9", legalStatus: "valid" };
    await expectRefused(await bank.post("/collateral/assets/new", { ...asset, title: `光${NUL}电` }));
    await expectRefused(await bank.post("/collateral/assets/new", { ...asset, description: `第一行\n第二行${NUL}` }));
    await expectRefused(await bank.post("/account", { intent: "create-token", name: `probe${NUL}token` }));
  });

  it("a data-room upload whose file name carries a NUL (the name is the title when none is typed)", async () => {
    const [entry] = await server.db.db.select({ listingId: listingDocuments.listingId }).from(listingDocuments).limit(1);
    const page = `/listings/${entry!.listingId}/documents`;
    const seller = await signedInVisitor(server.origin, "bank@demo.ipx.example");
    const form = new FormData();
    form.set("csrf", await seller.csrfToken(page));
    form.set("access", "open");
    form.set("file", new Blob([minimalPdf(["NUL probe"]).slice()], { type: "application/pdf" }), `probe${NUL}.pdf`);
    const cookie = [...seller.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await fetch(`${server.origin}${page}`, { method: "POST", body: form, redirect: "manual", headers: { cookie } });
    expect(res.status).toBe(400);
  });
});

describe("bids: the client bid id is printable ASCII, 1 to 100 characters", () => {
  it("the room's form without JavaScript refuses the others with 400, as the socket does", async () => {
    const investor = await signedInVisitor(server.origin, "investor1@demo.ipx.example");
    const csrf = await investor.csrfToken("/");
    const room = `/listings/${crypto.randomUUID()}/room`;
    for (const clientBidId of ["bid\u0000one", "出价-1", "a".repeat(101)]) {
      expect((await investor.post(room, { amount: "10,000.00", clientBidId }, { csrf })).status, JSON.stringify(clientBidId)).toBe(400);
    }
    // A printable id passes the schema and meets the bid service: no such lot, so not found.
    expect((await investor.post(room, { amount: "10,000.00", clientBidId: "form-bid-1" }, { csrf })).status).toBe(404);
  });

  it("acks INVALID, naming clientBidId, for NUL, a lone surrogate, non-ASCII and 101 characters", async () => {
    const issued = await call("POST", "/auth/token", { body: { email: "investor1@demo.ipx.example", password: DEMO_PASSWORD } });
    const socket = await connect(server.origin, { token: (issued.json as { token: string }).token });
    const lotId = crypto.randomUUID();
    try {
      for (const clientBidId of ["bid\u0000one", "bid\uD800", "出价-1", "a".repeat(101)]) {
        const ack = await emitAck(socket, "bid:place", { lotId, amount: 1_000_000, clientBidId });
        expect(ack, JSON.stringify(clientBidId)).toMatchObject({ ok: false, code: "INVALID" });
        expect(ack.message).toContain("clientBidId");
      }
      // The same bid with a printable id passes the schema and meets the bid service (no such lot).
      const valid = await emitAck(socket, "bid:place", { lotId, amount: 1_000_000, clientBidId: `~ ${"a".repeat(98)}` });
      expect(valid.code).not.toBe("INVALID");
    } finally {
      socket.close();
    }
  });
});
