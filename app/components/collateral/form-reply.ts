import type { FormReply } from "./types";

/** The errors and typed values an action answered for one of a page's forms (by its intent). */
export function formState(reply: FormReply | undefined | null, intent: string) {
  const mine = reply && reply.intent === intent ? reply : null;
  return {
    formError: mine?.formError ?? null,
    errors: (name: string) => mine?.fields[name],
    value: (name: string, fallback = "") => mine?.values?.[name] ?? fallback,
    submitted: mine !== null,
  };
}
