// The kiosk agent as a real process (`printvakt kiosk-agent --reader stdin`) against the real server and socket.io.
import type { ChildProcess } from "node:child_process";
import { access, chmod, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { io as connectSocket, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { IppOperation } from "../../core/ipp/codec/operations.js";
import { attr, enumValue, integer, jobGroup, keyword } from "../../core/ipp/codec/values.js";
import { addKiosk } from "../../server/admin/kiosks.js";
import { addPrinter } from "../../server/admin/printers.js";
import { addUser } from "../../server/admin/users.js";
import { openAppContext, type AppContext } from "../../server/app-context.js";
import type { AuditEntry } from "../../server/audit/entry.js";
import { loadConfig } from "../../server/config.js";
import { createLogger } from "../../server/logger.js";
import { startServer } from "../../server/main.js";
import { countAudit, lastAuditEntry, readAudit } from "../../server/store/audit-log.js";
import { findJob } from "../../server/store/jobs.js";
import { makePdf } from "../support/pdf.js";
import { printJob } from "../support/print-requests.js";
import { asCli } from "../support/printer-destination.js";
import { startFakeIppPrinter, type FakeIppPrinter } from "../support/printers/fake-ipp-printer.js";
import { printvaktBin, projectRoot } from "../support/printvakt-cli.js";
import { spawnGuarded, stopProcess, waitFor } from "../support/processes.js";

const actor = { label: "admin:test", role: "admin" as const };
const cards = { alice: "0013961168", bob: "0055555555", carol: "0066666666", dora: "0077777777", erik: "0088888888", unknown: "0099999999" };

interface Server {
  port: number;
  context: AppContext;
  stop(): Promise<void>;
}

/** The real server in-process; the same port and data directory can be started again. */
async function startServerOn(dataDir: string, port: number): Promise<Server> {
  const config = loadConfig({ PRINTVAKT_PORT: String(port), PRINTVAKT_HOST: "127.0.0.1", PRINTVAKT_DNSSD: "false", PRINTVAKT_ALLOW_FILE_PRINTERS: "true", PRINTVAKT_DATA_DIR: dataDir });
  const context = await openAppContext(config);
  const running = await startServer(context, createLogger("silent"));
  return {
    port: running.port,
    context,
    async stop() {
      await running.close();
      await context.close();
    },
  };
}

/** `printvakt kiosk-agent ...` with its stdin piped and its JSON log (stderr) parsed. */
class AgentProcess {
  readonly child: ChildProcess;
  readonly logs: Record<string, unknown>[] = [];
  stdout = "";
  #pending = "";

  constructor(args: string[]) {
    this.child = spawnGuarded(process.execPath, [printvaktBin, "kiosk-agent", ...args], { stdio: ["pipe", "pipe", "pipe"] });
    this.child.stdout!.on("data", (chunk: Buffer) => (this.stdout += chunk.toString()));
    this.child.stderr!.on("data", (chunk: Buffer) => {
      this.#pending += chunk.toString();
      const lines = this.#pending.split("\n");
      this.#pending = lines.pop() ?? "";
      for (const line of lines) this.logs.push(line.startsWith("{") ? (JSON.parse(line) as Record<string, unknown>) : { unparsed: line });
    });
  }

  typeCard(line: string): void {
    this.child.stdin!.write(`${line}\n`);
  }

  /** Index of the first log line from `from` on whose msg contains `text`. */
  async waitForLog(text: string, from = 0): Promise<number> {
    return waitFor(
      async () => {
        const index = this.logs.findIndex((entry, position) => position >= from && String(entry.msg).includes(text));
        return index === -1 ? undefined : index;
      },
      { timeoutMs: 30_000, describe: () => `agent never logged "${text}"; log:\n${this.logs.map((entry) => JSON.stringify(entry)).join("\n")}` },
    );
  }

  messages(): string[] {
    return this.logs.map((entry) => String(entry.msg));
  }

  /** SIGTERM; returns the exit code. */
  async stop(): Promise<number | null> {
    await stopProcess(this.child);
    return this.child.exitCode;
  }
}

/** A kiosk screen: the second connection of the same kiosk, recording what the server pushes. */
function openScreen(port: number, token: string): Promise<{ socket: Socket; events: [string, unknown][] }> {
  const events: [string, unknown][] = [];
  const socket = connectSocket(`http://127.0.0.1:${port}/kiosk`, { auth: { token, role: "screen" }, transports: ["websocket"], reconnection: false });
  socket.onAny((event: string, payload: unknown) => events.push([event, payload]));
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve({ socket, events }));
    socket.once("connect_error", reject);
  });
}

