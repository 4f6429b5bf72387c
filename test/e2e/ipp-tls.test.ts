// IPPS: with PRINTVAKT_TLS_CERT/KEY the one port speaks TLS as well, and a password (HTTP Basic)
// from a network that is not trusted is accepted over TLS only.
import { mkdtemp, readFile } from "node:fs/promises";
import https from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { firstString } from "../../core/ipp/codec/accessors.js";
import { IppOperation } from "../../core/ipp/codec/operations.js";
import { GroupTag } from "../../core/ipp/codec/tags.js";
import { attr, keyword, mimeMediaType, name, uri } from "../../core/ipp/codec/values.js";
import { callIpp } from "../support/ipp-client.js";
import { runIpptool } from "../support/ipptool.js";
import { makePdf } from "../support/pdf.js";
import { runPrintvakt } from "../support/printvakt-cli.js";
import { auditEntries, jobOf } from "../support/printvakt-data.js";
import { startPrintvaktServer, type ServerProcess } from "../support/printvakt-server.js";
import { runCommand } from "../support/processes.js";
import { requireTool } from "../support/tools.js";

const PASSWORD = "correct horse battery";
const PDF = makePdf({ text: "Printvakt over IPPS" });

let scratch: string;
let certFile: string;
let keyFile: string;
let ca: Buffer;
let server: ServerProcess;

/** A self-signed certificate for 127.0.0.1 and localhost, made by openssl (node:crypto cannot write X.509). */
async function selfSignedCertificate(folder: string): Promise<{ certFile: string; keyFile: string }> {
  const files = { certFile: join(folder, "cert.pem"), keyFile: join(folder, "key.pem") };
  const made = await runCommand(requireTool("openssl"), [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
    "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
    "-keyout", files.keyFile, "-out", files.certFile,
  ]);
  if (made.exitCode !== 0) throw new Error(`openssl could not make a certificate: ${made.stderr}`);
  return files;
}

const printJob = (scheme: "http" | "https", credentials?: { username: string; password: string }) =>
  callIpp({
    url: `${scheme}://127.0.0.1:${server.port}/ipp/print`,
    operation: IppOperation.printJob,
    ca,
    credentials,
    attributes: [
      attr("printer-uri", uri(`${scheme === "https" ? "ipps" : "ipp"}://127.0.0.1:${server.port}/ipp/print`)),
      attr("requesting-user-name", name("alice")),
      attr("document-format", mimeMediaType("application/pdf")),
    ],
    document: PDF,
  });

const submissions = async () => (await auditEntries(server.dataDir)).filter((entry) => entry.type === "job.submitted");

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "printvakt-tls-"));
  ({ certFile, keyFile } = await selfSignedCertificate(scratch));
  ca = await readFile(certFile);
  // 127.0.0.1 is outside the trusted networks: requesting-user-name alone is not believed.
  server = await startPrintvaktServer({ PRINTVAKT_TLS_CERT: certFile, PRINTVAKT_TLS_KEY: keyFile, PRINTVAKT_TRUSTED_NETWORKS: "10.0.0.0/8" });
  const env = { PRINTVAKT_DATA_DIR: server.dataDir };
  expect((await runPrintvakt(["user", "add", "alice"], { env })).code).toBe(0);
  expect((await runPrintvakt(["user", "password", "alice"], { env, input: `${PASSWORD}\n` })).code).toBe(0);
});

afterAll(async () => {
  await server?.stop();
});

