/**
 * A cookie-keeping HTTP client that behaves like a browser without JavaScript: it reads the CSRF token
 * from the page it was served and posts forms with it.
 */
export class Visitor {
  readonly cookies = new Map<string, string>();

  constructor(readonly origin: string) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const [name, ...rest] = pair!.split("=");
      const value = rest.join("=");
      const expired = attributes.some((a) => /max-age=0/i.test(a.trim())) || value === "";
      if (expired) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const response = await fetch(`${this.origin}${path}`, { redirect: "manual", headers: { cookie: this.cookieHeader(), ...headers } });
    this.remember(response);
    return response;
  }

  async csrfToken(path = "/"): Promise<string> {
    const html = await (await this.get(path)).text();
    const match = html.match(/name="csrf" value="([^"]+)"/);
    if (!match) throw new Error(`no CSRF token on ${path}`);
    return match[1]!;
  }

  /** Posts a form as the page at `path` would, with its CSRF token unless `csrf` is given. */
  async post(path: string, fields: Record<string, string>, options: { csrf?: string; headers?: Record<string, string> } = {}): Promise<Response> {
    const csrf = options.csrf ?? (await this.csrfToken(path.split("?")[0]));
    const response = await fetch(`${this.origin}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: this.cookieHeader(), "content-type": "application/x-www-form-urlencoded", ...options.headers },
      body: new URLSearchParams({ csrf, ...fields }),
    });
    this.remember(response);
    return response;
  }

  async login(email: string, password: string): Promise<Response> {
    return this.post("/login", { email, password });
  }
}

/**
 * `fetch` for probes that send hundreds of requests: a 429 from the API's rate limit (30 a second per token or
 * address) is waited out, since how fast they arrive depends on the machine, not on what the probe checks.
 */
export async function patientFetch(url: string, init: RequestInit = {}): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(url, init);
    if (response.status !== 429 || attempt >= 40) return response;
    await response.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export async function api(origin: string, method: string, path: string, options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; patient?: boolean } = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined || options.rawBody !== undefined) headers["content-type"] = "application/json";
  const response = await (options.patient ? patientFetch : fetch)(`${origin}/api/v1${path}`, {
    method,
    headers,
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  // CSV exports (text/csv) come back as text; everything else the API says is JSON.
  const json = text !== "" && !(response.headers.get("content-type") ?? "").startsWith("text/csv");
  return { status: response.status, body: json ? (JSON.parse(text) as Record<string, any>) : null, text };
}
