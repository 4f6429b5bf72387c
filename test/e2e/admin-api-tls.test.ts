// The console with TLS configured: the session cookie is Secure and __Host- prefixed over https://,
// and over plain http:// on the same port the console redirects and the login is refused.
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import https from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addAdmin } from "../../server/admin/admins.js";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server.js";
import { requireTool } from "../support/tools.js";
import { countAudit } from "../../server/store/audit-log.js";

const ADMIN = { username: "eva", password: "eva-console-password" };
let server: InProcessServer;
let certDir: string;

/** POSTs JSON over https to the test server, accepting its self-signed certificate. */
function httpsPost(pathName: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const request = https.request(
      { host: "127.0.0.1", port: server.port, path: pathName, method: "POST", rejectUnauthorized: false, headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload), ...headers } },
      (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => (text += chunk.toString()));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
      },
    );
    request.on("error", reject);
    request.end(payload);
  });
}

beforeAll(async () => {
  certDir = await mkdtemp(path.join(tmpdir(), "printvakt-tls-"));
  const openssl = requireTool("openssl");
  execFileSync(openssl, ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=localhost", "-keyout", path.join(certDir, "key.pem"), "-out", path.join(certDir, "cert.pem")], { stdio: "ignore" });
  server = await startInProcessServer({ PRINTVAKT_TLS_CERT: path.join(certDir, "cert.pem"), PRINTVAKT_TLS_KEY: path.join(certDir, "key.pem") });
  await addAdmin(server.context.db, { label: "system", role: "admin" }, { username: ADMIN.username, role: "admin", password: ADMIN.password });
});

afterAll(async () => {
  await server?.stop();
  if (certDir) await rm(certDir, { recursive: true, force: true });
});

describe("the console over TLS", () => {
  test("a login over https:// sets a Secure, __Host- prefixed, HttpOnly, SameSite=Strict cookie that opens the session", async () => {
    const answer = await httpsPost("/api/login", ADMIN, { "X-CSRF-Token": "login" });
    expect(answer.status).toBe(200);
    const cookie = String(answer.headers["set-cookie"]);
    expect(cookie).toMatch(/^__Host-printvakt-console=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Secure$/);
    const { csrfToken } = JSON.parse(answer.body) as { csrfToken: string };
    const logout = await httpsPost("/api/logout", {}, { cookie: cookie.split(";")[0]!, "X-CSRF-Token": csrfToken });
    expect(logout.status).toBe(200);
  });

  test("over plain http:// on the same port the login is refused and the console redirects to https://", async () => {
    const login = await fetch(`${server.baseUrl}/api/login`, { method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-Token": "login" }, body: JSON.stringify(ADMIN) });
    expect(login.status).toBe(403);
    expect(login.headers.get("set-cookie")).toBeNull();
    const page = await fetch(`${server.baseUrl}/admin/`, { redirect: "manual" });
    expect(page.status).toBe(308);
    expect(page.headers.get("location")).toBe(`https://127.0.0.1:${server.port}/admin/`);
    const logins = await countAudit(server.context.db, { types: ["admin.login"] });
    expect(logins).toBe(1);
  });
});
