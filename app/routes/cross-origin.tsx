import { type LoaderFunctionArgs, json } from "@remix-run/node";
import { notFound } from "~/components/collateral/loan-page.server";

/**
 * Where the server turns a form posted from another origin (server/http/security.ts): a 403 naming the origin the
 * server expects, which the root error page words. Visited directly, there is nothing here.
 */
export function loader({ context }: LoaderFunctionArgs) {
  if (!context.refusedOrigin) throw notFound();
  throw json({ formError: "CROSS_ORIGIN", origin: context.refusedOrigin, expected: context.services.config.publicOrigin }, { status: 403 });
}

/** Never rendered (the loader always throws); a page, not a resource route, so the refusal is an HTML page. */
export default function CrossOrigin() {
  return null;
}
