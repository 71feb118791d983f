import { execFileSync, fork } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { type Socket } from "socket.io-client";
import { eq, sql } from "drizzle-orm";
import { type Db, openDatabase } from "../../db/client";
import { apiTokens, lotDeposits, lots, memberships, organisations, users } from "../../db/schema";
import { PlaceBidSchema } from "../../server/domain/schemas/bids";
import { type SocketHandler, socketHandler } from "../../server/realtime/handler";
import { socketHandlers } from "../../server/realtime/registry";
import { bidAck } from "../../server/services/bidding/bid-service";
import { type BidAnswer, decideBatch } from "../../server/services/bidding/decide-batch";
import { LotSequencer } from "../../server/services/bidding/sequencer";
import { EventBus, type LotBid } from "../../server/services/events";
import { TOKEN_PREFIX } from "../../server/services/auth/credentials";
import { randomSecret, sha256 } from "../../server/services/secrets";
import { TEMPLATE_DB, cloneDatabase, dropDatabase, prepareTemplate } from "../support/databases";
import { insertAuction } from "../support/lots";
import { type Cluster, startCluster } from "../support/pg-cluster";
import { connect } from "../support/sockets";
import { startServerOn } from "../support/test-server";

/**
 * `npm run bench:bids`: live bidding through the real server (Socket.IO, the bid service, PostgreSQL at
 * DATABASE_URL in a throwaway database of its own, or a throwaway cluster) in a process of its own, bidders
 * and watchers as socket.io clients in this one. The per-user message limit (`SOCKET_EVENTS_PER_SECOND`, 10 as shipped) is raised
 * through its configuration and recorded in the report: 50 bidders at thousands of bids/s would otherwise measure the
 * limiter, not the decision path. The baseline is `bench:bid-naive`, a socket event
 * mounted only here that decides each bid in a transaction of its own with the same decision code (lock the
 * lot row FOR UPDATE, check, insert, update, commit): the two differ only in the sequencer's group commit.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const INCREMENT = 100;
const START_PRICE = 100_000;
const WATCHERS = Number(process.env.BENCH_WATCHERS ?? 2_000);
const MULTI_LOTS = 200;
/** What this benchmark changes of the shipped configuration (written into its report). */
const CHANGED_LIMITS = { SOCKET_EVENTS_PER_SECOND: "100000" };
const LOTS_PER_BIDDER = 10;

/** What the server process tells the bench: its origin, each batch of the sequencer, each commit, its event loop's delay. */
type ServerNews =
  | { kind: "ready"; origin: string }
  | { kind: "batch"; size: number; ms: number }
  | { kind: "commit"; lotId: string; seq: number; at: number }
  | { kind: "loop"; p50: number; p99: number; max: number };

/** Milliseconds on the machine's clock, comparable between the two processes. */
const clock = () => performance.timeOrigin + performance.now();

const naiveBid = (db: Db) =>
  socketHandler({
    event: "bench:bid-naive",
    permission: "account:read",
    schema: PlaceBidSchema,
    async handle(input, { principal, services, now }) {
      const command = { kind: "bid" as const, principal: principal!, amount: BigInt(input.amount), match: false, clientBidId: input.clientBidId, receivedAt: now().getTime() };
      const { answers, effects } = await db.transaction((tx) => decideBatch(tx, input.lotId, [command], now(), { platformFeeBps: 100 }));
      if (effects.bid) services.bus.publish("lot:bid", effects.bid);
      if (effects.outbid) services.bus.publish("bid:outbid", effects.outbid);
      const ack = bidAck(answers[0] as BidAnswer);
      return ack.ok ? ack : { ok: false, code: ack.code, message: ack.code };
    },
  });

/**
 * The server process: the real server with the baseline's event mounted, the message limit raised, and
 * hooks that report each batch (size, transaction time) and each commit (the service publishes a lot's
 * newest bid right after its batch commits).
 */
