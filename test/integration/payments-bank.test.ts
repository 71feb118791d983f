import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bankReceipts, journalEntries, journalLines, lotDeposits, lots, payments } from "../../db/schema";
import { type Bidder, insertAuction, verifiedBidders } from "../support/lots";
import { TEST_PASSWORD, demoToken } from "../support/organisations";
import { pageText, signedInVisitor } from "../support/pages";
import { connect, emitAck } from "../support/sockets";
import { type TestServer, startTestServer } from "../support/test-server";
import { api } from "../support/visitor";

/**
 * Bank transfers: a deposit's payment and its reference, receipts recorded once per bank serial and matched by
 * reference, short and over-payments visible, unmatched receipts assigned, a statement imported, and the
 * losers' deposits refunded at the close; who may see and do what. No Stripe key: card is not offered.
 */
let server: TestServer;
let operator: string;
let bidders: Bidder[];
const today = new Date().toISOString().slice(0, 10);
let serial = 0;
const nextSerial = () => `BANK-${Date.now()}-${++serial}`;

const paymentOf = async (depositId: string) => (await server.db.db.select().from(payments).where(eq(payments.lotDepositId, depositId)))[0]!;
const depositOf = async (id: string) => (await server.db.db.select().from(lotDeposits).where(eq(lotDeposits.id, id)))[0]!;
/** Each journal entry of a payment as "kind: account(org?) amount, …", for exact comparison. */
async function ledgerOf(paymentId: string) {
  const entries = await server.db.db.select().from(journalEntries).where(eq(journalEntries.paymentId, paymentId));
  const lines = entries.length ? await server.db.db.select().from(journalLines).where(inArray(journalLines.entryId, entries.map((e) => e.id))) : [];
  return entries.map((e) => ({ kind: e.kind, lines: lines.filter((l) => l.entryId === e.id).map((l) => `${l.account}${l.organisationId ? "(payer)" : ""} ${l.amount}`).sort() }));
}
const receipt = (body: Record<string, unknown>) => api(server.origin, "POST", "/operator/bank-receipts", { token: operator, body: { currency: "CNY", payerName: "Payer", receivedOn: today, ...body } });

/** An open auction (deposit 100,000 fen) a bidder registers on by bank transfer: its registration and reference. */
async function registered(bidder: Bidder, endsInMs = 10 * 60_000) {
  const { id } = await insertAuction(server.db.db, { endsInMs });
  const reply = await api(server.origin, "POST", `/lots/${id}/deposits`, { token: bidder.token });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return { lotId: id, depositId: reply.body!.id as string, reference: reply.body!.reference as string, paymentId: reply.body!.payment.id as string };
}

beforeAll(async () => {
  server = await startTestServer();
  operator = await demoToken(server.origin, "operator@demo.ipx.example");
  bidders = await verifiedBidders(server.origin, 3, "bank");
});
afterAll(() => server?.stop());

