import { type AppLoadContext, json } from "@remix-run/node";
import type { z } from "zod";
import { BodyTooLarge, cappedBody } from "~/utils/body.server";

export const CSRF_FIELD = "csrf";

/**
 * Every state-changing form goes through here: the CSRF token is checked before anything is done with it.
 * Our forms post URL-encoded fields (upload forms are read by upload.server.ts), so any other body is
 * refused unread, and this one is counted as it arrives, within the upload limit (decision 019).
 */
export async function readForm(request: Request, context: AppLoadContext): Promise<FormData> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded")) throw json({ formError: "INVALID" }, { status: 415 });
  const maxBytes = context.services.uploads.limits.maxBodyBytes;
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw json({ formError: "UPLOAD_TOO_LARGE" }, { status: 413 });
  let text: string;
  try {
    text = request.body ? await new Response(cappedBody(request.body, maxBytes)).text() : "";
  } catch (error) {
    if (error instanceof BodyTooLarge) throw json({ formError: "UPLOAD_TOO_LARGE" }, { status: 413 });
    throw error;
  }
  const form = new FormData();
  for (const [name, value] of new URLSearchParams(text)) form.append(name, value);
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
