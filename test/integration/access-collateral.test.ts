import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { alerts, disposalCases, documents, ipAssets, loans, organisations } from "../../db/schema";
import { TEST_PASSWORD, demoToken, verifiedOrganisation } from "../support/organisations";
import { fullPath } from "../support/routes";
import { type TestServer, startTestServer } from "../support/test-server";
import { Visitor, api } from "../support/visitor";

/**
 * Every page and action of the collateral workbench, from the Remix route manifest, walked as another
 * bank, an investor, a guarantor that is not party to the loan, and anonymously, with the demo bank's real
 * ids: each is refused (sign-in redirect, 403 or 404) and shows none of the bank's data.
 */
const PARAM_FOR: Record<string, "loan" | "asset" | "document" | "alert" | "name" | "case"> = { loanId: "loan", assetId: "asset", documentId: "document", alertId: "alert", name: "name", caseId: "case" };
const WORKBENCH = /^routes\/(collateral|shared-loans)/;

let server: TestServer;
let build: ServerBuild;
const ids: Record<string, string> = {};
const secrets: string[] = [];

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: "always" });
  build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  const db = server.db.db;
  const [bank] = await db.select().from(organisations).where(eq(organisations.kind, "bank"));
  const [loan] = await db.select().from(loans).where(eq(loans.organisationId, bank!.id)).limit(1);
  const [asset] = await db.select().from(ipAssets).where(eq(ipAssets.registeredBy, bank!.id)).limit(1);
  const [alert] = await db.select().from(alerts).where(eq(alerts.loanId, loan!.id)).limit(1);
  const [kase] = await db.select().from(disposalCases).where(eq(disposalCases.organisationId, bank!.id)).limit(1);
  const bankToken = await demoToken(server.origin, "bank@demo.ipx.example");
  const pdf = Buffer.from("%PDF-1.4\n%%EOF\n").toString("base64");
  const doc = await api(server.origin, "POST", `/assets/${asset!.id}/documents`, { token: bankToken, body: { filename: "secret-report.pdf", kind: "appraisal_report", contentBase64: pdf } });
  Object.assign(ids, { loan: loan!.id, asset: asset!.id, document: doc.body!.id, alert: alert?.id ?? loan!.id, name: "loans.csv", case: kase!.id });
  secrets.push(loan!.reference, asset!.registryNumber, "secret-report.pdf");
  const [docRow] = await db.select().from(documents).where(eq(documents.id, ids.document!));
  expect(docRow).toBeDefined();
  await verifiedOrganisation(server.origin, "bank", "rival@bank.example");
  await verifiedOrganisation(server.origin, "guarantor", "stranger@guarantee.example");
});
afterAll(() => server?.stop());

function urlOf(routeId: string): string {
  return fullPath(build, routeId).replace(/:(\w+)/g, (_, name: string) => {
    const kind = PARAM_FOR[name];
    if (!kind) throw new Error(`route parameter :${name} is not covered by this test: add it to PARAM_FOR`);
    return ids[kind]!;
  });
}

async function as(email: string | null, password = TEST_PASSWORD) {
  const visitor = new Visitor(server.origin);
  if (email) expect((await visitor.login(email, password)).status).toBe(302);
  return visitor;
}

describe("the collateral workbench refuses everyone but the bank that holds the book", () => {
  it("covers every workbench route", () => {
    const routes = Object.values(build.routes).filter((r) => WORKBENCH.test(r.id));
    expect(routes.length).toBeGreaterThanOrEqual(6);
  });

  for (const who of ["rival bank", "investor", "guarantor not party", "anonymous"] as const) {
    it(`as ${who}: every page and action is refused and leaks nothing`, async () => {
      const visitor =
        who === "rival bank" ? await as("rival@bank.example") : who === "investor" ? await as("investor1@demo.ipx.example", DEMO_PASSWORD) : who === "guarantor not party" ? await as("stranger@guarantee.example") : await as(null);
      for (const route of Object.values(build.routes).filter((r) => WORKBENCH.test(r.id))) {
        const url = urlOf(route.id);
        if (route.module.loader) {
          const res = await visitor.get(url);
          const body = await res.text();
          const ownPage = (who === "rival bank" && route.id.startsWith("routes/collateral") && (!fullPath(build, route.id).includes(":") || route.id === "routes/collateral.samples.$name")) || (who === "guarantor not party" && route.id === "routes/shared-loans._index");
          if (who === "anonymous") expect(res.status, `GET ${url}`).toBe(302);
          // Its own (empty) workbench or shared-loan list opens, showing nothing of the demo bank's.
          else if (ownPage) expect(res.status, `GET ${url} as ${who}`).toBe(200);
          else expect([403, 404], `GET ${url} as ${who}`).toContain(res.status);
          for (const secret of secrets) expect(body, `GET ${url} as ${who} leaks ${secret}`).not.toContain(secret);
        }
        if (route.module.action) {
          const res = await visitor.post(url, { intent: "acknowledge", id: ids.alert!, loanId: ids.loan!, assetId: ids.asset! }, { csrf: await visitor.csrfToken("/") });
          const ownForm = who === "rival bank" && !fullPath(build, route.id).includes(":");
          if (who === "anonymous") expect(res.status, `POST ${url}`).toBe(302);
          // A bank may post its own forms (a new loan, a new right, an import): a malformed one is a 400, a foreign id a 404.
          else if (ownForm) expect([400, 404], `POST ${url} as ${who}`).toContain(res.status);
          else expect([403, 404], `POST ${url} as ${who}`).toContain(res.status);
        }
      }
    });
  }

  it("the bank itself can open every page", async () => {
    const visitor = await as("bank@demo.ipx.example", DEMO_PASSWORD);
    for (const route of Object.values(build.routes).filter((r) => WORKBENCH.test(r.id) && r.module.loader && !r.id.startsWith("routes/shared-loans"))) {
      const res = await visitor.get(urlOf(route.id));
      expect([200], `GET ${route.path}`).toContain(res.status);
    }
  });
});
