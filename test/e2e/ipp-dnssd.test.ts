// DNS-SD: the queue is found by browsing (_ipp._tcp with _print and _universal, _ipps._tcp with
// TLS), its TXT record says what Get-Printer-Attributes says, and PRINTVAKT_DNSSD=false hides it.
import type { ChildProcess } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { allStrings } from "../../core/ipp/codec/accessors.js";
import { IppOperation } from "../../core/ipp/codec/operations.js";
import { GroupTag } from "../../core/ipp/codec/tags.js";
import { attr, keyword, uri } from "../../core/ipp/codec/values.js";
import { callIpp } from "../support/ipp-client.js";
import { startPrintvaktServer, type ServerProcess } from "../support/printvakt-server.js";
import { runCommand, spawnGuarded, stopProcess, waitFor } from "../support/processes.js";
import { ensureTestServices } from "../support/services.js";
import { requireTool } from "../support/tools.js";
import { startIppEvePrinter } from "../support/ippeveprinter.js";
import { runPrintvakt } from "../support/printvakt-cli.js";

interface Found {
  name: string;
  port: number;
  txt: Record<string, string>;
}

// avahi-browse -p writes names with \DDD (decimal) escapes: "Secure\032Print".
const unescape = (text: string) => text.replace(/\\(\d{3})/g, (_all, code: string) => String.fromCharCode(Number(code)));

/** Resolved services of a type, as `avahi-browse -rtp` lists them ("=" lines). */
async function browseResolved(type: string): Promise<Found[]> {
  const result = await runCommand(requireTool("avahi-browse"), ["-rtp", type], { timeoutMs: 30_000 });
  return result.stdout
    .split("\n")
    .filter((line) => line.startsWith("="))
    .map((line) => {
      const fields = line.split(";");
      const txt: Record<string, string> = {};
      for (const match of (fields.slice(9).join(";")).matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
        const entry = match[1]!;
        const equals = entry.indexOf("=");
        txt[entry.slice(0, equals)] = entry.slice(equals + 1);
      }
      return { name: unescape(fields[3]!), port: Number(fields[8]), txt };
    });
}

/** Names of the services of a type or subtype, without resolving them. */
async function browseNames(type: string): Promise<string[]> {
  const result = await runCommand(requireTool("avahi-browse"), ["-tp", type], { timeoutMs: 30_000 });
  return result.stdout.split("\n").filter((line) => line.startsWith("+")).map((line) => unescape(line.split(";")[3]!));
}

/** Get-Printer-Attributes of a running server: the values of each requested attribute as strings. */
async function printerAttributes(server: ServerProcess, names: string[]): Promise<(name: string) => string[]> {
  const answer = await callIpp({
    url: `${server.baseUrl}/ipp/print`,
    operation: IppOperation.getPrinterAttributes,
    attributes: [attr("printer-uri", uri(`ipp://127.0.0.1:${server.port}/ipp/print`)), attr("requested-attributes", ...names.map(keyword))],
  });
  return (name) => allStrings(answer.message!, GroupTag.printer, name);
}

async function childCommands(server: ServerProcess): Promise<string[]> {
  const result = await runCommand("ps", ["-o", "args=", "--ppid", String(server.child.pid)]);
  return result.stdout.split("\n").filter(Boolean);
}

const unique = `${process.pid}`;
const plainName = `Printvakt DNS-SD ${unique}`;
const secureName = `Printvakt IPPS ${unique}`;
const silentName = `Printvakt silent ${unique}`;
let hostAddress: ChildProcess | undefined;
let plain: ServerProcess;
let secure: ServerProcess;
let silent: ServerProcess;

