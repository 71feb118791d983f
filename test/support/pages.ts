import { expect } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { Visitor } from "./visitor";

/** A browser signed in as this person, reading pages in the given language. */
export async function signedInVisitor(origin: string, email: string, locale: "zh" | "en" = "en", password = DEMO_PASSWORD): Promise<Visitor> {
  const visitor = new Visitor(origin);
  visitor.cookies.set("ipx_lng", locale);
  expect((await visitor.login(email, password)).status).toBe(302);
  return visitor;
}

/** A page's text (scripts removed), with no translation key left showing. */
export async function pageText(v: Visitor, path: string, status = 200): Promise<string> {
  const response = await v.get(path);
  expect(response.status, path).toBe(status);
  const text = (await response.text()).replace(/<script[\s\S]*?<\/script>/g, "");
  expect(text, path).not.toMatch(/>[^<]*\b(offers|listings|errors|validation)\.[a-zA-Z]+\.?[a-zA-Z_]*/);
  return text;
}
