// Review L5 against a started server with TLS: the redirect to https:// never goes to a host the
// client named in its Host header, https answers carry HSTS, socket.io's own answers carry the
// security headers, and with PRINTVAKT_PUBLIC_HOSTS set a browser request for another host (DNS
// rebinding) is refused.
import http from "node:http";
import https from "node:https";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CONTENT_SECURITY_POLICY } from "../../server/http/security-headers.js";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server.js";
import { makeTestCertificates, type TestCertificates } from "../support/tls-certificate.js";

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
}

/** One request with exactly the Host header given (fetch would not let a test choose it). */
function send(port: number, options: { path: string; host?: string; tls?: boolean; method?: string; headers?: Record<string, string> }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = { ...(options.host !== undefined ? { Host: options.host } : {}), ...options.headers };
    const request = (options.tls ? https : http).request(
      { host: "127.0.0.1", port, path: options.path, method: options.method ?? "GET", headers, rejectUnauthorized: false, agent: false },
      (response) => {
        response.resume();
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers }));
      },
    );
    request.on("error", reject);
    request.end();
  });
}

let certDir: string;
let certificates: TestCertificates;

beforeAll(async () => {
  certDir = await mkdtemp(path.join(tmpdir(), "printvakt-hosts-"));
  certificates = await makeTestCertificates(certDir);
});

afterAll(async () => {
  if (certDir) await rm(certDir, { recursive: true, force: true });
});

describe("with TLS and no public host names configured (the names come from the certificate)", () => {
  let server: InProcessServer;

  beforeAll(async () => {
    server = await startInProcessServer({ PRINTVAKT_TLS_CERT: certificates.certFile, PRINTVAKT_TLS_KEY: certificates.keyFile });
  });

  afterAll(async () => {
    await server?.stop();
  });

  test("the review's request: Host: evil.example is redirected to a name in our certificate, not to evil.example", async () => {
    const answer = await send(server.port, { path: "/admin/", host: "evil.example" });
    expect(answer.status).toBe(308);
    expect(answer.headers.location).toBe(`https://localhost:${server.port}/admin/`);
  });

  test("a Host the certificate names, or the address connected to, keeps its own name and port", async () => {
    expect((await send(server.port, { path: "/admin/x?y=1", host: "localhost:9999" })).headers.location).toBe("https://localhost:9999/admin/x?y=1");
    expect((await send(server.port, { path: "/admin/", host: `127.0.0.1:${server.port}` })).headers.location).toBe(`https://127.0.0.1:${server.port}/admin/`);
  });

  test("https answers carry Strict-Transport-Security; plain http answers do not", async () => {
    const secure = await send(server.port, { path: "/healthz", tls: true });
    expect(secure.status).toBe(200);
    expect(secure.headers["strict-transport-security"]).toBe("max-age=31536000");
    const plain = await send(server.port, { path: "/healthz" });
    expect(plain.headers["strict-transport-security"]).toBeUndefined();
  });

  test("socket.io's client bundle and its long-polling answers carry the security headers and HSTS", async () => {
    for (const pathName of ["/socket.io/socket.io.js", "/socket.io/?EIO=4&transport=polling"]) {
      const answer = await send(server.port, { path: pathName, tls: true });
      expect(answer.status, pathName).toBe(200);
      expect(answer.headers["content-security-policy"], pathName).toBe(CONTENT_SECURITY_POLICY);
      expect(answer.headers["x-content-type-options"], pathName).toBe("nosniff");
      expect(answer.headers["x-frame-options"], pathName).toBe("DENY");
      expect(answer.headers["strict-transport-security"], pathName).toBe("max-age=31536000");
    }
  });
});

describe("with PRINTVAKT_PUBLIC_HOSTS", () => {
  let server: InProcessServer;

  beforeAll(async () => {
    server = await startInProcessServer({ PRINTVAKT_TLS_CERT: certificates.certFile, PRINTVAKT_TLS_KEY: certificates.keyFile, PRINTVAKT_PUBLIC_HOSTS: "print.kommun.example:8631,localhost" });
  });

  afterAll(async () => {
    await server?.stop();
  });

  test("the review's request for a foreign Host is refused outright, not redirected", async () => {
    const answer = await send(server.port, { path: "/admin/", host: "evil.example" });
    expect(answer.status).toBe(400);
    expect(answer.headers.location).toBeUndefined();
    const ours = await send(server.port, { path: "/admin/", host: "print.kommun.example:8631" });
    expect([ours.status, ours.headers.location]).toEqual([308, "https://print.kommun.example:8631/admin/"]);
  });

  test("the DNS-rebinding shape (Origin and Host both evil.example) is refused before the session is looked at", async () => {
    const rebound = await send(server.port, { path: "/api/login", method: "POST", host: "evil.example", tls: true, headers: { Origin: "https://evil.example", "X-CSRF-Token": "x" } });
    expect(rebound.status).toBe(400);
    const page = await send(server.port, { path: "/kiosk/", host: "evil.example" });
    expect(page.status).toBe(400);
  });

  test("a configured name (any port) and the address connected to are served", async () => {
    expect((await send(server.port, { path: "/kiosk/", host: "print.kommun.example" })).status).toBe(200);
    expect((await send(server.port, { path: "/kiosk/", host: `localhost:${server.port}` })).status).toBe(200);
    expect((await send(server.port, { path: "/kiosk/", host: `127.0.0.1:${server.port}` })).status).toBe(200);
  });
});
