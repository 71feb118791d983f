import crypto from "node:crypto";
import express, { type NextFunction, type Request as ExpressRequest, type Response as ExpressResponse } from "express";
import type { z } from "zod";
import { TokenBuckets } from "../../domain/token-bucket";
import type { Logger } from "../../logger";
import type { Services } from "../../services";
import type { Principal } from "../../services/auth/principal";
import { headersOnlyRequest, metaOf } from "../fetch-request";
import { cutUnreadBody } from "../unread-bodies";
import type { Endpoint } from "./endpoint";
import { errorBody } from "./errors";
import { buildOpenApi } from "./openapi";
import { apiEndpoints } from "./registry";

const DEFAULT_BODY_BYTES = 256 * 1024;

function send(res: ExpressResponse, code: string, details?: unknown) {
  const { status, body } = errorBody(code, details);
  res.status(status).json(body);
}

function issuesOf(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.map(String).join("."), code: i.code === "unrecognized_keys" ? "unknown_field" : i.message, keys: "keys" in i ? i.keys : undefined }));
}

async function respondFromThrown(res: ExpressResponse, thrown: Response) {
  res.status(thrown.status);
  res.type("application/json").send(await thrown.text());
}

/**
 * The bearer token is the API's only credential: without the cookie header neither the guard nor a public
 * operation can act in the name of a browser that a link from another site sent here.
 */
function bearerOnlyRequest(req: ExpressRequest, publicOrigin: string): Request {
  const { cookie: _cookie, ...headers } = req.headers;
  return headersOnlyRequest(`${publicOrigin}${req.originalUrl}`, headers);
}

/**
 * Who may ask comes before what was asked, and before the body is read: nothing about validation leaks to the
 * unauthorised, and nobody without the operation's permission makes us read (or buffer) a body. A declared
 * length over the operation's cap is refused here too.
 */
function guardFor(endpoint: Endpoint, services: Services, publicOrigin: string) {
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const request = bearerOnlyRequest(req, publicOrigin);
      res.locals.principal = endpoint.permission === "public" ? null : await services.guard.requireUser(request, endpoint.permission);
      if (Number(req.headers["content-length"] ?? 0) > (endpoint.maxBodyBytes ?? DEFAULT_BODY_BYTES)) {
        res.on("finish", () => cutUnreadBody(req));
        return send(res, "PAYLOAD_TOO_LARGE");
      }
      next();
    } catch (error) {
      if (error instanceof Response) {
        res.on("finish", () => cutUnreadBody(req));
        return respondFromThrown(res, error);
      }
      return next(error);
    }
  };
}

function handlerFor(endpoint: Endpoint, services: Services, publicOrigin: string) {
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const request = bearerOnlyRequest(req, publicOrigin);
      const principal = res.locals.principal as Principal | null;
      const parts: Record<"params" | "query" | "body", unknown> = { params: {}, query: {}, body: undefined };
      for (const part of ["params", "query", "body"] as const) {
        const schema = endpoint[part];
        if (!schema) continue;
        const parsed = schema.safeParse(part === "body" ? (req.body ?? {}) : req[part]);
        if (!parsed.success) return send(res, part === "params" ? "NOT_FOUND" : "INVALID", { in: part, issues: issuesOf(parsed.error) });
        parts[part] = parsed.data;
      }
      const reply = await endpoint.handle({ ...parts, principal, services, request, meta: metaOf(req.ip, req.headers) } as never);
      if ("fail" in reply) return send(res, reply.fail, reply.details);
      if ("csv" in reply) return res.status(reply.status).type("text/csv; charset=utf-8").attachment(reply.filename).send(reply.csv);
      if (reply.body === undefined) return res.status(reply.status).end();
      return res.status(reply.status).json(reply.body);
    } catch (error) {
      if (error instanceof Response) return respondFromThrown(res, error).catch(next);
      return next(error);
    }
  };
}

/**
 * Whose budget a request spends: the bearer token's (by digest, never the token itself), so callers behind one
 * address (a bank's proxy, a fund's NAT) do not starve each other; anonymous callers share their address's.
 */
function callerKey(req: express.Request): string {
  const bearer = req.headers.authorization;
  return bearer ? `t:${crypto.createHash("sha256").update(bearer).digest("base64url")}` : `ip:${req.ip ?? "unknown"}`;
}

/** /api/v1: JSON in and out, bearer tokens only, every operation from the registry. */
export function apiRouter(services: Services, publicOrigin: string) {
  const router = express.Router();
  const limiter = new TokenBuckets(120, 30);
  router.use((req, res, next) => {
    if (!limiter.take(callerKey(req), Date.now())) return send(res, "RATE_LIMITED");
    res.setHeader("Cache-Control", "no-store");
    next();
  });
  const document = buildOpenApi(apiEndpoints, publicOrigin);
  router.get("/openapi.json", (_req, res) => res.json(document));
  for (const endpoint of apiEndpoints) {
    const body = express.json({ limit: endpoint.maxBodyBytes ?? DEFAULT_BODY_BYTES, strict: true, type: () => true });
    // A guarded operation without any bearer token is refused before its body is even read.
    const credentialPresent = (req: ExpressRequest, res: ExpressResponse, next: NextFunction) =>
      endpoint.permission === "public" || /^Bearer\s+\S+$/i.test(req.headers.authorization ?? "") ? next() : send(res, "UNAUTHENTICATED");
    router[endpoint.method](endpoint.path.replace(/\{(\w+)\}/g, ":$1"), credentialPresent, guardFor(endpoint, services, publicOrigin), body, handlerFor(endpoint, services, publicOrigin));
  }
  router.use((_req, res) => send(res, "NOT_FOUND"));
  router.use(apiErrorHandler);
  return router;
}

/** What body-parser (raw-body, http-errors) reports, by its `type`; any other client error of its is a body that cannot be read. */
const BODY_ERRORS: Record<string, string> = {
  "entity.parse.failed": "INVALID_JSON",
  "entity.too.large": "PAYLOAD_TOO_LARGE",
  "charset.unsupported": "UNSUPPORTED_ENCODING",
  "encoding.unsupported": "UNSUPPORTED_ENCODING",
};

/**
 * Whatever reached Express's error path under /api/v1 (a body the parser refused, an error thrown by a handler or a
 * service) is answered with the API's JSON error body, never Express's HTML page. The unexpected is logged and
 * answered 500 INTERNAL without its message: a database error may quote the input or the schema.
 */
export function apiErrorHandler(error: unknown, req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
  if (res.headersSent) return next(error);
  const { type, status, expose } = (error ?? {}) as { type?: unknown; status?: unknown; expose?: unknown };
  if (typeof type === "string" && Object.hasOwn(BODY_ERRORS, type)) return send(res, BODY_ERRORS[type]!);
  if (expose === true && typeof status === "number" && status >= 400 && status < 500) return send(res, "INVALID", { in: "body" });
  (req as { log?: Pick<Logger, "error"> }).log?.error({ err: error }, "API request failed");
  return send(res, "INTERNAL");
}
