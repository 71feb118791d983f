import { DEMO_PASSWORD } from "../../db/seed/demo";
import { patentCheckDigit } from "../../server/domain/collateral/registry-numbers";
import { api } from "./visitor";

export const TEST_PASSWORD = "test-password-2026";

/** An API token for a demo login. */
export async function demoToken(origin: string, email: string): Promise<string> {
  const res = await api(origin, "POST", "/auth/token", { body: { email, password: DEMO_PASSWORD } });
  if (res.status !== 201) throw new Error(`no token for ${email}: ${res.status}`);
  return res.body!.token;
}

/** Registers an organisation, has the demo operator verify it, and returns a token of its admin. */
export async function verifiedOrganisation(origin: string, kind: string, email: string, name = `${kind} ${email}`): Promise<{ token: string; organisationId: string }> {
  const registered = await api(origin, "POST", "/auth/register", { body: { email, password: TEST_PASSWORD, name, organisation: { name, kind } } });
  if (registered.status !== 201) throw new Error(`register ${email}: ${JSON.stringify(registered.body)}`);
  const operator = await demoToken(origin, "operator@demo.ipx.example");
  await api(origin, "POST", `/operator/verifications/${registered.body!.organisationId}/verify`, { token: operator });
  const token = await api(origin, "POST", "/auth/token", { body: { email, password: TEST_PASSWORD } });
  return { token: token.body!.token, organisationId: registered.body!.organisationId };
}

/** A valid CNIPA application number of the given type digit (1 invention, 2 utility model, 3 design). */
export function patentNumber(year: number, typeDigit: 1 | 2 | 3, serial: number): string {
  const digits = `${year}${typeDigit}${String(serial).padStart(7, "0")}`;
  return `${digits}.${patentCheckDigit(digits)}`;
}
