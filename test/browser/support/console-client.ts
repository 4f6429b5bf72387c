// A console API client for tests: logs in like the page does and keeps the cookie and CSRF token.

export interface ConsoleClient {
  cookie: string;
  csrfToken: string;
  role: string;
  /** Sends a request with the session; `csrf: false` leaves the token out. */
  request(method: string, path: string, body?: unknown, options?: { csrf?: boolean | string; headers?: Record<string, string> }): Promise<Response>;
  json<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

export async function login(baseUrl: string, username: string, password: string): Promise<ConsoleClient> {
  const response = await fetch(`${baseUrl}/api/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": "login" },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`login as ${username} answered ${response.status}: ${await response.text()}`);
  const cookie = response.headers.get("set-cookie")!.split(";")[0]!;
  const answer = (await response.json()) as { csrfToken: string; role: string };
  const client: ConsoleClient = {
    cookie,
    csrfToken: answer.csrfToken,
    role: answer.role,
    request(method, path, body, options = {}) {
      const headers: Record<string, string> = { cookie, ...options.headers };
      if (options.csrf !== false) headers["X-CSRF-Token"] = typeof options.csrf === "string" ? options.csrf : answer.csrfToken;
      if (body !== undefined) headers["Content-Type"] = "application/json";
      return fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    },
    async json(method, path, body) {
      const response = await client.request(method, path, body);
      if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as never;
    },
  };
  return client;
}