async function serve(url: string) {
  const tell = (news: ServerNews) => process.send!(news);
  const publish = EventBus.prototype.publish;
  EventBus.prototype.publish = function (name, payload) {
    if (name === "lot:bid") tell({ kind: "commit", lotId: (payload as LotBid).lotId, seq: (payload as LotBid).seq, at: clock() });
    publish.call(this, name, payload);
  };
  type Run = (lotId: string, commands: unknown[]) => Promise<unknown[]>;
  const sequencer = LotSequencer.prototype as unknown as { run: Run };
  const run = sequencer.run;
  sequencer.run = async function (this: unknown, lotId, commands) {
    const t0 = performance.now();
    const answers = await run.call(this, lotId, commands);
    tell({ kind: "batch", size: commands.length, ms: performance.now() - t0 });
    return answers;
  };
  const handle = await openDatabase({ url, embeddedDir: "" });
  // Mounted before the server starts: the gateway reads the list of socket events once.
  (socketHandlers as SocketHandler[]).push(naiveBid(handle.db));
  const server = await startServerOn(url, CHANGED_LIMITS);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  process.on("message", (message) => {
    if (message === "loop") {
      tell({ kind: "loop", p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 });
      loop.reset();
    } else if (message === "stop") {
      void server.stop().then(() => handle.close()).then(() => process.exit(0));
    }
  });
  tell({ kind: "ready", origin: server.origin });
}

