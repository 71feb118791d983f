import { z } from "zod";
import { LISTING_MODES, LISTING_STATUSES } from "../../../domain/listings/vocabulary";
import { jsonSafe } from "../../../domain/money";
import { IdSchema } from "../../../domain/schemas/accounts";
import { SavedSearchSchema } from "../../../domain/schemas/following";
import { authorised, endpoint } from "../endpoint";
import { Timestamp } from "../views";

const ListingParams = z.object({ listingId: IdSchema });
const Params = z.object({ id: IdSchema });

const WatchedView = z.object({
  listingId: z.uuid(),
  title: z.string(),
  mode: z.enum(LISTING_MODES),
  status: z.enum(LISTING_STATUSES),
  price: z.number().int().describe("Minor units of `currency`"),
  currency: z.string(),
  opensAt: Timestamp.nullable(),
  closesAt: Timestamp.nullable(),
  since: Timestamp,
});
const SavedSearchView = z.object({
  id: z.uuid(),
  name: z.string(),
  query: z.record(z.string(), z.unknown()).describe("The catalogue query's parameters, as GET /catalogue takes them, without paging or sort"),
  createdAt: Timestamp,
});

export const followingEndpoints = [
  endpoint({
    method: "get",
    path: "/watchlist",
    summary: "The listings you follow, with each one's status, price and closing time",
    tag: "following",
    permission: "account:read",
    response: z.object({ items: z.array(WatchedView) }),
    successStatus: 200,
    async handle(input) {
      const items = await input.services.following.watchlist(authorised(input));
      return { status: 200, body: { items: jsonSafe(items) } };
    },
  }),
  endpoint({
    method: "put",
    path: "/watchlist/{listingId}",
    summary: "Follow a public listing: you are told when it opens, closes, changes, is withdrawn or awarded (idempotent)",
    tag: "following",
    permission: "account:read",
    params: ListingParams,
    successStatus: 204,
    async handle(input) {
      const result = await input.services.following.watch(authorised(input), input.params.listingId);
      return result.ok ? { status: 204 } : { fail: result.code };
    },
  }),
  endpoint({
    method: "delete",
    path: "/watchlist/{listingId}",
    summary: "Stop following a listing (idempotent)",
    tag: "following",
    permission: "account:read",
    params: ListingParams,
    successStatus: 204,
    async handle(input) {
      await input.services.following.unwatch(authorised(input), input.params.listingId);
      return { status: 204 };
    },
  }),
  endpoint({
    method: "get",
    path: "/saved-searches",
    summary: "Your saved searches",
    tag: "following",
    permission: "account:read",
    response: z.object({ items: z.array(SavedSearchView) }),
    successStatus: 200,
    async handle(input) {
      const items = await input.services.following.savedSearches(authorised(input));
      return { status: 200, body: { items: jsonSafe(items) } };
    },
  }),
  endpoint({
    method: "post",
    path: "/saved-searches",
    summary: "Save a catalogue query (at most 25 per person): each newly announced listing that matches it is announced to you once",
    tag: "following",
    permission: "account:read",
    body: SavedSearchSchema,
    response: z.object({ id: z.uuid() }),
    successStatus: 201,
    async handle(input) {
      const result = await input.services.following.saveSearch(authorised(input), input.body);
      return result.ok ? { status: 201, body: { id: result.id } } : { fail: result.code, details: result.details };
    },
  }),
  endpoint({
    method: "delete",
    path: "/saved-searches/{id}",
    summary: "Delete one of your saved searches",
    tag: "following",
    permission: "account:read",
    params: Params,
    successStatus: 204,
    async handle(input) {
      const result = await input.services.following.deleteSearch(authorised(input), input.params.id);
      return result.ok ? { status: 204 } : { fail: result.code };
    },
  }),
];
