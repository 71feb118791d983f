import crypto from "node:crypto";

/** The part of JSON Schema 2020-12 (the OpenAPI document's dialect) that our zod schemas produce. */
export type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  items?: Schema;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
};

/** The id a field of that name should carry, if the caller has one in mind. */
export type IdFor = (field: string) => string | undefined;

/** Strings that fit the patterns our schemas use: a unified social credit code, a date, a region, a tiny PDF in base64. */
const PATTERN_SAMPLES = ["911100007109288881", "2026-01-15", "CN-GD", Buffer.from("%PDF-1.4\n%%EOF\n").toString("base64")];

/**
 * A small value that passes `schema`: its required fields (and any field `idFor` names) with type-correct
 * placeholders, the first option of a union, the first value of an enum. Throws, naming the field, where it
 * cannot make one, so a new kind of field is met by extending this file rather than by a silent 400.
 */
export function sampleOf(schema: Schema, idFor: IdFor, where: string): unknown {
  return sample(schema, "", idFor, where);
}

function sample(schema: Schema, name: string, idFor: IdFor, where: string): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const options = schema.oneOf ?? schema.anyOf;
  if (options) return sample(options.find((o) => o.type !== "null") ?? options[0]!, name, idFor, where);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "object": {
      // The required fields, the ids a body names, and for a patch that requires nothing, its first field.
      const names = Object.keys(schema.properties ?? {});
      const chosen = names.filter((k) => schema.required?.includes(k) || idFor(k) !== undefined);
      if (chosen.length === 0 && names.length > 0 && !schema.required) chosen.push(names[0]!);
      return Object.fromEntries(chosen.map((k) => [k, sample(schema.properties![k]!, k, idFor, `${where}.${k}`)]));
    }
    case "array":
      return Array.from({ length: Math.max(1, schema.minItems ?? 0) }, () => sample(schema.items ?? {}, name, idFor, `${where}[]`));
    case "integer":
    case "number":
      // A share in basis points is the whole (shares must add up to 100 %); any other number its least.
      return /Bps$/.test(name) ? Math.min(schema.maximum ?? 10_000, 10_000) : Math.max(1, schema.minimum ?? 0, (schema.exclusiveMinimum ?? 0) + 1);
    case "boolean":
      return true;
    case "string":
      return stringFor(schema, name, idFor, where);
    case undefined:
      return {};
    default:
      throw new Error(`${where}: no placeholder for JSON type ${String(type)}; extend sample() in schema-sample.ts`);
  }
}

function stringFor(schema: Schema, name: string, idFor: IdFor, where: string): string {
  if (schema.format === "uuid") return idFor(name) ?? crypto.randomUUID();
  // Calendar dates checked by a refinement rather than a format are named so: defaultedOn, paidOn, valuationDate.
  if (schema.format === "date" || /(On|Date)$/.test(name)) return "2026-01-15";
  if (schema.format === "date-time") return new Date().toISOString();
  if (schema.format === "email" || /email/i.test(name)) return "probe@rival.example";
  if (schema.pattern) {
    const pattern = new RegExp(schema.pattern);
    const fit = PATTERN_SAMPLES.find((s) => pattern.test(s));
    if (!fit) throw new Error(`${where}: no sample fits /${schema.pattern}/; add one to PATTERN_SAMPLES in schema-sample.ts`);
    return fit;
  }
  return "probe text".padEnd(schema.minLength ?? 0, ".").slice(0, schema.maxLength ?? 200);
}
