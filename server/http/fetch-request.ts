import type { IncomingHttpHeaders } from "node:http";
import type { RequestMeta } from "../services/context";

/** Headers-only Fetch Request, so the API and socket handshakes go through the same guard as Remix. */
export function headersOnlyRequest(url: string, headers: IncomingHttpHeaders): Request {
  const h = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name.startsWith(":")) continue;
    h.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return new Request(url, { headers: h });
}

export function metaOf(ipAddress: string | undefined, headers: IncomingHttpHeaders): RequestMeta {
  const ua = headers["user-agent"];
  return { ipAddress: ipAddress ?? "unknown", userAgent: typeof ua === "string" ? ua : null };
}