beforeAll(async () => {
  await ensureTestServices();
  requireTool("avahi-publish-service");
  // avahi publishes no address for its host name on loopback, and resolving a service needs one:
  // give it 127.0.0.1 for as long as this file runs (a collision means another test already did).
  const fqdn = (await runCommand("dbus-send", ["--system", "--print-reply", "--dest=org.freedesktop.Avahi", "/", "org.freedesktop.Avahi.Server.GetHostNameFqdn"])).stdout;
  const host = /string "([^"]+)"/.exec(fqdn)?.[1];
  if (!host) throw new Error(`avahi-daemon did not tell its host name: ${fqdn}`);
  hostAddress = spawnGuarded(requireTool("avahi-publish"), ["-a", "-R", host, "127.0.0.1"]);
  const scratch = await mkdtemp(join(tmpdir(), "printvakt-dnssd-"));
  const cert = await runCommand(requireTool("openssl"), ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=localhost", "-keyout", join(scratch, "key.pem"), "-out", join(scratch, "cert.pem")]);
  expect(cert.exitCode, cert.stderr).toBe(0);
  // Started first, so by the time the others show up it would have shown up too.
  silent = await startPrintvaktServer({ PRINTVAKT_DNSSD: "false", PRINTVAKT_QUEUE_NAME: silentName });
  plain = await startPrintvaktServer({ PRINTVAKT_DNSSD: "true", PRINTVAKT_QUEUE_NAME: plainName });
  secure = await startPrintvaktServer({
    PRINTVAKT_DNSSD: "true",
    PRINTVAKT_QUEUE_NAME: secureName,
    PRINTVAKT_TLS_CERT: join(scratch, "cert.pem"),
    PRINTVAKT_TLS_KEY: join(scratch, "key.pem"),
    PRINTVAKT_REQUIRE_AUTH: "true",
  });
});

afterAll(async () => {
  await Promise.all([plain?.stop(), secure?.stop(), silent?.stop()]);
  if (hostAddress) await stopProcess(hostAddress);
});

async function resolved(type: string, name: string): Promise<Found> {
  return waitFor(async () => (await browseResolved(type)).find((found) => found.name === name), {
    timeoutMs: 30_000,
    describe: async () => `${name} is not among the resolved ${type} services:\n${JSON.stringify(await browseResolved(type), null, 1)}`,
  });
}

describe("PRINTVAKT_DNSSD=true", () => {
  test("_ipp._tcp carries the TXT keys, agreeing with Get-Printer-Attributes", async () => {
    const found = await resolved("_ipp._tcp", plainName);
    expect(found.port).toBe(plain.port);
    const answer = await callIpp({
      url: `${plain.baseUrl}/ipp/print`,
      operation: IppOperation.getPrinterAttributes,
      attributes: [attr("printer-uri", uri(`ipp://127.0.0.1:${plain.port}/ipp/print`)), attr("requested-attributes", keyword("printer-uuid"), keyword("urf-supported"), keyword("document-format-supported"), keyword("printer-make-and-model"))],
    });
    const printer = (name: string) => allStrings(answer.message!, GroupTag.printer, name);
    expect(found.txt).toEqual({
      txtvers: "1",
      qtotal: "1",
      rp: "ipp/print",
      ty: printer("printer-make-and-model")[0],
      adminurl: `http://${hostname()}.local:${plain.port}/admin`,
      note: "",
      product: "(Printvakt)",
      pdl: printer("document-format-supported").filter((format) => format !== "application/octet-stream").join(","),
      UUID: printer("printer-uuid")[0]!.replace(/^urn:uuid:/, ""),
      URF: printer("urf-supported").join(","),
      Color: "T",
      Duplex: "T",
      kind: "document",
      air: "none",
      "mopria-certified": "1.3",
    });
    // AirPrint needs these two: iOS only lists printers that take URF.
    expect(found.txt.pdl!.split(",")).toEqual(expect.arrayContaining(["application/pdf", "image/urf"]));
    expect(found.txt.URF).toMatch(/(^|,)RS\d/);
  });

  test("the _print and _universal subtypes list it; without TLS there is no _ipps._tcp", async () => {
    await resolved("_ipp._tcp", plainName);
    expect(await browseNames("_print._sub._ipp._tcp")).toContain(plainName);
    expect(await browseNames("_universal._sub._ipp._tcp")).toContain(plainName);
    expect(await browseNames("_ipps._tcp")).not.toContain(plainName);
  });

  test("with TLS and required passwords: _ipps._tcp too, TLS=1.2 and air=username,password", async () => {
    const ipps = await resolved("_ipps._tcp", secureName);
    const ipp = await resolved("_ipp._tcp", secureName);
    for (const found of [ipp, ipps]) {
      expect(found.port).toBe(secure.port);
      expect(found.txt).toMatchObject({ TLS: "1.2", air: "username,password", adminurl: `https://${hostname()}.local:${secure.port}/admin` });
    }
    expect(await browseNames("_print._sub._ipps._tcp")).toContain(secureName);
    expect(await browseNames("_universal._sub._ipps._tcp")).toContain(secureName);
    const children = await childCommands(secure);
    expect(children.filter((command) => command.startsWith("avahi-publish-service"))).toHaveLength(2);
  });

  test("the advertisement ends when the server stops", async () => {
    const name = `Printvakt stopping ${unique}`;
    const server = await startPrintvaktServer({ PRINTVAKT_DNSSD: "true", PRINTVAKT_QUEUE_NAME: name });
    await resolved("_ipp._tcp", name);
    expect(await server.stop()).toEqual({ code: 0, signal: null });
    await waitFor(async () => ((await browseNames("_ipp._tcp")).includes(name) ? undefined : true), {
      timeoutMs: 30_000,
      describe: () => `${name} is still advertised after its server stopped`,
    });
  });
});