describe("one port, plain and TLS", () => {
  test("the same port answers https:// (our certificate) and http://", async () => {
    const secure = await new Promise<{ status: number; body: string; protocol: string }>((resolve, reject) => {
      https
        .get({ host: "127.0.0.1", port: server.port, path: "/healthz", ca, agent: false }, (response) => {
          let body = "";
          response.on("data", (chunk: Buffer) => (body += chunk.toString()));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, body, protocol: (response.socket as import("node:tls").TLSSocket).getProtocol() ?? "" }));
        })
        .on("error", reject);
    });
    expect(secure).toMatchObject({ status: 200, body: '{"status":"ok"}' });
    expect(secure.protocol).toMatch(/^TLSv1\.[23]$/);
    const plain = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    expect(plain.status).toBe(200);
  });

  test("over ipps the printer calls itself ipps:// and says it is on TLS", async () => {
    const answer = await callIpp({
      url: `https://127.0.0.1:${server.port}/ipp/print`,
      operation: IppOperation.getPrinterAttributes,
      ca,
      attributes: [attr("printer-uri", uri(`ipps://127.0.0.1:${server.port}/ipp/print`)), attr("requested-attributes", keyword("printer-uri-supported"), keyword("uri-security-supported"), keyword("uri-authentication-supported"))],
    });
    expect(answer.status).toBe("successful-ok");
    expect(firstString(answer.message!, GroupTag.printer, "printer-uri-supported")).toBe(`ipps://127.0.0.1:${server.port}/ipp/print`);
    expect(firstString(answer.message!, GroupTag.printer, "uri-security-supported")).toBe("tls");
    expect(firstString(answer.message!, GroupTag.printer, "uri-authentication-supported")).toBe("basic");
  });
});

describe("HTTP Basic from a network that is not trusted", () => {
  test("over TLS, ipptool with user:pass@host prints as alice (print-job.test, get-jobs.test)", async () => {
    const before = (await submissions()).length;
    for (const testFile of ["print-job.test", "get-jobs.test"]) {
      const run = await runIpptool({ uri: `ipps://alice:correct%20horse%20battery@127.0.0.1:${server.port}/ipp/print`, testFile, timeoutMs: 60_000 });
      expect(run.failed, run.output).toEqual([]);
      expect(run.passed.length, run.output).toBeGreaterThan(0);
    }
    const after = await submissions();
    expect(after.length).toBe(before + 1);
    const submitted = after.at(-1)!;
    expect(submitted.actor).toBe("user:alice");
    expect(submitted.details.identifiedBy).toBe("http-basic");
    const jobId = Number(/^job:(\d+)$/.exec(submitted.subject ?? "")?.[1]);
    expect(await jobOf(server.dataDir, jobId)).toMatchObject({ ownerName: "alice", ownerIdentifiedBy: "http-basic", state: "held" });
  });

  test("over TLS: no credentials get 401 with a Basic challenge, a wrong password 401, the right one a held job", async () => {
    const anonymous = await printJob("https");
    expect(anonymous.httpStatus).toBe(401);
    expect(anonymous.headers["www-authenticate"]).toBe('Basic realm="Printvakt", charset="UTF-8"');
    expect((await printJob("https", { username: "alice", password: "not the password" })).httpStatus).toBe(401);
    const accepted = await printJob("https", { username: "alice", password: PASSWORD });
    expect(accepted.status).toBe("successful-ok");
    expect(firstString(accepted.message!, GroupTag.job, "job-uri")).toMatch(new RegExp(`^ipps://127\\.0\\.0\\.1:${server.port}/ipp/print/\\d+$`));
  });

  test("over plain HTTP on the same port the right password is refused (403) and nothing is held", async () => {
    const before = (await submissions()).length;
    const refused = await printJob("http", { username: "alice", password: PASSWORD });
    expect(refused.httpStatus).toBe(403);
    expect(refused.body.toString()).toBe("send credentials only over IPPS (TLS)\n");
    const run = await runIpptool({ uri: `ipp://alice:correct%20horse%20battery@127.0.0.1:${server.port}/ipp/print`, testFile: "print-job.test", timeoutMs: 60_000 });
    expect(run.failed).toEqual(["Print file using Print-Job"]);
    expect((await submissions()).length).toBe(before);
  });
});

test("a certificate file that cannot be read stops startup with a message naming the variable", async () => {
  const missing = join(scratch, "no-such-cert.pem");
  const result = await runPrintvakt(["serve"], {
    env: { PRINTVAKT_DATA_DIR: join(scratch, "bad-cert-data"), PRINTVAKT_PORT: "0", PRINTVAKT_HOST: "127.0.0.1", PRINTVAKT_DNSSD: "false", PRINTVAKT_TLS_CERT: missing, PRINTVAKT_TLS_KEY: keyFile },
  });
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(new RegExp(`^printvakt: PRINTVAKT_TLS_CERT: cannot read ${missing.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: ENOENT`));
});