describe("deposits by bank transfer", () => {
  it("the request creates a payment with the reference to quote; a receipt quoting it (in any case and spacing) confirms the deposit; the same serial again changes nothing", async () => {
    const r = await registered(bidders[0]!);
    expect(r.reference).toMatch(/^IPX-[2-9A-HJKMNP-Z]{8}$/);
    expect(await paymentOf(r.depositId)).toMatchObject({ purpose: "deposit", method: "bank_transfer", status: "pending", amount: 100_000n, received: 0n, reference: r.reference, payerOrganisationId: bidders[0]!.organisationId });

    const bankSerial = nextSerial();
    const first = await receipt({ bankSerial, amount: 100_000, reference: ` ${r.reference.toLowerCase().replace("-", " ")} ` });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ outcome: "matched", applied: 100_000, excess: 0, receipt: { paymentId: r.paymentId } });
    expect(await depositOf(r.depositId)).toMatchObject({ status: "confirmed" });
    expect(await paymentOf(r.depositId)).toMatchObject({ status: "succeeded", received: 100_000n });
    expect(await ledgerOf(r.paymentId)).toEqual([{ kind: "deposit_received", lines: ["cash 100000", "deposits_held(payer) -100000"] }]);

    const again = await receipt({ bankSerial, amount: 100_000, reference: r.reference });
    expect([again.status, again.body!.outcome]).toEqual([200, "duplicate"]);
    expect(await paymentOf(r.depositId)).toMatchObject({ received: 100_000n });
    expect(await ledgerOf(r.paymentId)).toHaveLength(1);
    expect(await server.db.db.select().from(bankReceipts).where(eq(bankReceipts.bankSerial, bankSerial))).toHaveLength(1);
    const mine = await api(server.origin, "GET", `/lots/${r.lotId}/deposits/mine`, { token: bidders[0]!.token });
    expect(mine.body!.registration).toMatchObject({ status: "confirmed", reference: r.reference, payment: { status: "succeeded", received: 100_000 } });
  });

  it("an under-payment leaves the payment pending with the shortfall shown; the rest paid over confirms it and the excess is owed back", async () => {
    const r = await registered(bidders[1]!);
    expect((await receipt({ bankSerial: nextSerial(), amount: 40_000, reference: r.reference })).body).toMatchObject({ outcome: "matched", applied: 40_000, excess: 0 });
    expect(await depositOf(r.depositId)).toMatchObject({ status: "requested" });
    const short = await api(server.origin, "GET", `/payments/${r.paymentId}`, { token: bidders[1]!.token });
    expect(short.body).toMatchObject({ status: "pending", amount: 100_000, received: 40_000, shortfall: 60_000, excess: 0 });

    expect((await receipt({ bankSerial: nextSerial(), amount: 75_000, reference: r.reference })).body).toMatchObject({ outcome: "matched", applied: 60_000, excess: 15_000 });
    expect(await depositOf(r.depositId)).toMatchObject({ status: "confirmed" });
    const over = await api(server.origin, "GET", `/payments/${r.paymentId}`, { token: bidders[1]!.token });
    expect(over.body).toMatchObject({ status: "succeeded", received: 115_000, shortfall: 0, excess: 15_000 });
    expect(await ledgerOf(r.paymentId)).toEqual(
      expect.arrayContaining([
        { kind: "deposit_received", lines: ["cash 40000", "deposits_held(payer) -40000"] },
        { kind: "deposit_received", lines: ["cash 60000", "deposits_held(payer) -60000"] },
        { kind: "overpayment", lines: ["cash 15000", "refunds_due(payer) -15000"] },
      ]),
    );
    const open = await api(server.origin, "GET", "/payments", { token: bidders[1]!.token });
    expect(open.body!.find((p: { id: string }) => p.id === r.paymentId)).toMatchObject({ excess: 15_000, listing: { id: r.lotId } });
  });

  it("a receipt no reference matches is listed for operators and assigned by reference or id, once", async () => {
    const r = await registered(bidders[2]!);
    const stray = await receipt({ bankSerial: nextSerial(), amount: 100_000, reference: "deposit for lot 7", payerName: "Bidder bank 2" });
    expect(stray.body).toMatchObject({ outcome: "unmatched", receipt: { paymentId: null } });
    const id = stray.body!.receipt.id as string;
    const unmatched = await api(server.origin, "GET", "/operator/bank-receipts/unmatched", { token: operator });
    expect(unmatched.body!.map((u: { id: string }) => u.id)).toContain(id);
    expect((await api(server.origin, "POST", `/operator/bank-receipts/${id}/assign`, { token: operator, body: { reference: "IPX-NOSUCH22" } })).body!.error.code).toBe("PAYMENT_NOT_FOUND");
    const assigned = await api(server.origin, "POST", `/operator/bank-receipts/${id}/assign`, { token: operator, body: { paymentId: r.paymentId } });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    expect(assigned.body).toMatchObject({ outcome: "matched", applied: 100_000 });
    expect(await depositOf(r.depositId)).toMatchObject({ status: "confirmed" });
    expect((await api(server.origin, "POST", `/operator/bank-receipts/${id}/assign`, { token: operator, body: { reference: r.reference } })).body!.error.code).toBe("RECEIPT_ALREADY_MATCHED");
    expect((await api(server.origin, "GET", "/operator/bank-receipts/unmatched", { token: operator })).body!.map((u: { id: string }) => u.id)).not.toContain(id);
  });

  it("a bank statement imports line by line: matched, unmatched, duplicate serials and refused lines reported", async () => {
    const a = await registered(bidders[0]!);
    const b = await registered(bidders[1]!);
    const [s1, s2, s3] = [nextSerial(), nextSerial(), nextSerial()];
    const csv = [`Serial,Date,Amount,Reference,Payer`, `${s1},${today},"1,000.00",${a.reference},A`, `${s2},${today},400.00,${b.reference.toLowerCase()},B`, `${s1},${today},1000.00,${a.reference},A again`, `${s3},${today},12.5x,nothing,C`, `${nextSerial()},${today},5.00,UNKNOWN,D`].join("\n");
    const imported = await api(server.origin, "POST", "/operator/bank-receipts/import", { token: operator, body: { csv } });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body).toMatchObject({ matched: 2, unmatched: 1, duplicates: 1, invalid: 1 });
    expect(imported.body!.lines.map((l: { outcome: string }) => l.outcome)).toEqual(["matched", "matched", "duplicate", "invalid", "unmatched"]);
    expect(await paymentOf(a.depositId)).toMatchObject({ status: "succeeded", received: 100_000n });
    expect(await paymentOf(b.depositId)).toMatchObject({ status: "pending", received: 40_000n });
    const missing = await api(server.origin, "POST", "/operator/bank-receipts/import", { token: operator, body: { csv: "serial,amount\nX,1" } });
    expect([missing.status, missing.body!.error.code, missing.body!.error.details.missing]).toEqual([422, "STATEMENT_COLUMNS", ["date", "reference", "payer"]]);
  });

  it("at the close the losers' transfers are refunded (Dr deposits_held / Cr cash) and the winner's stays", async () => {
    const { id: lotId } = await insertAuction(server.db.db, { endsInMs: 6_000 });
    const regs = [];
    for (const b of bidders.slice(0, 2)) {
      const reply = await api(server.origin, "POST", `/lots/${lotId}/deposits`, { token: b.token });
      regs.push({ depositId: reply.body!.id as string, reference: reply.body!.reference as string, paymentId: reply.body!.payment.id as string });
      // The operator's queue confirms with a receipt for the full amount.
      expect((await api(server.origin, "POST", `/operator/lot-deposits/${reply.body!.id}/confirm`, { token: operator })).status).toBe(200);
    }
    expect(await ledgerOf(regs[0]!.paymentId)).toEqual([{ kind: "deposit_received", lines: ["cash 100000", "deposits_held(payer) -100000"] }]);
    const socket = await connect(server.origin, { token: bidders[0]!.token });
    await emitAck(socket, "lot:join", { lotId });
    expect(await emitAck(socket, "bid:place", { lotId, amount: 1_000_000, clientBidId: "close-1" })).toMatchObject({ ok: true });
    socket.close();
    await expect.poll(async () => (await server.db.db.select().from(lots).where(eq(lots.listingId, lotId)))[0]?.closedAt ?? null, { timeout: 20_000 }).not.toBeNull();
    // The winner's deposit is applied to the price by the award's settlement; the loser's is refunded.
    expect(await depositOf(regs[0]!.depositId)).toMatchObject({ status: "applied" });
    expect(await depositOf(regs[1]!.depositId)).toMatchObject({ status: "released" });
    expect(await paymentOf(regs[0]!.depositId)).toMatchObject({ status: "succeeded" });
    expect(await paymentOf(regs[1]!.depositId)).toMatchObject({ status: "refunded" });
    expect((await ledgerOf(regs[1]!.paymentId)).map((e) => e.kind).sort()).toEqual(["deposit_received", "deposit_refunded"]);
    expect((await ledgerOf(regs[1]!.paymentId)).find((e) => e.kind === "deposit_refunded")!.lines).toEqual(["cash -100000", "deposits_held(payer) 100000"]);
  });
});

