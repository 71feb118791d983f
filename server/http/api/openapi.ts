import { z } from "zod";
import { ERROR_CODES } from "./errors";
import type { Endpoint } from "./endpoint";

function schemaOf(schema: z.ZodType, io: "input" | "output") {
  return z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" });
}

function parameters(endpoint: Endpoint) {
  const list: object[] = [];
  for (const [location, schema] of [["path", endpoint.params], ["query", endpoint.query]] as const) {
    if (!schema) continue;
    const json = schemaOf(schema, "input") as { properties?: Record<string, object>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      list.push({ name, in: location, required: location === "path" || (json.required ?? []).includes(name), schema: property });
    }
  }
  return list;
}

const ErrorSchema = z.object({
  error: z.object({ code: z.enum(ERROR_CODES as [string, ...string[]]), message: z.string(), details: z.unknown().optional() }),
});

/** OpenAPI 3.1 from the handlers' own zod schemas (JSON Schema 2020-12 is OpenAPI 3.1's dialect). */
export function buildOpenApi(endpoints: readonly Endpoint[], serverUrl: string) {
  const paths: Record<string, Record<string, object>> = {};
  for (const e of endpoints) {
    const responses: Record<string, object> = {
      [String(e.successStatus)]: e.produces
        ? { description: "Success", content: { [e.produces]: { schema: { type: "string" } } } }
        : e.response
        ? { description: "Success", content: { "application/json": { schema: schemaOf(e.response, "output") } } }
        : { description: "Success, no content" },
      default: { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
    };
    paths[e.path] ??= {};
    paths[e.path]![e.method] = {
      operationId: `${e.method}${e.path.replace(/[{}]/g, "").replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase())}`,
      summary: e.summary,
      tags: [e.tag],
      security: e.permission === "public" ? [] : [{ bearer: [] }],
      "x-permission": e.permission,
      parameters: parameters(e),
      ...(e.body ? { requestBody: { required: true, content: { "application/json": { schema: schemaOf(e.body, "input") } } } } : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "IP Collateral Exchange API", version: "1.0.0", description: "Everything a person can do in the pages, a program can do here, with the same permissions." },
    servers: [{ url: `${serverUrl}/api/v1` }],
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "A token from POST /auth/token or the account page" } },
      schemas: { Error: schemaOf(ErrorSchema, "output") },
    },
  };
}
