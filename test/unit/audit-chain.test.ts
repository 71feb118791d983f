import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  type AuditLink,
  GENESIS_HASH,
  canonicalJson,
  findFirstBreak,
  linkPayload,
} from "../../server/domain/audit-chain";

const sha256 = (payload: string) => createHash("sha256").update(payload).digest("hex");

type HashedLink = AuditLink & { hash: string };

/** A valid chain of `n` links, each hashing its predecessor, starting after `prevHash` at `firstSeq`. */
function buildChain(n: number, firstSeq = 1, prevHash = GENESIS_HASH): HashedLink[] {
  const links: HashedLink[] = [];
  for (let i = 0; i < n; i++) {
    const link: AuditLink = {
      chain: "global",
      seq: firstSeq + i,
      occurredAt: new Date(Date.UTC(2024, 0, 1, 12, 0, i)),
      actorUserId: `user-${i}`,
      organisationId: i % 2 === 0 ? "org-1" : null,
      action: "membership.role_changed",
      subjectType: "user",
      subjectId: `subject-${i}`,
      data: { from: "member", to: "admin", n: i },
      prevHash: links.at(-1)?.hash ?? prevHash,
    };
    links.push({ ...link, hash: sha256(linkPayload(link)) });
  }
  return links;
}

describe("canonicalJson", () => {
  it.each<[string, unknown, string]>([
    ["null", null, "null"],
    ["undefined at top level", undefined, "null"],
    ["a string", "a\"b", '"a\\"b"'],
    ["a number", 1.5, "1.5"],
    ["a boolean", false, "false"],
    ["sorted keys", { b: 1, a: 2 }, '{"a":2,"b":1}'],
    ["nested sorted keys", { z: { y: 1, x: [{ d: 1, c: 2 }] }, a: null }, '{"a":null,"z":{"x":[{"c":2,"d":1}],"y":1}}'],
    ["undefined properties dropped", { a: undefined, b: 1, c: { d: undefined } }, '{"b":1,"c":{}}'],
    ["undefined in arrays as null", [1, undefined, 2], "[1,null,2]"],
    ["empty object and array", { a: {}, b: [] }, '{"a":{},"b":[]}'],
  ])("%s", (_label, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it("does not depend on key insertion order", () => {
    const a = { x: 1, y: { p: [1, 2], q: "s" }, z: null };
    const b = { z: null, y: { q: "s", p: [1, 2] }, x: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it("keeps array order", () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  // The writer hashes `data` as given, the verifier what jsonb gave back: a Date must hash as its ISO string.
  it("hashes a Date the way jsonb stores it", () => {
    const data = { at: new Date(0) };
    expect(canonicalJson(data)).toBe(canonicalJson(JSON.parse(JSON.stringify(data))));
  });

  it("parses back to the same value as JSON.stringify", () => {
    const value = { b: [1, "two", { d: true, c: null }], a: "x" };
    expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
  });
});

describe("linkPayload", () => {
  const [link] = buildChain(1) as [HashedLink];

  it("is the canonical array of the link's fields", () => {
    expect(linkPayload(link)).toBe(
      `["global",1,"2024-01-01T12:00:00.000Z","user-0","org-1","membership.role_changed","user","subject-0",` +
        `{"from":"member","n":0,"to":"admin"},"${GENESIS_HASH}"]`,
    );
  });

  it("ignores the hash field and treats missing data as null", () => {
    const otherHash = { ...link, hash: "something else" };
    expect(linkPayload(otherHash)).toBe(linkPayload(link));
    expect(linkPayload({ ...link, data: undefined })).toBe(linkPayload({ ...link, data: null }));
  });

  it.each<[string, Partial<AuditLink>]>([
    ["chain", { chain: "other" }],
    ["seq", { seq: 2 }],
    ["occurredAt", { occurredAt: new Date(link.occurredAt.getTime() + 1) }],
    ["actorUserId", { actorUserId: null }],
    ["organisationId", { organisationId: "org-2" }],
    ["action", { action: "x" }],
    ["subjectType", { subjectType: null }],
    ["subjectId", { subjectId: "s" }],
    ["data", { data: { from: "member", to: "admin", n: 1 } }],
    ["prevHash", { prevHash: "f".repeat(64) }],
  ])("changes when %s changes", (_field, change) => {
    expect(linkPayload({ ...link, ...change })).not.toBe(linkPayload(link));
  });
});

describe("findFirstBreak", () => {
  it("accepts an empty chain and a valid chain", () => {
    expect(findFirstBreak([], sha256)).toBeNull();
    expect(findFirstBreak(buildChain(5), sha256)).toBeNull();
  });

  it.each<[string, (l: HashedLink) => HashedLink, number, string]>([
    ["data changed", (l) => ({ ...l, data: { from: "member", to: "owner", n: 2 } }), 3, "hash_mismatch"],
    ["action changed", (l) => ({ ...l, action: "membership.removed" }), 3, "hash_mismatch"],
    ["hash replaced", (l) => ({ ...l, hash: "a".repeat(64) }), 3, "hash_mismatch"],
    ["prevHash changed", (l) => ({ ...l, prevHash: "b".repeat(64) }), 3, "prev_hash_mismatch"],
    ["seq changed", (l) => ({ ...l, seq: 7 }), 7, "seq_gap"],
  ])("names the tampered link: %s", (_label, tamper, seq, reason) => {
    const chain = buildChain(5);
    chain[2] = tamper(chain[2]!);
    expect(findFirstBreak(chain, sha256)).toEqual({ seq, reason });
  });

  it("names a rehashed link by the next link's prevHash", () => {
    const chain = buildChain(5);
    const { hash: _old, ...link } = chain[2]!;
    const forged = { ...link, data: { forged: true } };
    chain[2] = { ...forged, hash: sha256(linkPayload(forged)) };
    expect(findFirstBreak(chain, sha256)).toEqual({ seq: 4, reason: "prev_hash_mismatch" });
  });

  it("names a deleted link as a seq gap", () => {
    const chain = buildChain(5);
    chain.splice(1, 1);
    expect(findFirstBreak(chain, sha256)).toEqual({ seq: 3, reason: "seq_gap" });
  });

  it("names only the first of several breaks", () => {
    const chain = buildChain(5);
    chain[1] = { ...chain[1]!, action: "x" };
    chain[3] = { ...chain[3]!, prevHash: GENESIS_HASH };
    expect(findFirstBreak(chain, sha256)).toEqual({ seq: 2, reason: "hash_mismatch" });
  });

  it("continues a chain from a given seq and prevHash", () => {
    const chain = buildChain(6);
    const [firstPage, secondPage] = [chain.slice(0, 3), chain.slice(3)];
    const from = { seq: 4, prevHash: firstPage.at(-1)!.hash };
    expect(findFirstBreak(secondPage, sha256, from)).toBeNull();
    expect(findFirstBreak(secondPage, sha256)).toEqual({ seq: 4, reason: "seq_gap" });
    expect(findFirstBreak(secondPage, sha256, { seq: 4, prevHash: GENESIS_HASH })).toEqual({
      seq: 4,
      reason: "prev_hash_mismatch",
    });
    expect(findFirstBreak(secondPage, sha256, { seq: 5, prevHash: from.prevHash })).toEqual({ seq: 4, reason: "seq_gap" });
  });

  it("accepts a chain built after an arbitrary start", () => {
    const start = "c".repeat(64);
    expect(findFirstBreak(buildChain(3, 10, start), sha256, { seq: 10, prevHash: start })).toBeNull();
  });
});
