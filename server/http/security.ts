import crypto from "node:crypto";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import helmet from "helmet";
import type { Config } from "../config";
import { errorBody } from "./api/errors";

/** A fresh nonce per response for Remix's inline scripts; the CSP allows only those. */
export function cspNonce(_req: Request, res: Response, next: NextFunction) {
  res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
  next();
}

/** Stripe.js loads from js.stripe.com, frames its card fields from there and talks to api.stripe.com. */
const STRIPE_JS = "https://js.stripe.com";

export function securityHeaders(publicOrigin: string, development: boolean, stripe = false) {
  const wsOrigin = publicOrigin.replace(/^http/, "ws");
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce as string}'`, ...(stripe ? [STRIPE_JS] : [])],
        frameSrc: ["'self'", ...(stripe ? [STRIPE_JS, "https://hooks.stripe.com"] : [])],
        // Charts set style attributes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'", wsOrigin, ...(development ? ["ws://localhost:*"] : []), ...(stripe ? ["https://api.stripe.com"] : [])],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        upgradeInsecureRequests: publicOrigin.startsWith("https:") ? [] : null,
      },
    },
    strictTransportSecurity: publicOrigin.startsWith("https:"),
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: "same-origin" },
  });
}

/**
 * The origins that are this site's own, for form posts and socket handshakes: PUBLIC_ORIGIN, and outside
 * production also the loopback names of the configured port (a developer opens 127.0.0.1 as readily as localhost).
 */
export function sameOrigins(config: Pick<Config, "env" | "port" | "publicOrigin">): ReadonlySet<string> {
  const loopback = config.env === "production" ? [] : ["localhost", "127.0.0.1", "[::1]"].map((host) => `http://${host}:${config.port}`);
  return new Set([config.publicOrigin, ...loopback]);
}

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses a state-changing browser request from another origin (defence in depth beside the CSRF token) with a
 * 403 naming the expected origin: JSON for the API, `refusalPage` for pages. Requests without Origin (programs,
 * old browsers) pass here and meet the CSRF token or the bearer guard.
 */
export function sameOriginWrites(accepted: ReadonlySet<string>, expected: string, refusalPage: RequestHandler) {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (READS.has(req.method) || !origin || accepted.has(origin)) return next();
    if (!req.path.startsWith("/api/")) return refusalPage(req, res, next);
    const { status, body } = errorBody("CROSS_ORIGIN", { origin, expected });
    res.status(status).json(body);
  };
}
