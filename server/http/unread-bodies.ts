import type { NextFunction, Request, Response } from "express";

/** How long the rest of a refused body is read and thrown away before the connection is cut. */
const LINGER_MS = 2_000;

/**
 * For a request answered before its body has arrived: what still comes is discarded for a moment, as Node
 * does for a body nobody reads, so that the client reads the answer rather than a reset; a body still
 * coming after that has its connection cut (decision 019).
 */
export function cutUnreadBody(req: Request) {
  if (req.complete) return;
  req.removeAllListeners("data");
  req.resume();
  const cut = setTimeout(() => req.socket.destroy(), LINGER_MS);
  cut.unref();
  req.once("end", () => clearTimeout(cut));
}

/**
 * A page may answer before the body has arrived: an upload refused from its headers or first part, or any
 * form past a limit while it streams. A body that has arrived whole is left alone.
 */
export function cutUnreadBodies(req: Request, res: Response, next: NextFunction) {
  if (req.method !== "GET" && req.method !== "HEAD") res.on("finish", () => cutUnreadBody(req));
  next();
}
