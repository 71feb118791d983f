import { type AppLoadContext, json } from "@remix-run/node";
import type { z } from "zod";

export const CSRF_FIELD = "csrf";

/** Every state-changing form goes through here: the CSRF token is checked before anything is read. */
export async function readForm(request: Request, context: AppLoadContext): Promise<FormData> {
  const form = await request.formData();
  if (!context.services.csrf.verify(request, form.get(CSRF_FIELD))) {
    throw json({ formError: "CSRF" }, { status: 403 });
  }
  return form;
}

export type FieldErrors = Record<string, string[]>;

/** Zod issues as `{ "organisation.name": ["too_short"] }`; the messages are translation codes. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_form";
    (out[key] ??= []).push(issue.code === "unrecognized_keys" ? "unknown_field" : issue.message);
  }
  return out;
}

/** Form fields as an object, dropping the CSRF token and empty optional values. */
export function formObject(form: FormData, keys: readonly string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const key of keys) {
    const value = form.get(key);
    out[key] = typeof value === "string" && value.trim() !== "" ? value : undefined;
  }
  return out;
}