async function auditSince(context: AppContext, afterSeq: number, types: string[]): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for await (const entry of readAudit(context.db, { types })) if (entry.seq > afterSeq) entries.push(entry);
  return entries;
}

async function lastSeq(context: AppContext): Promise<number> {
  return (await lastAuditEntry(context.db))?.seq ?? 0;
}

let workDir: string;
let dataDir: string;
let server: Server;
let token: string;
let screenToken: string;
let tokenFile: string;
const agents: AgentProcess[] = [];
const screens: Socket[] = [];

function startAgent(extra: string[] = [], file = tokenFile): AgentProcess {
  const agent = new AgentProcess(["--server", `http://127.0.0.1:${server.port}`, "--token-file", file, "--reader", "stdin", ...extra]);
  agents.push(agent);
  return agent;
}

async function screen(): Promise<{ socket: Socket; events: [string, unknown][] }> {
  const connections = () => countAudit(server.context.db, { types: ["kiosk.connected"] });
  const before = await connections();
  const opened = await openScreen(server.port, screenToken);
  screens.push(opened.socket);
  // The connection is audited beside the handshake, not before it: wait for its entry, so a test
  // that counts entries from here on counts only its own.
  await waitFor(async () => ((await connections()) > before ? true : undefined), { timeoutMs: 10_000, describe: () => "the screen's kiosk.connected entry" });
  return opened;
}

function eventsNamed(events: [string, unknown][], name: string): Record<string, unknown>[] {
  return events.filter(([event]) => event === name).map(([, payload]) => payload as Record<string, unknown>);
}

