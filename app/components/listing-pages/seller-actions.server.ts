import { type AppLoadContext, json, redirect } from "@remix-run/node";
import { IdSchema } from "../../../server/domain/schemas/accounts";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/form.server";

export type SellerReply = { formError: string | null; target?: string };

/**
 * The seller's submit and withdraw buttons, from the list and from the listing page: CSRF first, then the
 * permission, then the service (which scopes the listing to the caller's organisation).
 */
export async function sellerAction(request: Request, context: AppLoadContext, backTo: (id: string) => string) {
  const form = await readForm(request, context);
  const principal = await requireUser(context, request, "listing:create");
  const id = IdSchema.safeParse(form.get("id"));
  if (!id.success) return json<SellerReply>({ formError: "NOT_FOUND" }, { status: 404 });
  const intent = form.get("intent");
  const result =
    intent === "submit"
      ? await context.services.listings.submit(principal, id.data)
      : intent === "withdraw"
        ? await context.services.listings.withdraw(principal, id.data)
        : null;
  if (!result) return json<SellerReply>({ formError: "INVALID", target: id.data }, { status: 400 });
  if (!result.ok) return json<SellerReply>({ formError: result.code, target: id.data }, { status: result.code === "NOT_FOUND" ? 404 : 409 });
  return redirect(`${backTo(id.data)}${backTo(id.data).includes("?") ? "&" : "?"}done=${intent === "submit" ? "submitted" : "withdrawn"}`);
}
