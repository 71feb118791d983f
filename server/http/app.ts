import crypto from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express, { type RequestHandler } from "express";
import { pinoHttp } from "pino-http";
import type { Config } from "../config";
import type { Logger } from "../logger";
import type { Services } from "../services";
import { stripeWebhookRouter } from "../payments/webhook-route";
import { apiRouter } from "./api/router";
import { metaOf } from "./fetch-request";
import { cspNonce, sameOriginWrites, sameOrigins, securityHeaders } from "./security";
import { cutUnreadBodies } from "./unread-bodies";

export type AppLoadContextValue = {
  services: Services;
  cspNonce: string;
  requestMeta: { ipAddress: string; userAgent: string | null };
  /** The Origin of a page write refused as cross-origin, which the refusal page names; null otherwise. */
  refusedOrigin: string | null;
};

/** The page that words a refused cross-origin form post (app/routes/cross-origin.tsx). */
const REFUSAL_PAGE = "/cross-origin";

/**
 * A page write from another origin becomes a read of the refusal page, whose 403 the root error page words in the
 * visitor's language. A Remix navigation (`_data`) asks for that page's data, so it gets the same 403 as route data.
 */
function refusalPage(remix: RequestHandler): RequestHandler {
  return (req, res, next) => {
    const navigation = new URL(req.originalUrl, "http://same.origin").searchParams.has("_data");
    req.method = "GET";
    req.url = req.originalUrl = navigation ? `${REFUSAL_PAGE}?_data=${encodeURIComponent(`routes${REFUSAL_PAGE}`)}` : REFUSAL_PAGE;
    res.locals.refusedOrigin = req.headers.origin;
    void remix(req, res, next);
  };
}

/** Express: health, API v1, static assets and the Remix pages, with one set of services. */
export function createHttpApp(options: { config: Config; log: Logger; services: Services; build: ServerBuild }) {
  const { config, log, services, build } = options;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);

  app.get("/healthz", (_req, res) => res.json({ status: "ok" }));
  app.get("/readyz", async (_req, res) => {
    try {
      await services.ping();
      res.json({ status: "ready" });
    } catch {
      res.status(503).json({ status: "unavailable" });
    }
  });

  app.use(
    pinoHttp({
      logger: log,
      genReqId: (req, res) => {
        const incoming = req.headers["x-request-id"];
        const id = typeof incoming === "string" && /^[\w-]{1,64}$/.test(incoming) ? incoming : crypto.randomUUID();
        res.setHeader("X-Request-Id", id);
        return id;
      },
      autoLogging: { ignore: (req) => (req.url ?? "").startsWith("/build/") },
    }),
  );
  // Before any body parser: the signature is checked on the raw bytes.
  app.use(stripeWebhookRouter(services, log));
  const remix = createRequestHandler({
    build,
    mode: config.env === "production" ? "production" : "development",
    getLoadContext: (req, res): AppLoadContextValue => ({
      services,
      cspNonce: res.locals.cspNonce as string,
      requestMeta: metaOf(req.ip, req.headers),
      refusedOrigin: typeof res.locals.refusedOrigin === "string" ? res.locals.refusedOrigin : null,
    }),
  });
  app.use(cspNonce, securityHeaders(config.publicOrigin, config.env === "development", config.stripe !== null));
  app.use(sameOriginWrites(sameOrigins(config), config.publicOrigin, refusalPage(remix)));

  app.use("/api/v1", apiRouter(services, config.publicOrigin));

  app.use("/build", express.static(path.resolve("public/build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.resolve("public"), { maxAge: "1h", index: false }));

  app.all("*", cutUnreadBodies, remix);
  return app;
}