async function waitForEvent(events: [string, unknown][], name: string, match: (payload: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  return waitFor(async () => eventsNamed(events, name).find(match), { timeoutMs: 30_000, describe: () => `no ${name} event; got ${JSON.stringify(events)}` });
}

beforeAll(async () => {
  await access(path.join(projectRoot, "dist", "server", "cli", "main.js")).catch(() => {
    throw new Error("dist/ is missing: run `npm run build` first (npm test does it in pretest)");
  });
  workDir = await mkdtemp(path.join(tmpdir(), "printvakt-kiosk-agent-"));
  dataDir = path.join(workDir, "data");
  server = await startServerOn(dataDir, 0);
  const { db, auditHashKey } = server.context;
  await addPrinter(db, actor, { name: "Plan 3", uri: `file://${path.join(workDir, "printed")}` }, asCli(server.context));
  const created = await addKiosk(db, actor, { name: "Kiosk 3", printer: "Plan 3", releaseOnBadge: false }, "cli");
  token = created.agentToken!;
  screenToken = created.token;
  await addUser(db, actor, { auditHashKey }, { username: "alice", displayName: "Alice Andersson", cards: [cards.alice] });
  await addUser(db, actor, { auditHashKey }, { username: "bob", displayName: "Bob Berg", cards: [cards.bob] });
  await addUser(db, actor, { auditHashKey }, { username: "carol", displayName: "Carol Carlsson", cards: [cards.carol] });
  await addUser(db, actor, { auditHashKey }, { username: "dora", displayName: "Dora Dahl", cards: [cards.dora] });
  await addUser(db, actor, { auditHashKey }, { username: "erik", displayName: "Erik Ek", cards: [cards.erik] });
  tokenFile = path.join(workDir, "kiosk.token");
  await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
});

afterEach(async () => {
  for (const socket of screens.splice(0)) socket.disconnect();
  for (const agent of agents.splice(0)) {
    expect(await agent.stop()).toBe(0);
    expect(agent.messages()).toContain("kiosk agent stopped");
    // Nothing of a card or the token ever reaches the agent's log.
    const logged = JSON.stringify(agent.logs);
    for (const secret of [token, ...Object.values(cards), ...Object.values(cards).map((card) => card.replace(/^0+/, ""))]) expect(logged).not.toContain(secret);
  }
});

afterAll(async () => {
  await server?.stop();
  await rm(workDir, { recursive: true, force: true });
});

describe("a card on the agent's stdin", () => {
  test("opens a session for its owner, seen by the kiosk's screen", async () => {
    const { events } = await screen();
    const before = await lastSeq(server.context);
    const agent = startAgent();
    await agent.waitForLog("connected to the server");
    agent.typeCard(cards.alice);
    const started = await waitForEvent(events, "session:started", () => true);
    expect(started.displayName).toBe("Alice Andersson");
    await agent.waitForLog("card acknowledged: session");
    const audited = await auditSince(server.context, before, ["session.started", "kiosk.connected"]);
    expect(audited.map((entry) => [entry.type, entry.actor])).toEqual([
      ["kiosk.connected", "kiosk:Kiosk 3"],
      ["session.started", "user:alice"],
    ]);
    expect(audited[0]?.details.agentVersion).toBe("0.1.0");
  });

  test("an unknown card is offered for linking and audited as card.unknown", async () => {
    const { events } = await screen();
    const before = await lastSeq(server.context);
    const agent = startAgent();
    await agent.waitForLog("connected to the server");
    agent.typeCard(cards.unknown);
    await waitForEvent(events, "card:unknown", (payload) => typeof payload.linkId === "string");
    await agent.waitForLog("card acknowledged: unknown-card");
    const unknown = await auditSince(server.context, before, ["card.unknown"]);
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toMatchObject({ actor: "kiosk:Kiosk 3", details: { cardEnding: "9999", rawEnding: "9999" } });
    expect(JSON.stringify(unknown[0])).not.toContain("99999999");
    expect(eventsNamed(events, "session:started")).toEqual([]);
  });

  test("read while the server is down is dropped, and not replayed after the server comes back", async () => {
    const agent = startAgent();
    await agent.waitForLog("connected to the server");
    const port = server.port;
    await server.stop();
    const disconnected = await agent.waitForLog("disconnected from the server");

    agent.typeCard(cards.bob);
    const dropped = await agent.waitForLog("server unreachable, card dropped", disconnected);

    server = await startServerOn(dataDir, port);
    const beforeReconnect = await lastSeq(server.context);
    await agent.waitForLog("connected to the server", dropped);
    const { events } = await screen();
    agent.typeCard(cards.carol);
    const started = await waitForEvent(events, "session:started", () => true);

    // One socket delivers in order: a replayed card would have been answered before Carol's.
    expect(started.displayName).toBe("Carol Carlsson");
    expect(eventsNamed(events, "session:started")).toHaveLength(1);
    await agent.waitForLog("card acknowledged: session");
    expect(agent.messages().filter((message) => message.startsWith("card acknowledged"))).toEqual(["card acknowledged: session"]);
    const sessions = await auditSince(server.context, beforeReconnect, ["session.started", "card.unknown"]);
    expect(sessions.map((entry) => [entry.type, entry.actor])).toEqual([["session.started", "user:carol"]]);
    const bobEver = await auditSince(server.context, 0, ["session.started"]);
    expect(bobEver.filter((entry) => entry.actor === "user:bob")).toEqual([]);

    expect(await agent.stop()).toBe(0);
    const stopped = agent.logs.find((entry) => entry.msg === "kiosk agent stopped");
    expect(stopped?.counters).toMatchObject({ presented: 1, dropped: { "server-unreachable": 1 } });
  });
});

test("a wrong token is refused: the agent says so and never sends a card", async () => {
  const wrongFile = path.join(workDir, "wrong.token");
  await writeFile(wrongFile, "x".repeat(43));
  await chmod(wrongFile, 0o600);
  const before = await lastSeq(server.context);
  const agent = startAgent([], wrongFile);
  const refused = await agent.waitForLog("the server refused this kiosk (unauthorized)");
  expect(agent.logs[refused]).toMatchObject({ level: 50, reason: "unauthorized" });

  agent.typeCard(cards.alice);
  await agent.waitForLog("server unreachable, card dropped", refused);
  const audited = await auditSince(server.context, before, ["kiosk.refused", "kiosk.connected", "session.started", "card.unknown"]);
  expect(audited.map((entry) => [entry.type, entry.details.reason])).toEqual([["kiosk.refused", "unknown-token"]]);
  expect(agent.messages().some((message) => message.startsWith("card acknowledged"))).toBe(false);
});

describe("at a reader-only kiosk the agent logs how each badge really ended", () => {
  let refusing: FakeIppPrinter | undefined;

  afterAll(async () => {
    await refusing?.stop();
  });

  /** A reader-only kiosk in front of `printer`, its reader token in a file, and one held job for `user`. */
  async function readerOnly(name: string, printer: string, user: string): Promise<{ file: string; jobId: number }> {
    const created = await addKiosk(server.context.db, actor, { name, printer, releaseOnBadge: true }, "cli");
    const file = path.join(workDir, `${name.replaceAll(" ", "-")}.token`);
    await writeFile(file, `${created.agentToken!}\n`, { mode: 0o600 });
    const submitted = await printJob(server.port, { user, title: `${user}'s minutes`, document: makePdf({ text: `${user}'s minutes` }) });
    expect(submitted.status).toBe("successful-ok");
    return { file, jobId: submitted.jobId! };
  }

  test("printed: claimed at the badge, then the release finished with every job printed", async () => {
    const printed = path.join(workDir, "printed");
    await mkdir(printed, { recursive: true }); // Plan 3 writes each document it prints here
    const { file, jobId } = await readerOnly("Reader 3", "Plan 3", "dora");
    const agent = startAgent([], file);
    await agent.waitForLog("connected to the server");
    agent.typeCard(cards.dora);
    const claimed = await agent.waitForLog("card acknowledged: claimed, 1 job(s) going to the printer");
    // The reader's signal for the badge (a buzzer or LED would give it), from badge:answered.
    const answered = await agent.waitForLog("badge answered: printing 1 → success");
    expect(agent.logs[answered]).toMatchObject({ level: 30, outcome: "printing", signal: "success" });
    const finished = await agent.waitForLog("release finished: printed (1 printed, 0 failed, 0 may have printed)", claimed);
    expect(agent.logs[finished]).toMatchObject({ level: 30, outcome: "printed", printed: 1, failed: 0, mayHavePrinted: 0, jobs: [{ jobId, result: "printed" }], sessionId: agent.logs[claimed]!.sessionId });
    expect(await findJob(server.context.db, jobId)).toMatchObject({ state: "released" });
    expect((await readdir(printed)).filter((name) => name.endsWith(".pdf"))).toHaveLength(1);
  });

  test("nothing printed: the printer stopped the job, the agent warns, the job is held again", async () => {
    refusing = await startFakeIppPrinter({
      answer: (request) =>
        request.message.code === IppOperation.getJobAttributes
          ? { status: 0, groups: [jobGroup([attr("job-id", integer(7)), attr("job-state", enumValue(8)), attr("job-state-reasons", keyword("aborted-by-system"))])] }
          : undefined,
    });
    await addPrinter(server.context.db, actor, { name: "Plan 9", uri: refusing.uri }, asCli(server.context));
    const { file, jobId } = await readerOnly("Reader 9", "Plan 9", "erik");
    const agent = startAgent([], file);
    await agent.waitForLog("connected to the server");
    agent.typeCard(cards.erik);
    const claimed = await agent.waitForLog("card acknowledged: claimed, 1 job(s) going to the printer");
    const finished = await agent.waitForLog("release finished: nothing-printed (0 printed, 1 failed, 0 may have printed)", claimed);
    expect(agent.logs[finished]).toMatchObject({
      level: 40,
      outcome: "nothing-printed",
      jobs: [{ jobId, result: "failed", reason: "The printer stopped the job (aborted-by-system)" }],
    });
    expect(await findJob(server.context.db, jobId)).toMatchObject({ state: "held", stateReason: "The printer stopped the job (aborted-by-system)" });
  });
});
