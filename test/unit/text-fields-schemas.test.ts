import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { LISTING_MODES } from "../../server/domain/listings/vocabulary";
import { termsSchemaFor } from "../../server/domain/schemas/listings";
import { BAD_TEXT, type JsonSchema, namesField, stringProbes } from "../support/json-schema-probes";

/**
 * Every zod schema exported by server/domain/schemas/ (the commands shared by forms, the API, sockets and the
 * bulk import), the catalogue's query and each listing mode's terms (which the API takes as `terms: unknown`, so
 * its OpenAPI probe cannot see them): every string in them refuses NUL and a lone surrogate, naming the field.
 */
async function sharedSchemas(): Promise<Array<[string, z.ZodType]>> {
  const dir = path.resolve("server/domain/schemas");
  const files = [...fs.readdirSync(dir).filter((f) => f.endsWith(".ts")).map((f) => path.join(dir, f)), path.resolve("server/domain/listings/catalogue-query.ts")];
  const found: Array<[string, z.ZodType]> = [];
  for (const file of files) {
    const exports = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exports)) if (value instanceof z.ZodType) found.push([`${path.basename(file, ".ts")}.${name}`, value]);
  }
  for (const mode of LISTING_MODES) found.push([`terms of ${mode}`, termsSchemaFor(mode)]);
  return found;
}

describe("every text field of the shared schemas", () => {
  it("refuses NUL and a lone surrogate under the field's own path", async () => {
    const schemas = await sharedSchemas();
    expect(schemas.length).toBeGreaterThan(40);
    const failures: string[] = [];
    let probed = 0;
    for (const [name, schema] of schemas) {
      const json = z.toJSONSchema(schema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as JsonSchema;
      for (const probe of stringProbes(json)) {
        probed++;
        for (const [kind, bad] of Object.entries(BAD_TEXT)) {
          const parsed = schema.safeParse(probe.build(bad));
          const issues = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.map(String).join(".") }));
          if (!namesField(issues, probe)) failures.push(`${name} ${probe.path.join(".") || "(itself)"} (${kind}): ${parsed.success ? "accepted" : JSON.stringify(issues)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(probed).toBeGreaterThan(80);
  });
});
