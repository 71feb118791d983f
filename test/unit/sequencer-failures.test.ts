import { describe, expect, it } from "vitest";
import { parseConfig } from "../../server/config";
import { createLogger } from "../../server/logger";
import type { ServiceDeps } from "../../server/services/context";
import { EventBus } from "../../server/services/events";
import { LotSequencer } from "../../server/services/bidding/sequencer";
import type { Principal } from "../../server/services/auth/principal";

/** How the sequencer answers when a batch's transaction fails, with a database that always fails the same way. */
function sequencerFailingWith(error: unknown) {
  let transactions = 0;
  const db = { transaction: async () => (transactions++, Promise.reject(error)) } as unknown as ServiceDeps["db"];
  const config = parseConfig({ NODE_ENV: "test", DATABASE_URL: "postgres://unused/db", LOG_LEVEL: "silent" });
  const sequencer = new LotSequencer({ db, config, bus: new EventBus(), log: createLogger("silent"), now: () => new Date() }, () => undefined);
  return { sequencer, transactions: () => transactions };
}

const principal = { organisation: { id: "o" }, user: { id: "u" } } as unknown as Principal;
const bid = (i: number) => ({ kind: "bid" as const, principal, amount: BigInt(i), match: false, clientBidId: `c${i}` });

/** Wrapped as drizzle wraps the driver's error: the code sits on the cause. */
const wrapped = (code: string) => Object.assign(new Error("Failed query"), { cause: Object.assign(new Error(code), { code }) });

describe("a failed batch", () => {
  it("when the database is unreachable: every command UNAVAILABLE at once, no retry per command", async () => {
    const { sequencer, transactions } = sequencerFailingWith(wrapped("CONNECTION_ENDED"));
    const answers = await Promise.all([1, 2, 3, 4, 5].map((i) => sequencer.submit("lot", bid(i))));
    expect(answers).toEqual(Array(5).fill({ ok: false, code: "UNAVAILABLE" }));
    // The first command is a batch of its own; the four behind it are a second batch, failed once.
    expect(transactions()).toBe(2);
  });

  it("when a value is refused: decided again in halves down to the command, refused INVALID", async () => {
    const { sequencer, transactions } = sequencerFailingWith(wrapped("22021"));
    const answers = await Promise.all([1, 2, 3, 4, 5].map((i) => sequencer.submit("lot", bid(i))));
    expect(answers).toEqual(Array(5).fill({ ok: false, code: "INVALID" }));
    expect(transactions()).toBe(1 + 7);
  });

  it("a server error class (admin shutdown) is unavailable, not the commands' fault", async () => {
    const { sequencer, transactions } = sequencerFailingWith(wrapped("57P01"));
    const answers = await Promise.all([1, 2, 3].map((i) => sequencer.submit("lot", bid(i))));
    expect(answers).toEqual(Array(3).fill({ ok: false, code: "UNAVAILABLE" }));
    expect(transactions()).toBe(2);
  });
});
