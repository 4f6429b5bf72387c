// Review M7 (and the first step of H3), replayed against a started server: the printer URIs the
// red team added through the API, the socket:// SSRF release, and the printer list as a port and
// directory probe.
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addAdmin } from "../../server/admin/admins.js";
import { addKiosk } from "../../server/admin/kiosks.js";
import { addPrinter } from "../../server/admin/printers.js";
import { addUser } from "../../server/admin/users.js";
import { readAudit } from "../../server/store/audit-log.js";
import { findJob } from "../../server/store/jobs.js";
import { createPrinter } from "../../server/store/printers.js";
import { login, type ConsoleClient } from "../browser/support/console-client.js";
import { freePort } from "../support/free-port.js";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server.js";
import { connectKiosk } from "../support/kiosk-client.js";
import { printJob } from "../support/print-requests.js";
import { asCli } from "../support/printer-destination.js";

const SYSTEM = { label: "system", role: "admin" as const };
const EVA = { username: "eva", password: "eva-console-password" };

let server: InProcessServer;
let eva: ConsoleClient;
let scratch: string;

/** A TCP listener that records what it is sent: the review's `run/capture.py`. */
async function captureListener(): Promise<{ port: number; received: () => Buffer; close: () => Promise<void> }> {
  const chunks: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const listener = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  return {
    port: (listener.address() as net.AddressInfo).port,
    received: () => Buffer.concat(chunks),
    close: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      listener.close(() => resolve());
    }),
  };
}

async function adminChanges(subject: string): Promise<Record<string, unknown>[]> {
  const entries = [];
  for await (const entry of readAudit(server.context.db)) entries.push(entry);
  return entries.filter((entry) => entry.type === "admin.changed" && entry.subject === subject).map((entry) => entry.details);
}

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "printvakt-printer-uris-"));
  // Even where a developer turned file: printers on, the API must not add them.
  server = await startInProcessServer({ PRINTVAKT_ALLOW_FILE_PRINTERS: "true" });
  await addAdmin(server.context.db, SYSTEM, { username: EVA.username, role: "admin", password: EVA.password });
  eva = await login(server.baseUrl, EVA.username, EVA.password);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await rm(scratch, { recursive: true, force: true });
});

describe("the review's printer URIs through the API (scripts/printer-uris.sh)", () => {
  test.each([
    ["a scratch folder", () => `file://${scratch}`],
    ["/root/.ssh", () => "file:///root/.ssh"],
    ["a missing directory", () => "file:///nonexistent-printvakt"],
    ["/etc/cron.d", () => "file:///etc/cron.d"],
    ["a path with ../", () => `file://${scratch}/../${path.basename(scratch)}`],
  ])("file: printer to %s is refused, says why, and is neither stored nor probed", async (_label, uri) => {
    const name = `Sink ${randomBytes(3).toString("hex")}`;
    const answer = await eva.request("POST", "/api/printers", { name, uri: uri() });
    expect(answer.status).toBe(403);
    expect(((await answer.json()) as { error: { message: string } }).error.message).toMatch(/file: printers cannot be added through the console or API/);
    const names = (await eva.json<{ name: string }[]>("GET", "/api/printers")).map((printer) => printer.name);
    expect(names).not.toContain(name);
    expect(await adminChanges(`printer:${name}`)).toEqual([]);
    expect((await readdir(scratch)).filter((entry) => entry.startsWith(".printvakt-probe-"))).toEqual([]);
  });

  test.each([
    ["the server's own port on loopback", () => `socket://127.0.0.1:${server.port}`, /printer port/],
    ["port 1 on loopback", () => "socket://127.0.0.1:1", /printer port/],
    ["the printer port on loopback", () => "socket://127.0.0.1:9100", /loopback/],
    ["the printer port on IPv6 loopback", () => "socket://[::1]:9100", /loopback/],
    ["the cloud metadata address", () => "socket://169.254.169.254:9100", /link-local/],
    ["a LAN host's Redis port", () => "socket://10.0.0.9:6379", /printer port/],
    // An LPD server's data file is the document unchanged: the same address ranges as socket://.
    ["an LPD queue on loopback", () => "lpd://127.0.0.1/laser", /lpd:\/\/ printers cannot be on a loopback address/],
    ["an LPD queue on the cloud metadata address", () => "lpd://169.254.169.254/laser", /link-local/],
  ])("socket:// or lpd:// to %s is refused", async (_label, uri, reason) => {
    const answer = await eva.request("POST", "/api/printers", { name: "Raw", uri: uri() });
    expect(answer.status).toBe(403);
    expect(((await answer.json()) as { error: { message: string } }).error.message).toMatch(reason);
  });

  test("an option-like host stays refused as malformed", async () => {
    expect((await eva.request("POST", "/api/printers", { name: "Option", uri: "ipp://-oProxyCommand=x/" })).status).toBe(400);
  });

  test("an accepted printer's URI is in its admin.changed entry, and in the removal's", async () => {
    const uri = "ipp://192.0.2.44:631/ipp/print";
    expect((await eva.request("POST", "/api/printers", { name: "Plan 7", uri })).status).toBe(200);
    expect((await eva.request("DELETE", `/api/printers/${encodeURIComponent("Plan 7")}`)).status).toBe(200);
    expect(await adminChanges("printer:Plan 7")).toEqual([
      { action: "added", fields: ["name", "uri"], uri },
      { action: "removed", uri },
    ]);
  });
});

