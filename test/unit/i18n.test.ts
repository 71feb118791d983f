import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { en } from "../../app/i18n/en";
import { zh } from "../../app/i18n/zh";
import { ERROR_CODES } from "../../server/http/api/errors";
import { LISTING_NOTICES } from "../../server/services/listings/notices";
import { MEMBERSHIP_ROLES, ORGANISATION_KINDS, VERIFICATION_STATES } from "../../server/domain/organisations";

function flatten(tree: object, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(full, value);
    else for (const [k, v] of flatten(value as object, full)) out.set(k, v);
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const enKeys = flatten(en);
const zhKeys = flatten(zh);

describe("translations", () => {
  it("have the same keys in Chinese and English, none empty", () => {
    expect([...zhKeys.keys()].sort()).toEqual([...enKeys.keys()].sort());
    for (const [key, value] of [...enKeys, ...zhKeys]) expect(value.trim(), key).not.toBe("");
  });

  it("use the same {{placeholders}} in both languages", () => {
    const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [key, value] of enKeys) expect(placeholders(zhKeys.get(key)!), key).toEqual(placeholders(value));
  });

  it("contain every literal key the pages use", () => {
    const used = new Set<string>();
    for (const file of sourceFiles("app")) {
      const text = fs.readFileSync(file, "utf8");
      for (const match of text.matchAll(/\bt\(\s*"([a-zA-Z0-9_.]+)"/g)) used.add(match[1]!);
      for (const match of text.matchAll(/\bpageTitle\(matches,\s*"([a-zA-Z0-9_.]+)"/g)) used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(50);
    for (const key of used) expect(enKeys.has(key), key).toBe(true);
  });

  it("name every organisation kind, role and verification state the pages compose keys from", () => {
    for (const kind of ORGANISATION_KINDS) expect(enKeys.has(`kinds.${kind}`), kind).toBe(true);
    for (const role of MEMBERSHIP_ROLES) expect(enKeys.has(`roles.${role}`), role).toBe(true);
    for (const state of VERIFICATION_STATES) expect(enKeys.has(`verification.${state}`), state).toBe(true);
  });

  it("explain every failure code the services and the API can answer with", () => {
    for (const code of ERROR_CODES) expect(enKeys.has(`errors.${code}`), code).toBe(true);
  });

  it("put every listing notice into words in the inbox", () => {
    for (const kind of Object.keys(LISTING_NOTICES)) expect(enKeys.has(`notifications.${kind}`), kind).toBe(true);
  });
});