describe("the pages (no JavaScript)", () => {
  it("an operator records a receipt, sees an unmatched one and assigns it; the bidder sees what is still short; both languages", async () => {
    const r = await registered(bidders[2]!);
    const operatorPage = await signedInVisitor(server.origin, "operator@demo.ipx.example", "en");
    expect(await pageText(operatorPage, "/operator/payments")).toContain("Record a receipt");
    const serialShort = nextSerial();
    const recorded = await operatorPage.post("/operator/payments", { intent: "record", bankSerial: serialShort, amount: "300.00", currency: "CNY", reference: r.reference, payerName: "Bidder", receivedOn: today });
    expect([recorded.status, recorded.headers.get("location")]).toEqual([302, "/operator/payments?done=matched"]);
    expect(await pageText(operatorPage, "/operator/payments")).toContain(r.reference);
    const bidderPage = await signedInVisitor(server.origin, bidders[2]!.email, "en", TEST_PASSWORD);
    const tab = await pageText(bidderPage, `/listings/${r.lotId}/offers`);
    expect(tab).toContain("Still to pay");
    expect(tab).not.toContain("hold the deposit on a card");

    const bad = await operatorPage.post("/operator/payments", { intent: "record", bankSerial: "", amount: "1,5", receivedOn: "yesterday" });
    expect(bad.status).toBe(422);
    const badText = await bad.text();
    expect(badText).toContain("Enter the bank&#x27;s serial number.");
    expect(badText).toContain("Enter the date as YYYY-MM-DD.");

    const stray = nextSerial();
    await operatorPage.post("/operator/payments", { intent: "record", bankSerial: stray, amount: "700.00", currency: "CNY", reference: "no reference", payerName: "Stray payer", receivedOn: today });
    const zh = await signedInVisitor(server.origin, "operator@demo.ipx.example", "zh");
    const listed = await pageText(zh, "/operator/payments");
    expect(listed).toContain("未匹配的到账");
    expect(listed).toContain(stray);
    const [row] = await server.db.db.select().from(bankReceipts).where(eq(bankReceipts.bankSerial, stray));
    const assigned = await zh.post("/operator/payments", { intent: "assign", id: row!.id, target: r.reference.toLowerCase() });
    expect([assigned.status, assigned.headers.get("location")]).toEqual([302, "/operator/payments?done=assigned"]);
    expect(await depositOf(r.depositId)).toMatchObject({ status: "confirmed" });
    expect(await pageText(zh, "/operator/payments?done=assigned")).toContain("到账已指定到该付款。");
    expect((await bidderPage.get("/operator/payments")).status).toBe(403);
  });
});

