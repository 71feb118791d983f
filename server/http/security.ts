import crypto from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import helmet from "helmet";

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
 * Refuses a state-changing browser request from another origin (defence in depth beside the CSRF token).
 * Requests without Origin (programs, old browsers) pass here and meet the CSRF token or the bearer guard.
 */
export function sameOriginWrites(publicOrigin: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS" || !origin || origin === publicOrigin) return next();
    res.status(403).json({ error: { code: "FORBIDDEN", message: "Cross-origin request refused." } });
  };
}