/** Starts this file again as the server process, so that 2,000 clients do not share the server's event loop. */
async function startBenchServer(url: string) {
  const batches: Array<{ size: number; ms: number }> = [];
  const commits: Array<{ lotId: string; seq: number; at: number }> = [];
  const loops: Array<(news: ServerNews & { kind: "loop" }) => void> = [];
  const child = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, BENCH_BIDS_SERVE: url } });
  const origin = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the bench server exited (${code})`)));
    child.on("message", (news: ServerNews) => {
      if (news.kind === "ready") resolve(news.origin);
      else if (news.kind === "batch") batches.push(news);
      else if (news.kind === "commit") commits.push(news);
      else loops.shift()?.(news);
    });
  });
  return {
    origin,
    batches,
    commits,
    /** The server's event-loop delay since the last call. */
    loop: () => new Promise<ServerNews & { kind: "loop" }>((resolve) => (loops.push(resolve), child.send("loop"))),
    stop: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill(), 10_000);
        child.once("exit", () => (clearTimeout(timer), resolve()));
        child.send("stop");
      }),
  };
}

type Bidder = { organisationId: string; token: string; socket?: Socket; next: number };
type Ack = { ok: boolean; code?: string; bid?: { seq: number; amount: number; placedAt: string } };

/** Verified investor organisations, each with one admin and an API token, inserted directly. */
async function insertBidders(db: Db, count: number): Promise<Bidder[]> {
  const orgs = await db
    .insert(organisations)
    .values(Array.from({ length: count }, (_, i) => ({ name: `Bench bidder ${i}`, kind: "investor" as const, verification: "verified" as const })))
    .returning({ id: organisations.id });
  const people = await db
    .insert(users)
    .values(orgs.map((_, i) => ({ email: `bidder-${i}@bench.example`, name: `Bench bidder ${i}`, passwordHash: "!" })))
    .returning({ id: users.id });
  await db.insert(memberships).values(orgs.map((o, i) => ({ userId: people[i]!.id, organisationId: o.id, role: "admin" as const })));
  const tokens = orgs.map(() => `${TOKEN_PREFIX}${randomSecret()}`);
  const expiresAt = new Date(Date.now() + 86_400_000);
  await db.insert(apiTokens).values(orgs.map((o, i) => ({ tokenHash: sha256(tokens[i]!), tokenPrefix: tokens[i]!.slice(0, 10), name: "bench", userId: people[i]!.id, organisationId: o.id, expiresAt })));
  return orgs.map((o, i) => ({ organisationId: o.id, token: tokens[i]!, next: 0 }));
}

async function openLot(db: Db, bidders: Bidder[]): Promise<string> {
  const { id } = await insertAuction(db, { startPrice: START_PRICE, increment: INCREMENT, endsInMs: 3_600_000 });
  const now = new Date();
  const rows = bidders.map((b) => ({ listingId: id, organisationId: b.organisationId, bidderCode: `K${b.organisationId.slice(0, 6)}`, method: "bank_transfer" as const, status: "confirmed" as const, amount: 100_000n, requestedAt: now, confirmedAt: now }));
  for (let i = 0; i < rows.length; i += 5_000) await db.insert(lotDeposits).values(rows.slice(i, i + 5_000));
  return id;
}

/**
 * A bidding war: every bid outbids the newest bid sent to its lot by one increment (one counter per lot,
 * shared by the bidders of this process). Bids that arrive in the order they were sent are all accepted;
 * one overtaken on the way is refused as too low. Both the engine and the baseline meet the same war.
 */
const raises = new Map<string, number>();
const raise = (lotId: string) => {
  const amount = (raises.get(lotId) ?? START_PRICE - INCREMENT) + INCREMENT;
  raises.set(lotId, amount);
  return amount;
};

async function connectBidder(origin: string, b: Bidder) {
  const socket = await connect(origin, { token: b.token });
  b.socket = socket;
}

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

const tally = () => ({ ok: 0, refused: 0, failed: 0, codes: new Map<string, number>(), latencies: [] as number[] });
type Tally = ReturnType<typeof tally>;

async function place(b: Bidder, lotId: string, event: string, t: Tally): Promise<Ack | null> {
  const amount = raise(lotId);
  const t0 = performance.now();
  try {
    const ack = (await b.socket!.timeout(15_000).emitWithAck(event, { lotId, amount, clientBidId: `c${b.next++}` })) as Ack;
    t.latencies.push(performance.now() - t0);
    if (ack.ok) {
      t.ok++;
    } else {
      t.refused++;
      t.codes.set(ack.code!, (t.codes.get(ack.code!) ?? 0) + 1);
    }
    return ack;
  } catch {
    t.failed++;
    return null;
  }
}

/** Each bidder sends its next bid as soon as the previous ack arrives, round-robin over its lots. */
async function closedLoop(bidders: Bidder[], lotsOf: (i: number) => string[], event: string, ms: number) {
  const t = tally();
  const started = performance.now();
  await Promise.all(
    bidders.map(async (b, i) => {
      const mine = lotsOf(i);
      for (let k = 0; performance.now() - started < ms; k++) await place(b, mine[k % mine.length]!, event, t);
    }),
  );
  return { ...t, seconds: (performance.now() - started) / 1000 };
}

/** Bids at `rate` per second regardless of acks, from the bidders in turn. */
async function openLoop(bidders: Bidder[], lotId: string, rate: number, ms: number) {
  const t = tally();
  const pending: Array<Promise<unknown>> = [];
  const started = performance.now();
  for (let sent = 0; performance.now() - started < ms; ) {
    const due = Math.floor(((performance.now() - started) * rate) / 1000);
    for (; sent < due; sent++) pending.push(place(bidders[sent % bidders.length]!, lotId, "bid:place", t));
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(pending);
  return { ...t, offered: pending.length / (ms / 1000) };
}

function percentile(sorted: ArrayLike<number>, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}
const sortedOf = (values: number[]) => Float64Array.from(values).sort();
const codes = (t: Tally) => [...t.codes].map(([c, n]) => `${c} ${n}`).join(", ") || "none";
const round = (n: number, digits = 0) => Number(n.toFixed(digits));

function batchSummary(batches: Array<{ size: number; ms: number }>, from: number) {
  const seen = batches.slice(from);
  const bids = seen.reduce((s, b) => s + b.size, 0);
  const ms = seen.reduce((s, b) => s + b.ms, 0);
  return `${seen.length} batches, ${(bids / Math.max(1, seen.length)).toFixed(1)} bids per batch, ${(ms / Math.max(1, seen.length)).toFixed(1)} ms per batch transaction, ${(ms / Math.max(1, bids)).toFixed(2)} ms per bid`;
}

/** Watcher delay per committed bid: from its batch's commit to the first `lot:bid` (or join) a watcher holds with that seq or later. */
function fanoutDelays(commits: Array<{ lotId: string; seq: number; at: number }>, lotId: string, startSeq: number, heard: Array<Array<[number, number]>>): Float64Array {
  const committed = commits.filter((c) => c.lotId === lotId && c.seq > startSeq).sort((a, b) => a.seq - b.seq);
  const delays: number[] = [];
  for (const events of heard) {
    let e = 0;
    let previous = startSeq;
    for (const c of committed) {
      while (e < events.length && events[e]![0] < c.seq) e++;
      const delay = e < events.length ? events[e]![1] - c.at : Infinity;
      for (let s = previous; s < c.seq; s++) delays.push(delay);
      previous = c.seq;
    }
  }
  return Float64Array.from(delays).sort();
}

async function bench(url: string) {
  const handle = await openDatabase({ url, embeddedDir: "" });
  const benchDb = handle.db;
  const server = await startBenchServer(url);
  const { batches } = server;
  const sockets: Socket[] = [];
  try {
    const ms = SECONDS * 1000;
    // What one sequential query costs on this machine now: the engine makes several per bid inside its batch.
    const probe = performance.now();
    for (let i = 0; i < 500; i++) await benchDb.execute(sql`select 1`);
    console.log(`0. one PostgreSQL round trip from Node: ${((performance.now() - probe) / 500).toFixed(2)} ms (load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores)`);
    const bidders = await insertBidders(benchDb, MULTI_LOTS);
    await inBatches(bidders, 50, (b) => connectBidder(server.origin, b));
    sockets.push(...bidders.map((b) => b.socket!));
    const fifty = bidders.slice(0, 50);
    const freshLot = () => openLot(benchDb, fifty);

    console.log(`1. one hot lot, ${fifty.length} bidders in a closed loop for ${SECONDS} s (the engine)…`);
    const hot = await freshLot();
    let mark = batches.length;
    await server.loop();
    const engine = await closedLoop(fifty, () => [hot], "bid:place", ms);
    const engineLoop = await server.loop();
    const acceptedPerSecond = engine.ok / engine.seconds;
    const decisionsPerSecond = (engine.ok + engine.refused) / engine.seconds;
    console.log(`   ${engine.ok} accepted, ${engine.refused} refused (${codes(engine)}), ${engine.failed} failed; ${decisionsPerSecond.toFixed(0)} decisions/s; ${batchSummary(batches, mark)}; server event loop delay p50 ${engineLoop.p50.toFixed(1)} ms, p99 ${engineLoop.p99.toFixed(1)} ms`);

    console.log(`2. the same loop, one transaction per bid (baseline)…`);
    const naiveLot = await freshLot();
    const naive = await closedLoop(fifty, () => [naiveLot], "bench:bid-naive", ms);
    const baselineAcceptedPerSecond = naive.ok / naive.seconds;
    const baselineDecisionsPerSecond = (naive.ok + naive.refused) / naive.seconds;
    console.log(`   ${naive.ok} accepted, ${naive.refused} refused (${codes(naive)}), ${naive.failed} failed; ${baselineDecisionsPerSecond.toFixed(0)} decisions/s`);

    console.log(`3. ack latency at 1,000 bids/s offered for ${Math.min(SECONDS, 5)} s…`);
    const paced = await freshLot();
    mark = batches.length;
    const latency = await openLoop(fifty, paced, 1_000, Math.min(SECONDS, 5) * 1000);
    const acks = sortedOf(latency.latencies);
    console.log(`   offered ${latency.offered.toFixed(0)}/s: ${latency.ok} accepted, ${latency.refused} refused (${codes(latency)}), ${latency.failed} failed; ${batchSummary(batches, mark)}`);

    console.log(`4. fan-out: ${WATCHERS} watchers on one lot, bids at 200/s for ${SECONDS} s…`);
    const watched = await freshLot();
    const heard: Array<Array<[number, number]>> = [];
    const watchers = Array.from({ length: WATCHERS }, (_, i) => i);
    const t0 = performance.now();
    await inBatches(watchers, 100, async (i) => {
      const socket = await connect(server.origin);
      sockets.push(socket);
      const events: Array<[number, number]> = (heard[i] = []);
      socket.on("lot:bid", (e: { seq: number }) => {
        if (e.seq > (events.at(-1)?.[0] ?? 0)) events.push([e.seq, clock()]);
      });
      const joined = (await socket.timeout(30_000).emitWithAck("lot:join", { lotId: watched })) as { ok: boolean; lot: { seq: number } };
      if (!joined.ok) throw new Error("a watcher could not join");
    });
    console.log(`   ${WATCHERS} watchers connected and joined in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await server.loop();
    const fan = await openLoop(fifty, watched, 200, ms);
    const fanLoop = await server.loop();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const [finalLot] = await benchDb.select({ seq: lots.seq }).from(lots).where(eq(lots.listingId, watched));
    const finalSeq = finalLot!.seq;
    const delays = fanoutDelays(server.commits, watched, 0, heard);
    const gotFinal = heard.filter((events) => (events.at(-1)?.[0] ?? 0) >= finalSeq).length;
    console.log(`   ${fan.ok} accepted at ${fan.offered.toFixed(0)}/s offered (${codes(fan)}); final seq ${finalSeq} held by ${gotFinal} of ${WATCHERS} watchers; server event loop delay p50 ${fanLoop.p50.toFixed(1)} ms, p99 ${fanLoop.p99.toFixed(1)} ms`);
    for (const s of sockets.splice(bidders.length)) s.close();

    console.log(`5. ${MULTI_LOTS} lots, ${bidders.length} bidders each on ${LOTS_PER_BIDDER} of them, closed loop for ${SECONDS} s…`);
    const spread = Array.from({ length: MULTI_LOTS }, (_, lot) => bidders.filter((_, i) => Array.from({ length: LOTS_PER_BIDDER }, (_, k) => (i + k * (MULTI_LOTS / LOTS_PER_BIDDER)) % MULTI_LOTS).includes(lot)));
    const multiLots: string[] = [];
    for (const onLot of spread) multiLots.push(await openLot(benchDb, onLot));
    const lotsOf = (i: number) => Array.from({ length: LOTS_PER_BIDDER }, (_, k) => multiLots[(i + k * (MULTI_LOTS / LOTS_PER_BIDDER)) % MULTI_LOTS]!);
    mark = batches.length;
    const multi = await closedLoop(bidders, lotsOf, "bid:place", ms);
    const multiLotAcceptedPerSecond = multi.ok / multi.seconds;
    console.log(`   ${multi.ok} accepted, ${multi.refused} refused (${codes(multi)}), ${multi.failed} failed; ${((multi.ok + multi.refused) / multi.seconds).toFixed(0)} decisions/s; ${batchSummary(batches, mark)}`);

    const report = {
      acceptedPerSecond: round(acceptedPerSecond),
      baselineAcceptedPerSecond: round(baselineAcceptedPerSecond),
      ackP50Ms: round(percentile(acks, 50), 1),
      ackP99Ms: round(percentile(acks, 99), 1),
      fanoutWatchers: WATCHERS,
      fanoutFinalStatePercent: round((100 * gotFinal) / WATCHERS, 1),
      fanoutP50Ms: round(percentile(delays, 50), 1),
      fanoutP99Ms: round(percentile(delays, 99), 1),
      multiLotAcceptedPerSecond: round(multiLotAcceptedPerSecond),
      decisionsPerSecond: round(decisionsPerSecond),
      baselineDecisionsPerSecond: round(baselineDecisionsPerSecond),
      changedLimits: CHANGED_LIMITS,
    };
    const rows: Array<[string, string, string]> = [
      ["accepted bids/s, one hot lot, 50 bidders", String(report.acceptedPerSecond), "≥ 8,000 and ≥ 10× baseline"],
      ["baseline: one transaction per bid", String(report.baselineAcceptedPerSecond), `ratio ${(acceptedPerSecond / Math.max(1, baselineAcceptedPerSecond)).toFixed(1)}×`],
      ["decided bids/s (accepted + refused), hot lot", String(report.decisionsPerSecond), ""],
      ["decided bids/s, baseline", String(report.baselineDecisionsPerSecond), `ratio ${(decisionsPerSecond / Math.max(1, baselineDecisionsPerSecond)).toFixed(1)}×`],
      ["ack latency p50 at 1,000 bids/s (ms)", String(report.ackP50Ms), ""],
      ["ack latency p99 at 1,000 bids/s (ms)", String(report.ackP99Ms), "≤ 15"],
      [`watchers holding the final state`, `${gotFinal} of ${WATCHERS}`, "100%"],
      ["watcher delay p50 after commit (ms)", String(report.fanoutP50Ms), ""],
      ["watcher delay p99 after commit (ms)", String(report.fanoutP99Ms), "≤ 100"],
      [`accepted bids/s over ${MULTI_LOTS} lots`, String(report.multiLotAcceptedPerSecond), ""],
    ];
    console.log(`\n${"what".padEnd(44)} ${"number".padStart(14)}  target`);
    for (const [what, number, target] of rows) console.log(`${what.padEnd(44)} ${number.padStart(14)}  ${target}`);
    fs.mkdirSync("reports", { recursive: true });
    fs.writeFileSync("reports/bench-bids.json", `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nconfiguration changed for this run: ${Object.entries(CHANGED_LIMITS).map(([k, v]) => `${k}=${v}`).join(", ")}`);
    console.log("written to reports/bench-bids.json");
  } finally {
    for (const s of sockets) s.close();
    await server.stop();
    await handle.close();
  }
}

if (process.env.BENCH_BIDS_SERVE) await serve(process.env.BENCH_BIDS_SERVE);
else {
  let cluster: Cluster | undefined;
  // Durable as in production (fsync and synchronous commit on): an acknowledged bid is on disk.
  const adminUrl = process.env.DATABASE_URL ?? (cluster = await startCluster({ durable: process.env.BENCH_DURABLE !== "0" })).url;
  if (!fs.existsSync("build/index.js")) execFileSync("npx", ["remix", "build"], { stdio: "inherit" });
  await prepareTemplate(adminUrl);
  const url = await cloneDatabase(adminUrl, "ipx_bench");
  try {
    await bench(url);
  } finally {
    if (cluster) cluster.stop();
    else {
      await dropDatabase(adminUrl, url);
      const template = new URL(adminUrl);
      template.pathname = `/${TEMPLATE_DB}`;
      await dropDatabase(adminUrl, template.toString());
    }
  }
}