describe("the printer list is no port scanner and no directory probe", () => {
  test("a closed port, a silent host, a port that is not a printer, a refused address and a missing directory all read 'offline, printer-unreachable'", async () => {
    const closedPort = await freePort();
    const notAPrinter = http.createServer((_request, response) => response.writeHead(404).end("nothing here"));
    await new Promise<void>((resolve) => notAPrinter.listen(0, "127.0.0.1", resolve));
    try {
      const candidates: Record<string, string> = {
        "Closed port": `ipp://127.0.0.1:${closedPort}/ipp/print`,
        "Silent host": "ipp://192.0.2.1:631/ipp/print",
        "Web server": `ipp://127.0.0.1:${(notAPrinter.address() as net.AddressInfo).port}/ipp/print`,
        "Missing directory": `file://${path.join(scratch, "missing")}`,
      };
      for (const [name, uri] of Object.entries(candidates)) await addPrinter(server.context.db, SYSTEM, { name, uri }, asCli(server.context));
      // Stored before these rules existed: a raw port on loopback.
      await server.context.db.write((tx) => createPrinter(tx, { name: "Old raw", uri: "socket://127.0.0.1:9100" }));
      await server.refreshPrinters();
      const listed = await eva.json<{ name: string; state: string; stateMessage: string }[]>("GET", "/api/printers");
      const shown = Object.fromEntries(listed.filter((printer) => printer.name in candidates || printer.name === "Old raw").map((printer) => [printer.name, `${printer.state} ${printer.stateMessage}`]));
      expect(shown).toEqual({
        "Closed port": "offline printer-unreachable",
        "Silent host": "offline printer-unreachable",
        "Web server": "offline printer-unreachable",
        "Missing directory": "offline printer-unreachable",
        "Old raw": "offline printer-unreachable",
      });
    } finally {
      await new Promise((resolve) => notAPrinter.close(resolve));
    }
  }, 60_000);
});

describe("socket:// SSRF at release (scripts/ssrf-socket.mjs)", () => {
  test("a raw printer stored on loopback before the rules receives not one byte of a released job, and the job stays held", async () => {
    const capture = await captureListener();
    try {
      await server.context.db.write((tx) => createPrinter(tx, { name: "Capture", uri: `socket://127.0.0.1:${capture.port}` }));
      const { token, agentToken } = await addKiosk(server.context.db, SYSTEM, { name: "Capture kiosk", printer: "Capture", releaseOnBadge: false }, "cli");
      await addUser(server.context.db, SYSTEM, server.context, { username: "bob", displayName: "Bob Berg", cards: ["2000002"] });
      const payload = Buffer.from("%PDF-1.4\r\nSET pwned-by-printvakt 1\r\nCONFIG SET dir /tmp\r\nQUIT\r\n%%EOF\r\n");
      const { jobId } = await printJob(server.port, { user: "bob", title: "redis", document: payload });
      const agent = await connectKiosk(server.baseUrl, agentToken!, "agent");
      const screen = await connectKiosk(server.baseUrl, token, "screen");
      try {
        expect(await agent.emit("card:present", { card: "2000002" })).toEqual({ ok: true, outcome: "session" });
        const session = await screen.next("session:started");
        await screen.emit("session:release", { sessionId: session.sessionId, jobIds: [jobId], idempotencyKey: "ssrf-release-1" });
        await screen.next("job:progress", (event) => event.jobId === jobId && event.state === "failed", 60_000);
      } finally {
        agent.close();
        screen.close();
      }
      expect(capture.received().length).toBe(0);
      expect(await findJob(server.context.db, jobId!)).toMatchObject({ state: "held" });
    } finally {
      await capture.close();
    }
  }, 90_000);
});

describe("PRINTVAKT_PRINTER_NETWORKS", () => {
  let limited: InProcessServer;
  let admin: ConsoleClient;

  beforeAll(async () => {
    limited = await startInProcessServer({ PRINTVAKT_PRINTER_NETWORKS: "192.0.2.0/24" });
    await addAdmin(limited.context.db, SYSTEM, { username: EVA.username, role: "admin", password: EVA.password });
    admin = await login(limited.baseUrl, EVA.username, EVA.password);
  }, 60_000);

  afterAll(async () => {
    await limited?.stop();
  });

  test.each([
    ["a decimal IP that is loopback", () => `ipp://2130706433:${limited.port}/ipp/print`],
    ["a name that resolves to loopback", () => `ipp://localhost:${limited.port}/ipp/print`],
    ["IPv6 loopback", () => "ipps://[::1]/ipp/print"],
    ["another private network", () => "ipp://10.0.0.9/ipp/print"],
  ])("a printer on %s is refused", async (_label, uri) => {
    const answer = await admin.request("POST", "/api/printers", { name: "Elsewhere", uri: uri() });
    expect(answer.status).toBe(403);
    expect(((await answer.json()) as { error: { message: string } }).error.message).toMatch(/not in PRINTVAKT_PRINTER_NETWORKS/);
  });

  test("a printer inside the listed network is accepted, socket:// on a printer port too", async () => {
    expect((await admin.request("POST", "/api/printers", { name: "Plan 2", uri: "ipp://192.0.2.7/ipp/print" })).status).toBe(200);
    expect((await admin.request("POST", "/api/printers", { name: "Plan 2 raw", uri: "socket://192.0.2.8:9100" })).status).toBe(200);
  });
});
