import { z } from "zod";
import { LISTING_MODES, LISTING_STATUSES, PRESETS } from "../../../domain/listings/vocabulary";
import { jsonSafe } from "../../../domain/money";
import { IdSchema } from "../../../domain/schemas/accounts";
import { CreateListingSchema, ReviewListingSchema } from "../../../domain/schemas/listings";
import { authorised, endpoint } from "../endpoint";
import { Timestamp } from "../views";

const Params = z.object({ id: IdSchema });
const ListingView = z.looseObject({
  id: z.uuid(),
  organisationId: z.uuid(),
  mode: z.enum(LISTING_MODES),
  preset: z.enum(PRESETS),
  status: z.enum(LISTING_STATUSES),
  title: z.string(),
  price: z.number().int(),
  currency: z.string(),
  attempt: z.number().int(),
  announceAt: Timestamp.nullable(),
  opensAt: Timestamp.nullable(),
  closesAt: Timestamp.nullable(),
});
/** What the catalogue never shows: the tokens are an index, not content. */
const view = (l: Record<string, unknown>) => {
  const { searchTokens: _tokens, searchText: _text, ...rest } = l;
  return jsonSafe(rest);
};

export const listingEndpoints = [
  endpoint({
    method: "post",
    path: "/listings",
    summary: "Create a draft listing of rights in your book, in one mode under a preset (terms checked against it)",
    tag: "listings",
    permission: "listing:create",
    body: CreateListingSchema,
    response: z.object({ id: z.uuid(), attempt: z.number().int() }),
    successStatus: 201,
    async handle(input) {
      const result = await input.services.listings.create(authorised(input), input.body);
      return result.ok ? { status: 201, body: { id: result.id, attempt: result.attempt } } : { fail: result.code, details: result.details };
    },
  }),
  endpoint({
    method: "put",
    path: "/listings/{id}",
    summary: "Replace the terms of your draft listing (after a rejection, say): the same body and checks as creating one",
    tag: "listings",
    permission: "listing:create",
    params: Params,
    body: CreateListingSchema,
    response: z.object({ id: z.uuid(), attempt: z.number().int() }),
    successStatus: 200,
    async handle(input) {
      const result = await input.services.listings.update(authorised(input), input.params.id, input.body);
      return result.ok ? { status: 200, body: { id: result.id, attempt: result.attempt } } : { fail: result.code, details: result.details };
    },
  }),
  endpoint({
    method: "get",
    path: "/listings/mine",
    summary: "Your organisation's listings in every status",
    tag: "listings",
    permission: "listing:create",
    response: z.object({ listings: z.array(ListingView) }),
    successStatus: 200,
    async handle(input) {
      const rows = await input.services.listings.mine(authorised(input));
      return { status: 200, body: { listings: rows.map(view) as z.input<typeof ListingView>[] } };
    },
  }),
  endpoint({
    method: "post",
    path: "/listings/{id}/submit",
    summary: "Send a draft to the operator for review",
    tag: "listings",
    permission: "listing:create",
    params: Params,
    successStatus: 204,
    async handle(input) {
      const result = await input.services.listings.submit(authorised(input), input.params.id);
      return result.ok ? { status: 204 } : { fail: result.code, details: result.details };
    },
  }),
  endpoint({
    method: "post",
    path: "/listings/{id}/withdraw",
    summary: "Withdraw your listing before it closes",
    tag: "listings",
    permission: "listing:create",
    params: Params,
    successStatus: 204,
    async handle(input) {
      const result = await input.services.listings.withdraw(authorised(input), input.params.id);
      return result.ok ? { status: 204 } : { fail: result.code, details: result.details };
    },
  }),
  endpoint({
    method: "get",
    path: "/operator/listings",
    summary: "Listings waiting for review",
    tag: "operator",
    permission: "verification:review",
    response: z.object({ listings: z.array(ListingView) }),
    successStatus: 200,
    async handle(input) {
      const rows = await input.services.listings.reviewQueue();
      return { status: 200, body: { listings: rows.map(view) as z.input<typeof ListingView>[] } };
    },
  }),
  endpoint({
    method: "post",
    path: "/operator/listings/{id}/review",
    summary: "Approve a listing (it is announced and its clock starts) or reject it with a reason",
    tag: "operator",
    permission: "verification:review",
    params: Params,
    body: ReviewListingSchema,
    response: z.object({ status: z.enum(LISTING_STATUSES) }),
    successStatus: 200,
    async handle(input) {
      const result = await input.services.listings.review(authorised(input), input.params.id, input.body);
      return result.ok ? { status: 200, body: { status: result.status } } : { fail: result.code, details: result.details };
    },
  }),
];
