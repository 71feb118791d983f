import type { NextFunction, Request, Response } from "express";

/** How long the rest of a refused upload is read and thrown away before the connection is cut. */
const LINGER_MS = 2_000;

/**
 * An upload form may be answered before its body has arrived: refused from its headers (not signed in, no
 * right to upload there, no CSRF token first) or past a limit while it streams (decision 015). The rest
 * of the body is then discarded for a moment, as Node does for a body nobody reads, so that the client
 * reads the answer rather than a reset; a body still coming after that has its connection cut.
 */
export function closeAfterUpload(req: Request, res: Response, next: NextFunction) {
  if (req.method === "GET" || req.method === "HEAD" || !(req.headers["content-type"] ?? "").startsWith("multipart/form-data")) return next();
  res.on("finish", () => {
    if (req.complete) return;
    req.removeAllListeners("data");
    req.resume();
    const cut = setTimeout(() => req.socket.destroy(), LINGER_MS);
    cut.unref();
    req.once("end", () => clearTimeout(cut));
  });
  next();
}
