/**
 * A minimal browser stand-in for HTTP tests: keeps cookies, sends forms with an Origin
 * header (as browsers do, and as our CSRF check requires), and does not follow redirects
 * so that tests can see where they lead.
 */
export class WebClient {
  readonly base: string;
  readonly #cookies = new Map<string, string>();
  readonly #headers: Record<string, string>;

  constructor(base: string, headers: Record<string, string> = {}) {
    this.base = base;
    this.#headers = headers;
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.#send(path, { method: "GET", headers: { accept: "text/html", ...headers } });
  }

  /** Posts a form; pairs (`[["id", a], ["id", b]]`) send a field more than once, as ticked checkboxes do. */
  async post(path: string, form: Record<string, string> | [string, string][]): Promise<Response> {
    return this.#send(path, {
      method: "POST",
      headers: { accept: "text/html", origin: this.base, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    });
  }

  /** Posts a multipart form, as a browser does for a form with a file. */
  async postMultipart(path: string, form: FormData): Promise<Response> {
    return this.#send(path, { method: "POST", headers: { accept: "text/html", origin: this.base }, body: form });
  }

  /** Posts JSON as a page's own script does (fetch from the same origin, with the session cookie). */
  async postJson(path: string, body: unknown): Promise<Response> {
    return this.#send(path, {
      method: "POST",
      headers: { origin: this.base, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  }

  /** GET, following redirects; resolves to the final page's status and HTML. */
  async page(path: string): Promise<{ status: number; html: string; path: string }> {
    let response = await this.get(path);
    let at = path;
    while (response.status >= 300 && response.status < 400) {
      at = response.headers.get("location")!;
      response = await this.get(at);
    }
    return { status: response.status, html: await response.text(), path: at };
  }

  /** The Cookie header this client sends, e.g. to replay a session from another site. */
  cookieHeader(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async #send(path: string, init: RequestInit): Promise<Response> {
    const cookie = this.cookieHeader();
    const response = await fetch(new URL(path, this.base), {
      ...init,
      redirect: "manual",
      headers: { ...this.#headers, ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, value] = pair!.split("=");
      if (/Max-Age=0|expires=Thu, 01 Jan 1970/i.test(line)) this.#cookies.delete(name!);
      else this.#cookies.set(name!, value ?? "");
    }
    return response;
  }
}

/** The text of an HTML page without tags, for "does this page mention X" checks. */
export function visibleText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}
