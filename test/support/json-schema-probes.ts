import crypto from "node:crypto";

/**
 * Bodies generated from a JSON Schema (the OpenAPI document's, or a zod schema's own): a plausible value, and for
 * every string in it (nested objects, array items, each branch of a union) a value with just that string replaced.
 * The other fields need not all be valid: a refusal names every field at fault, so the probed one must be among them.
 */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  examples?: unknown[];
  format?: string;
  contentEncoding?: string;
  minLength?: number;
  minItems?: number;
  minimum?: number;
  exclusiveMinimum?: number;
};

/** `unionAt`: the depth of the innermost union around the string, where a refusal may name the union as a whole. */
export type Probe = { path: Array<string | number>; unionAt?: number; build: (bad: string) => unknown };

const alternatives = (s: JsonSchema) => (s.oneOf ?? s.anyOf ?? []).filter((a) => a.type !== "null");
const typeOf = (s: JsonSchema) => (Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type);

function sampleString(s: JsonSchema): string {
  if (s.format === "uuid") return crypto.randomUUID();
  if (s.format === "date") return "2026-03-02";
  if (s.format === "date-time") return "2026-03-02T10:00:00+08:00";
  if (s.format === "email") return "probe@text-probe.example";
  if (s.contentEncoding === "base64") return "aGVsbG8=";
  return "Probe text 2026".padEnd(s.minLength ?? 0, "x");
}

/** A plausible value: constants, defaults, examples and first enum members, required properties only, the first branch of a union. */
export function sample(s: JsonSchema): unknown {
  if ("const" in s) return s.const;
  if ("default" in s) return s.default;
  if (s.examples?.length) return s.examples[0];
  if (s.enum) return s.enum[0];
  if (s.allOf?.length) return sample(s.allOf[0]!);
  if (alternatives(s).length > 0) return sample(alternatives(s)[0]!);
  switch (typeOf(s)) {
    case "object":
      return Object.fromEntries(Object.entries(s.properties ?? {}).filter(([key]) => (s.required ?? []).includes(key)).map(([key, value]) => [key, sample(value)]));
    case "array":
      return Array.from({ length: Math.max(1, s.minItems ?? 0) }, () => sample(s.items ?? {}));
    case "string":
      return sampleString(s);
    case "integer":
    case "number":
      return Math.max(1, s.minimum ?? 1, (s.exclusiveMinimum ?? 0) + 1);
    case "boolean":
      return false;
    default:
      return null;
  }
}

const deeper = (depth: number | undefined) => (depth === undefined ? undefined : depth + 1);

/** Every string of the schema, each with a way to build the whole value carrying a bad string there. */
export function stringProbes(s: JsonSchema): Probe[] {
  if (s.allOf?.length) return s.allOf.flatMap(stringProbes);
  if (alternatives(s).length > 0) return alternatives(s).flatMap((a) => stringProbes(a).map((p) => ({ ...p, unionAt: p.unionAt ?? 0 })));
  switch (typeOf(s)) {
    case "string":
      return [{ path: [], build: (bad) => bad }];
    case "object":
      return Object.entries(s.properties ?? {}).flatMap(([key, property]) =>
        stringProbes(property).map((p) => ({ path: [key, ...p.path], unionAt: deeper(p.unionAt), build: (bad: string) => ({ ...(sample(s) as object), [key]: p.build(bad) }) })),
      );
    case "array":
      return stringProbes(s.items ?? {}).map((p) => ({
        path: [0, ...p.path],
        unionAt: deeper(p.unionAt),
        build: (bad: string) => [p.build(bad), ...Array.from({ length: Math.max(0, (s.minItems ?? 1) - 1) }, () => sample(s.items ?? {}))],
      }));
    default:
      return [];
  }
}

/** The strings every text field must refuse: NUL, and a lone high surrogate (JSON carries it as "\ud800"). */
export const BAD_TEXT = { nul: "Probe\u0000text", loneSurrogate: "Probe\uD800text" } as const;

/** Whether a refusal's issues name the probed field: its own path, or a union around it that refused as a whole. */
export function namesField(issues: Array<{ path: string }>, probe: Pick<Probe, "path" | "unionAt">): boolean {
  const target = probe.path.map(String);
  return issues.some((issue) => {
    const at = issue.path === "" ? [] : issue.path.split(".");
    if (at.length === target.length) return at.every((part, i) => part === target[i]);
    return probe.unionAt !== undefined && at.length >= probe.unionAt && at.length < target.length && at.every((part, i) => part === target[i]);
  });
}
