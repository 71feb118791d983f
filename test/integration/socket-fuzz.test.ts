import { eq } from "drizzle-orm";
import fc from "fast-check";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bids } from "../../db/schema";
import { ERROR_CODES } from "../../server/http/api/errors";
import { socketHandlers } from "../../server/realtime/registry";
import { type Bidder, confirmDeposit, insertAuction, verifiedBidders } from "../support/lots";
import { connect, emitAck } from "../support/sockets";
import { type TestServer, startTestServer } from "../support/test-server";

/** Fixed, so a failure reproduces; fast-check prints the shrunk message with it. */
const SEED = 20_261_207;
const RUNS = 2_000;
/** Under the 16 KiB message limit, so every message reaches the handlers rather than closing the connection. */
const MAX_JSON_CHARS = 12_000;

let server: TestServer;
let bidder: Bidder;
let lotId: string;
let signedIn: Socket;
let anonymous: Socket;

beforeAll(async () => {
  // The rate limit would answer RATE_LIMITED to almost everything: lift it so the handlers are what is fuzzed.
  server = await startTestServer({ SOCKET_EVENTS_PER_SECOND: "100000" });
  [bidder] = (await verifiedBidders(server.origin, 1, "fuzz")) as [Bidder];
  lotId = (await insertAuction(server.db.db)).id;
  await confirmDeposit(server.db.db, lotId, bidder.organisationId, "F1");
  signedIn = await connect(server.origin, { token: bidder.token });
  anonymous = await connect(server.origin);
}, 30_000);
afterAll(async () => {
  signedIn?.close();
  anonymous?.close();
  await server?.stop();
});

const pollution = () => JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as object;

const junkString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.constantFrom("", " ", "\u0000", "\ud800", "__proto__", "constructor", "x".repeat(5_000), "9".repeat(400)),
  fc.uuid(),
);
const junkNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(-1, 0, -0, 0.5, 999_999.5, 1e21, Number.MAX_SAFE_INTEGER + 2, Number.MAX_VALUE, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
);
const binary = fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes));
const key = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("__proto__", "constructor", "prototype", "lotId", "amount", "maxAmount", "clientBidId", "match", "sinceSeq"));
const { junk } = fc.letrec<{ junk: unknown }>((tie) => ({
  junk: fc.oneof(
    { depthSize: "small" },
    junkString,
    junkNumber,
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    binary,
    fc.date({ noInvalidDate: true }),
    fc.constant(pollution()),
    fc.array(tie("junk"), { maxLength: 4 }),
    fc.dictionary(key, tie("junk"), { maxKeys: 4 }),
  ),
}));
const sometimes = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, junk);
// The lot exists once beforeAll has run; arbitraries are built at import, so they read it when generating.
const lotIds = fc.oneof(
  fc.constant(null).map(() => lotId),
  fc.constant("00000000-0000-4000-8000-000000000000"),
  fc.uuid(),
);

/** Near misses of each event's payload: the right keys with wrong values, missing ones, extra and polluting keys. */
const payloadFor: Record<string, fc.Arbitrary<unknown>> = {
  "time:sync": fc.oneof(junk, fc.constant(pollution())),
  "lot:join": fc.oneof(junk, fc.record({ lotId: sometimes(lotIds), sinceSeq: sometimes(fc.integer({ min: -5, max: 5 })) }, { requiredKeys: [] })),
  "lot:leave": fc.oneof(junk, fc.record({ lotId: junk, extra: junk }, { requiredKeys: [] })),
  "bid:place": fc.oneof(
    junk,
    fc
      .record(
        {
          lotId: sometimes(lotIds),
          amount: sometimes(junkNumber),
          clientBidId: sometimes(fc.string({ minLength: 1, maxLength: 100 })),
          maxAmount: sometimes(junkNumber),
          match: junk,
        },
        { requiredKeys: [] },
      )
      .chain((bid) => fc.constantFrom(bid, { ...bid, ...pollution() })),
    // Well formed but never acceptable: no such lot, or below the lot's start.
    fc.record({ lotId: lotIds, amount: fc.integer({ min: 1, max: 999_999 }), clientBidId: fc.uuid() }),
  ),
};

type Message = { event: unknown; args: unknown[] };
const knownEvent = fc.constantFrom(...socketHandlers.map((h) => h.event));
const message: fc.Arbitrary<Message> = fc
  .oneof(
    { weight: 4, arbitrary: knownEvent.chain((event) => fc.record({ event: fc.constant<unknown>(event), args: fc.oneof(payloadFor[event]!.map((payload) => [payload]), fc.constant<unknown[]>([]), fc.array(junk, { minLength: 2, maxLength: 3 })) })) },
    { weight: 1, arbitrary: fc.record({ event: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom("bid:Place", "lot:close", "__proto__", "constructor", "toString", "bid:place ", "x".repeat(2_000)), fc.integer()), args: fc.array(junk, { maxLength: 2 }) }) },
  )
  .filter((m) => (JSON.stringify(m.args) ?? "").length <= MAX_JSON_CHARS);

/** What the server would read: JSON's view of the payload (binary never matches a schema), or `{}` for none. */
function wellFormed({ event, args }: Message): boolean {
  const handler = socketHandlers.find((h) => h.event === event);
  if (!handler || args.length > 1) return false;
  const text = JSON.stringify(args[0]);
  return handler.schema.safeParse(text === undefined ? {} : (JSON.parse(text) ?? {})).success;
}

const bidCount = async () => (await server.db.db.select({ seq: bids.seq }).from(bids).where(eq(bids.listingId, lotId))).length;

describe("socket fuzz", () => {
  it(`${RUNS} malformed messages from a bidder's socket and an anonymous one: refused with known codes, the server stays up and still takes a bid`, async () => {
    const known = new Set(ERROR_CODES.filter((code) => code !== "UNAVAILABLE"));
    await fc.assert(
      fc.asyncProperty(message, async (m) => {
        for (const socket of [signedIn, anonymous]) {
          const ack = (await emitAck(socket, m.event as string, ...m.args)) as { ok: unknown; code?: unknown };
          if (ack.ok === true) {
            // Only a well-formed read may succeed; a bid never does here.
            expect(wellFormed(m) && m.event !== "bid:place").toBe(true);
          } else {
            expect(ack.ok).toBe(false);
            expect(known.has(ack.code as string), `code ${String(ack.code)}`).toBe(true);
          }
          expect(socket.connected).toBe(true);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );

    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);
    expect(await bidCount()).toBe(0);
    const control = await emitAck(signedIn, "bid:place", { lotId, amount: 1_000_000, clientBidId: "control" });
    expect(control).toMatchObject({ ok: true, bid: { seq: 1, amount: 1_000_000, bidderCode: "F1" } });
  }, 60_000);
});