describe("who may do what", () => {
  it("a payer sees only its own payments; only operators record, import and assign receipts; strangers get 404; card is not offered without a key", async () => {
    const r = await registered(bidders[0]!);
    expect((await api(server.origin, "GET", `/payments/${r.paymentId}`, { token: bidders[1]!.token })).status).toBe(404);
    expect((await api(server.origin, "GET", `/payments/${r.paymentId}`, { token: operator })).status).toBe(200);
    expect((await api(server.origin, "GET", `/payments/${r.paymentId}`)).status).toBe(401);
    const theirs = await api(server.origin, "GET", "/payments", { token: bidders[1]!.token });
    expect(theirs.body!.some((p: { id: string }) => p.id === r.paymentId)).toBe(false);
    expect(theirs.body!.every((p: { reference: string }) => typeof p.reference === "string")).toBe(true);
    const body = { bankSerial: nextSerial(), amount: 100_000, reference: r.reference, receivedOn: today };
    for (const who of [bidders[0]!.token, bidders[1]!.token]) {
      expect((await api(server.origin, "POST", "/operator/bank-receipts", { token: who, body })).status).toBe(403);
      expect((await api(server.origin, "POST", "/operator/bank-receipts/import", { token: who, body: { csv: "serial,date,amount,reference,payer" } })).status).toBe(403);
      expect((await api(server.origin, "GET", "/operator/bank-receipts/unmatched", { token: who })).status).toBe(403);
    }
    expect(await paymentOf(r.depositId)).toMatchObject({ status: "pending", received: 0n });
    const card = await api(server.origin, "POST", `/lots/${r.lotId}/deposits/card`, { token: bidders[1]!.token });
    expect([card.status, card.body!.error.code]).toEqual([409, "CARD_UNAVAILABLE"]);
    expect((await fetch(`${server.origin}/webhooks/stripe`, { method: "POST", body: "{}" })).status).toBe(404);
  });
});
