import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/utils/auth.server";

/** The import page's sample files, served from test/fixtures/imports (the copy the tests import too). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireUser(context, request, "collateral:manage");
  const sample = await context.services.imports.sample(params.name ?? "");
  if (!sample) throw new Response("Not found", { status: 404 });
  return new Response(sample.content, {
    headers: {
      "Content-Type": sample.contentType,
      "Content-Disposition": `attachment; filename="${sample.name}"`,
      "Cache-Control": "private, max-age=300",
    },
  });
}
