import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { tenderKeyId } from "../../server/config";
import { rankTender } from "../../server/domain/bidding/tender";
import { type Sealed, commitmentOf, newSalt, seal, unseal } from "../../server/services/bidding/sealed-box";

const key = { id: tenderKeyId(Buffer.alloc(32, 1)), key: Buffer.alloc(32, 1) };
const keys = new Map([[key.id, key.key]]);
const lotId = "0b9d2d3e-8f61-4c1a-9a57-0d6c2f1e4b70";
const org = "5f0c7a1e-3b2d-4e8f-9c6a-1d2e3f4a5b6c";
const context = { lotId, organisationId: org, revision: 1 };
const secret = { amount: 987_654_321n, salt: "ab".repeat(32) };

/** Flips one bit of a base64 field. */
function flip(field: string): string {
  const bytes = Buffer.from(field, "base64");
  bytes[0] = bytes[0]! ^ 1;
  return bytes.toString("base64");
}

describe("sealed box", () => {
  it("opens what it sealed, with a fresh IV every time and the key's id", () => {
    const a = seal(key, context, secret);
    const b = seal(key, context, secret);
    expect(a.keyId).toBe(key.id);
    expect(Buffer.from(a.iv, "base64")).toHaveLength(12);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(unseal(keys, context, a)).toEqual(secret);
    expect(a.ciphertext).not.toContain("987654321");
    expect(Buffer.from(a.ciphertext, "base64").toString("utf8")).not.toContain("987654321");
  });

  it.each<[string, (s: Sealed) => Sealed]>([
    ["ciphertext", (s) => ({ ...s, ciphertext: flip(s.ciphertext) })],
    ["tag", (s) => ({ ...s, authTag: flip(s.authTag) })],
    ["truncated tag", (s) => ({ ...s, authTag: Buffer.from(s.authTag, "base64").subarray(0, 8).toString("base64") })],
    ["IV", (s) => ({ ...s, iv: flip(s.iv) })],
    ["unknown key id", (s) => ({ ...s, keyId: "00000000" })],
  ])("detects a tampered %s", (_label, tamper) => {
    expect(unseal(keys, context, tamper(seal(key, context, secret)))).toBeNull();
  });

  it.each([
    ["another lot", { ...context, lotId: "1b9d2d3e-8f61-4c1a-9a57-0d6c2f1e4b70" }],
    ["another bidder", { ...context, organisationId: "6f0c7a1e-3b2d-4e8f-9c6a-1d2e3f4a5b6c" }],
    ["another revision", { ...context, revision: 2 }],
  ])("refuses a ciphertext moved to %s (additional authenticated data)", (_label, moved) => {
    expect(unseal(keys, moved, seal(key, context, secret))).toBeNull();
  });

  it("seals a weighted bid's declared values with its amount, and opens them unchanged", () => {
    const weighted = { ...secret, values: [30, 246_813_579, 0] };
    const sealed = seal(key, context, weighted);
    expect(unseal(keys, context, sealed)).toEqual(weighted);
    expect(Buffer.from(sealed.ciphertext, "base64").toString("utf8")).not.toContain("246813579");
    expect(unseal(keys, context, { ...sealed, ciphertext: flip(sealed.ciphertext) })).toBeNull();
  });

  it("refuses a ciphertext sealed under another key", () => {
    const other = { id: key.id, key: Buffer.alloc(32, 2) };
    expect(unseal(keys, context, seal(other, context, secret))).toBeNull();
  });
});

describe("the commitment recipe", () => {
  it("is SHA-256 hex of ipx-tender-v1|lot|organisation|amount in fen|salt, recomputed independently", () => {
    const expected = createHash("sha256").update(`ipx-tender-v1|${lotId}|${org}|987654321|${"ab".repeat(32)}`).digest("hex");
    expect(commitmentOf(lotId, org, 987_654_321n, "ab".repeat(32))).toBe(expected);
    expect(commitmentOf(lotId, org, 987_654_320n, "ab".repeat(32))).not.toBe(expected);
  });

  it("binds a weighted bid's declared values as ipx-tender-v2|lot|organisation|amount|values|salt", () => {
    const expected = createHash("sha256").update(`ipx-tender-v2|${lotId}|${org}|987654321|30,12,5|${"ab".repeat(32)}`).digest("hex");
    expect(commitmentOf(lotId, org, 987_654_321n, "ab".repeat(32), [30, 12, 5])).toBe(expected);
    expect(commitmentOf(lotId, org, 987_654_321n, "ab".repeat(32), [30, 12, 6])).not.toBe(expected);
    expect(commitmentOf(lotId, org, 987_654_321n, "ab".repeat(32), [])).toBe(commitmentOf(lotId, org, 987_654_321n, "ab".repeat(32)));
  });

  it("draws 32 random bytes of salt", () => {
    expect(newSalt()).toMatch(/^[0-9a-f]{64}$/);
    expect(newSalt()).not.toBe(newSalt());
  });
});

describe("ranking at the opening", () => {
  const at = (s: number) => new Date(Date.UTC(2026, 10, 27, 10, 0, s));
  it("ranks verified bids by price, an earlier submission first on a tie, and never ranks an unverified bid", () => {
    const ranked = rankTender(
      [
        { id: "a", amount: 100n, values: null, verified: true, submittedAt: at(3) },
        { id: "b", amount: 300n, values: null, verified: false, submittedAt: at(1) },
        { id: "c", amount: 200n, values: null, verified: true, submittedAt: at(5) },
        { id: "d", amount: 200n, values: null, verified: true, submittedAt: at(2) },
        { id: "e", amount: null, values: null, verified: false, submittedAt: at(0) },
      ],
      null,
    );
    expect(Object.fromEntries(ranked.map((r) => [r.id, r.rank]))).toEqual({ a: 3, b: null, c: 2, d: 1, e: null });
    expect(ranked.every((r) => r.score === null)).toBe(true);
  });
});
