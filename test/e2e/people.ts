import crypto from "node:crypto";
import { type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../../db/seed/demo";

export const OPERATOR_EMAIL = "operator@demo.ipx.example";
export { DEMO_PASSWORD };

/** A newcomer nobody has seen before: unique e-mail and organisation name per run. */
export function newcomer(label: string) {
  const id = crypto.randomBytes(4).toString("hex");
  return {
    name: `${label} ${id}`,
    email: `${label.toLowerCase().replace(/\W+/g, "-")}-${id}@e2e.ipx.example`,
    organisationName: `${label} Capital ${id}`,
    password: `Strong-pass-${id}-42`,
  };
}

export type Newcomer = ReturnType<typeof newcomer>;

/** Fills the register form (English labels) as a person would; the caller submits. */
export async function fillRegistration(page: Page, person: Newcomer, password = person.password) {
  await page.getByLabel("Your name").fill(person.name);
  await page.getByLabel("E-mail").fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Organisation name").fill(person.organisationName);
  await page.getByLabel("Kind of organisation").selectOption({ label: "Investor" });
}

/** Signs in through the login page (English labels) and waits for the home page. */
export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("main").getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/");
}