describe("the advertisement stays true while the fleet changes, and survives a taken name", () => {
  test("after a PDF-only, one-sided printer is added (no restart), TXT and IPP still agree on the full set (review F2, F4)", async () => {
    const pdfOnly = await startIppEvePrinter({ formats: ["application/pdf"] });
    try {
      const added = await runPrintvakt(["printer", "add", "PDF only", "--uri", pdfOnly.uri], { env: { PRINTVAKT_DATA_DIR: plain.dataDir } });
      expect(added.code, added.stderr).toBe(0);
      const printer = await printerAttributes(plain, ["document-format-supported", "sides-supported", "print-color-mode-supported", "urf-supported"]);
      expect(printer("document-format-supported")).toEqual(["application/pdf", "image/pwg-raster", "image/urf", "image/jpeg", "application/octet-stream"]);
      expect(printer("sides-supported")).toEqual(["one-sided", "two-sided-long-edge", "two-sided-short-edge"]);
      const found = await resolved("_ipp._tcp", plainName);
      expect(found.txt).toMatchObject({ pdl: "application/pdf,image/pwg-raster,image/urf,image/jpeg", URF: printer("urf-supported").join(","), Color: "T", Duplex: "T" });
    } finally {
      await pdfOnly.stop();
    }
  });

  test("a name already taken on this host: advertised as 'NAME #2', and printer-dns-sd-name says so (review F13)", async () => {
    const name = `Printvakt taken ${unique}`;
    const squatter = spawnGuarded(requireTool("avahi-publish-service"), [name, "_ipp._tcp", "9"]);
    let server: ServerProcess | undefined;
    try {
      await waitFor(async () => ((await browseNames("_ipp._tcp")).includes(name) ? true : undefined), { timeoutMs: 30_000, describe: () => `${name} was not published by avahi-publish-service` });
      server = await startPrintvaktServer({ PRINTVAKT_DNSSD: "true", PRINTVAKT_QUEUE_NAME: name });
      const renamed = await resolved("_ipp._tcp", `${name} #2`);
      expect(renamed.port).toBe(server.port);
      expect(await browseNames("_universal._sub._ipp._tcp")).toContain(`${name} #2`);
      const printer = await printerAttributes(server, ["printer-dns-sd-name", "printer-name"]);
      expect(printer("printer-dns-sd-name")).toEqual([`${name} #2`]);
      expect(printer("printer-name")).toEqual([name]);
      expect(server.logs.filter((entry) => entry.msg === "DNS-SD not available: the queue is not advertised")).toEqual([]);
    } finally {
      await server?.stop();
      await stopProcess(squatter);
    }
  });
});

describe("PRINTVAKT_DNSSD=false", () => {
  test("advertises nothing: no avahi-publish-service, nothing to browse", async () => {
    // The silent server started before the others; they are visible, so it would be too.
    await resolved("_ipps._tcp", secureName);
    expect(await childCommands(silent)).toEqual([]);
    for (const type of ["_ipp._tcp", "_ipps._tcp", "_print._sub._ipp._tcp", "_universal._sub._ipp._tcp"]) {
      expect(await browseNames(type)).not.toContain(silentName);
    }
  });
});

test("without avahi-publish-service the server warns and carries on", async () => {
  const server = await startPrintvaktServer({ PRINTVAKT_DNSSD: "true", PRINTVAKT_QUEUE_NAME: `Printvakt no avahi ${unique}`, PATH: "/nonexistent" });
  try {
    await waitFor(async () => (server.logs.some((entry) => entry.msg === "DNS-SD not available: the queue is not advertised") ? true : undefined), {
      timeoutMs: 10_000,
      describe: () => `no warning in ${JSON.stringify(server.logs)}`,
    });
    const warning = server.logs.find((entry) => entry.msg === "DNS-SD not available: the queue is not advertised")!;
    expect(warning).toMatchObject({ level: 40, type: "_ipp._tcp", reason: "avahi-publish-service is not installed (Debian package avahi-utils)" });
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  } finally {
    await server.stop();
  }
});
