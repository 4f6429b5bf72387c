// Drives an OpenID Connect sign-in over real HTTP, as a browser would without scripts: a cookie jar
// per origin, redirects followed one by one, and the provider's login form submitted with fetch.
// It stops before the callback so that tests can deliver it as it is, twice, or in another browser.

/** Cookies per origin, like a browser holding the printvakt and identity provider cookies apart. */
export class HttpAgent {
  readonly #jar = new Map<string, Map<string, string>>();

  cookie(origin: string, name: string): string | undefined {
    return this.#jar.get(origin)?.get(name);
  }

  /** One request, redirects not followed; Set-Cookie headers land in the jar. */
  async request(url: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string>; body?: string } = {}): Promise<Response> {
    const origin = new URL(url).origin;
    const cookies = [...(this.#jar.get(origin) ?? new Map<string, string>())].map(([name, value]) => `${name}=${value}`).join("; ");
    const headers: Record<string, string> = { ...init.headers };
    if (cookies) headers.cookie = cookies;
    let body = init.body;
    if (init.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(url, { method: init.method ?? (init.form ? "POST" : "GET"), headers, body, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) this.#store(origin, line);
    return response;
  }

  #store(origin: string, line: string): void {
    const [pair = "", ...attributes] = line.split(";");
    const separator = pair.indexOf("=");
    const name = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute)) || value === "";
    const cookies = this.#jar.get(origin) ?? new Map<string, string>();
    if (expired) cookies.delete(name);
    else cookies.set(name, value);
    this.#jar.set(origin, cookies);
  }

  /** Follows redirects from url until one leads to a URL for which stop() is true; returns that URL, or the last response. */
  async follow(url: string, stop: (next: URL) => boolean = () => false): Promise<{ stoppedAt?: URL; response?: Response; url: string }> {
    let current = url;
    for (let hop = 0; hop < 20; hop++) {
      const response = await this.request(current);
      const location = response.headers.get("location");
      if (response.status < 300 || response.status >= 400 || !location) return { response, url: current };
      const next = new URL(location, current);
      if (stop(next)) return { stoppedAt: next, url: current };
      current = next.href;
    }
    throw new Error(`more than 20 redirects from ${url}`);
  }
}

const isCallback = (url: URL) => url.pathname === "/api/login/oidc/callback";

/**
 * Starts a sign-in at printvakt, signs in at the provider's form and returns the callback URL the
 * provider sent the browser to (with code, state and iss), not yet delivered.
 */
export async function signInAtProvider(agent: HttpAgent, printvaktBase: string, account: { username: string; password: string }): Promise<URL> {
  const toForm = await agent.follow(`${printvaktBase}/api/login/oidc`, isCallback);
  if (!toForm.response || toForm.response.status !== 200) throw new Error(`expected the provider's login form, got ${toForm.response?.status} at ${toForm.url}`);
  const html = await toForm.response.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no login form at ${toForm.url}: ${html.slice(0, 300)}`);
  const submitted = await agent.request(new URL(action, toForm.url).href, { form: { login: account.username, password: account.password } });
  const location = submitted.headers.get("location");
  if (!location) throw new Error(`the provider did not accept the login of ${account.username}: ${submitted.status} ${(await submitted.text()).slice(0, 300)}`);
  const next = new URL(location, toForm.url);
  if (isCallback(next)) return next;
  const back = await agent.follow(next.href, isCallback);
  if (!back.stoppedAt) throw new Error(`the provider did not send the browser back: ${back.response?.status} at ${back.url}`);
  return back.stoppedAt;
}

/** Delivers the callback to printvakt; returns where printvakt sends the browser next. */
export async function deliverCallback(agent: HttpAgent, callback: URL): Promise<URL> {
  const response = await agent.request(callback.href);
  const location = response.headers.get("location");
  if (response.status !== 302 || !location) throw new Error(`the callback answered ${response.status}: ${await response.text()}`);
  return new URL(location, callback);
}
