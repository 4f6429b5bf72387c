// Specification of the socket sink against a real socket.io server: handshake, acknowledgements, fail closed, reconnecting.
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server, type Socket as ServerSocket } from "socket.io";
import { afterEach, describe, expect, test } from "vitest";
import type { ReleaseFinished } from "../../core/release-finished.js";
import { SocketSink, type SinkLogger, type SinkState } from "./socket-sink.js";
import type { CardAnswer, StatusIndicator } from "./status-indicator.js";
import type { ReleaseProgress } from "./release-progress.js";

interface LogLine {
  level: string;
  details: object;
  message: string;
}

function recordingLogger(): SinkLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (details: object, message: string) => void lines.push({ level, details, message });
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** A stand-in for the kiosk namespace: accepts one token, records handshakes and card:present events. */
class FakeKioskServer {
  readonly http: HttpServer;
  readonly io: Server;
  readonly handshakes: { auth: unknown; url: string; transport: string }[] = [];
  readonly cards: unknown[] = [];
  acceptedToken = "good-token-0123456789";
  answer: ((payload: unknown) => unknown) | undefined = () => ({ ok: true, outcome: "session" });
  port = 0;

  constructor() {
    this.http = createServer();
    this.io = new Server(this.http);
    this.io.of("/kiosk").use((socket, next) => {
      this.handshakes.push({ auth: socket.handshake.auth, url: socket.handshake.url, transport: socket.conn.transport.name });
      next((socket.handshake.auth as { token?: unknown }).token === this.acceptedToken ? undefined : new Error("unauthorized"));
    });
    this.io.of("/kiosk").on("connection", (socket: ServerSocket) => {
      socket.on("card:present", (payload: unknown, ack: (answer: unknown) => void) => {
        this.cards.push(payload);
        if (this.answer !== undefined) ack(this.answer(payload));
      });
    });
  }

  async listen(port = 0): Promise<void> {
    await new Promise<void>((resolve) => this.http.listen(port, "127.0.0.1", () => resolve()));
    this.port = (this.http.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.io.of("/kiosk").disconnectSockets(true);
    await new Promise<void>((resolve) => this.io.close(() => resolve()));
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 15_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A status light that remembers what it was told. */
function recordingIndicator(): StatusIndicator & { answers: CardAnswer[]; releases: ReleaseFinished[]; progress: ReleaseProgress[] } {
  const answers: CardAnswer[] = [];
  const releases: ReleaseFinished[] = [];
  const progress: ReleaseProgress[] = [];
  return {
    answers,
    releases,
    progress,
    cardAnswered: (answer) => void answers.push(answer),
    cardDropped: () => undefined,
    releaseFinished: (result) => void releases.push(result),
    releaseProgress: (event) => void progress.push(event),
  };
}

async function setup(options: { token?: () => Promise<string>; ackTimeoutMs?: number; indicator?: StatusIndicator } = {}) {
  const server = new FakeKioskServer();
  await server.listen();
  const logger = recordingLogger();
  const states: SinkState[] = [];
  const sink = new SocketSink({
    server: new URL(`http://127.0.0.1:${server.port}`),
    token: options.token ?? (async () => server.acceptedToken),
    agentVersion: "9.9.9",
    logger,
    indicator: options.indicator,
    ackTimeoutMs: options.ackTimeoutMs ?? 5000,
    reconnectDelayMs: 50,
    reconnectDelayMaxMs: 200,
    unauthorizedRetryMs: 100,
  });
  sink.onState((state) => states.push(state));
  cleanups.push(() => sink.close(), () => server.close());
  return { server, sink, logger, states };
}

test("the token travels in the handshake's auth over a websocket, never in the URL", async () => {
  const { server, sink } = await setup();
  sink.start();
  await until(() => sink.connected, "the connection");
  expect(server.handshakes).toHaveLength(1);
  const [handshake] = server.handshakes;
  expect(handshake?.auth).toEqual({ token: server.acceptedToken, role: "agent", agentVersion: "9.9.9" });
  expect(handshake?.transport).toBe("websocket");
  expect(handshake?.url).toMatch(/^\/socket\.io\/\?/);
  expect(handshake?.url).not.toContain(server.acceptedToken);
  expect(sink.state).toBe("connected");
});

describe("present", () => {
  test("sends card and raw, resolves on the acknowledgement and logs its outcome without the card", async () => {
    const { server, sink, logger } = await setup();
    server.answer = () => ({ ok: true, outcome: "pin-required" });
    sink.start();
    await until(() => sink.connected, "the connection");
    await sink.present({ card: "3220338716", raw: "1c78f2bf" });
    expect(server.cards).toEqual([{ card: "3220338716", raw: "1c78f2bf" }]);
    expect(logger.lines).toContainEqual({ level: "info", details: { outcome: "pin-required" }, message: "card acknowledged: pin-required" });
    expect(JSON.stringify(logger.lines)).not.toMatch(/3220338716|1c78f2bf/);
  });

  test("a refusal in the acknowledgement still counts as delivered and is logged with its code", async () => {
    const { server, sink, logger } = await setup();
    server.answer = () => ({ ok: false, error: { code: "locked", message: "Account locked" } });
    sink.start();
    await until(() => sink.connected, "the connection");
    await sink.present({ card: "13961168", raw: "0013961168" });
    expect(logger.lines).toContainEqual({ level: "warn", details: { outcome: "locked", code: "locked", message: "Account locked" }, message: "card refused by the server: locked" });
  });

  test("without an acknowledgement it rejects with unavailable", async () => {
    const { server, sink } = await setup({ ackTimeoutMs: 100 });
    server.answer = undefined;
    sink.start();
    await until(() => sink.connected, "the connection");
    await expect(sink.present({ card: "1", raw: "1" })).rejects.toMatchObject({ code: "unavailable" });
    expect(server.cards).toHaveLength(1);
  });

  test("while disconnected it rejects at once and nothing is sent after reconnecting", async () => {
    const { server, sink } = await setup();
    sink.start();
    await until(() => sink.connected, "the connection");
    const port = server.port;
    await server.close();
    await until(() => !sink.connected, "the disconnect");
    await expect(sink.present({ card: "13961168", raw: "0013961168" })).rejects.toMatchObject({ code: "unavailable", message: "not connected to the server" });

    const restarted = new FakeKioskServer();
    await restarted.listen(port);
    cleanups.push(() => restarted.close());
    await until(() => sink.connected, "the reconnection");
    await sink.present({ card: "99", raw: "0099" });
    // Events on one socket arrive in order: a replayed card would be in front of this one.
    expect(restarted.cards).toEqual([{ card: "99", raw: "0099" }]);
  });
});

describe("reader-only kiosks: claimed at once, the real outcome later", () => {
  const sessionId = "0b5e1c7e-3f0a-4c52-9d5b-2f8f6f3c1a10";
  const nothingPrinted: ReleaseFinished = {
    sessionId,
    outcome: "nothing-printed",
    printed: 0,
    failed: 1,
    mayHavePrinted: 0,
    jobs: [{ jobId: 7, result: "failed", reason: "The printer cannot be reached or is busy: The printer is not available right now." }],
  };

  test("the acknowledgement is logged as claimed, and release:finished is logged and shown with its counts", async () => {
    const indicator = recordingIndicator();
    const { server, sink, logger } = await setup({ indicator });
    server.answer = () => ({ ok: true, outcome: "claimed", sessionId, claimed: 1, kept: 0, reasons: [] });
    sink.start();
    await until(() => sink.connected, "the connection");
    await sink.present({ card: "13961168", raw: "0013961168" });
    expect(logger.lines).toContainEqual({ level: "info", details: { outcome: "claimed", claimed: 1, sessionId }, message: "card acknowledged: claimed, 1 job(s) going to the printer" });
    expect(indicator.answers).toEqual([{ outcome: "claimed", claimed: 1, sessionId }]);

    server.io.of("/kiosk").emit("release:finished", nothingPrinted);
    await until(() => indicator.releases.length === 1, "the release outcome");
    expect(indicator.releases).toEqual([nothingPrinted]);
    expect(logger.lines).toContainEqual({ level: "warn", details: nothingPrinted, message: "release finished: nothing-printed (0 printed, 1 failed, 0 may have printed)" });
  });

  test("a job waiting for a busy printer is logged and shown, and so is its going on; a first send is not", async () => {
    const indicator = recordingIndicator();
    const { server, sink, logger } = await setup({ indicator });
    sink.start();
    await until(() => sink.connected, "the connection");
    const kiosk = server.io.of("/kiosk");
    const waiting = { sessionId, jobId: 7, state: "waiting", reason: "busy", retryAt: "2026-12-06T10:00:05.000Z" };
    kiosk.emit("job:progress", { sessionId, jobId: 7, state: "sending" });
    kiosk.emit("job:progress", waiting);
    kiosk.emit("job:progress", { sessionId, jobId: 7, state: "sending" });
    kiosk.emit("job:progress", { sessionId, jobId: 7, state: "printed" });
    await until(() => indicator.progress.length === 2, "waiting and sending again");
    expect(indicator.progress).toEqual([waiting, { sessionId, jobId: 7, state: "sending" }]);
    expect(logger.lines).toContainEqual({ level: "warn", details: { sessionId, jobId: 7, reason: "busy", retryAt: waiting.retryAt }, message: "job 7 waits: the printer is busy, next try at 2026-12-06T10:00:05.000Z" });
    expect(logger.lines.filter((line) => line.message.startsWith("job 7 is being sent"))).toHaveLength(1);
  });

  test("a progress event it does not understand is ignored", async () => {
    const indicator = recordingIndicator();
    const { server, sink } = await setup({ indicator });
    sink.start();
    await until(() => sink.connected, "the connection");
    server.io.of("/kiosk").emit("job:progress", { sessionId, jobId: 7, state: "waiting", reason: "on fire", retryAt: "soon" });
    server.io.of("/kiosk").emit("job:progress", { sessionId, jobId: 8, state: "waiting", reason: "offline", retryAt: "2026-12-06T10:00:05.000Z" });
    await until(() => indicator.progress.length === 1, "the understood event");
    expect(indicator.progress.map((event) => event.jobId)).toEqual([8]);
  });

  test("everything printed is logged at info", async () => {
    const { server, sink, logger } = await setup();
    sink.start();
    await until(() => sink.connected, "the connection");
    server.io.of("/kiosk").emit("release:finished", { sessionId, outcome: "printed", printed: 2, failed: 0, mayHavePrinted: 0, jobs: [{ jobId: 1, result: "printed" }, { jobId: 2, result: "printed" }] });
    await until(() => logger.lines.some((line) => line.message.startsWith("release finished")), "the log line");
    expect(logger.lines.find((line) => line.message.startsWith("release finished"))).toMatchObject({ level: "info", message: "release finished: printed (2 printed, 0 failed, 0 may have printed)" });
  });

  test("a release:finished it does not understand is logged and not shown", async () => {
    const indicator = recordingIndicator();
    const { server, sink, logger } = await setup({ indicator });
    sink.start();
    await until(() => sink.connected, "the connection");
    server.io.of("/kiosk").emit("release:finished", { ...nothingPrinted, outcome: "released" });
    await until(() => logger.lines.some((line) => line.message.includes("not understood")), "the warning");
    expect(indicator.releases).toEqual([]);
  });

  test("a reader-only kiosk's badge:answered gives the reader's signal and a log line; one it does not understand gives none", async () => {
    const signals: string[] = [];
    const indicator = { ...recordingIndicator(), signal: (kind: string) => void signals.push(kind) };
    const { server, sink, logger } = await setup({ indicator });
    sink.start();
    await until(() => sink.connected, "the connection");
    const kiosk = server.io.of("/kiosk");
    kiosk.emit("badge:answered", { outcome: "printing", printing: 2, needPin: 0, sessionId });
    kiosk.emit("badge:answered", { outcome: "wonderful" });
    kiosk.emit("badge:answered", { outcome: "pin-needed" });
    kiosk.emit("badge:answered", { outcome: "card-unknown" });
    await until(() => signals.length === 3, "three signals");
    expect(signals).toEqual(["success", "attention", "failure"]);
    expect(logger.lines).toContainEqual({ level: "info", details: { outcome: "printing", signal: "success" }, message: "badge answered: printing 2 → success" });
    expect(logger.lines.filter((line) => line.message === "badge:answered from the server not understood; ignored")).toHaveLength(1);
  });

  test("an indicator that throws is logged and the card still counts as delivered", async () => {
    const indicator: StatusIndicator = {
      cardAnswered: () => {
        throw new Error("buzzer gone");
      },
      cardDropped: () => undefined,
      releaseFinished: () => undefined,
    };
    const { sink, logger } = await setup({ indicator });
    sink.start();
    await until(() => sink.connected, "the connection");
    await sink.present({ card: "1", raw: "1" });
    expect(logger.lines).toContainEqual({ level: "warn", details: { err: "buzzer gone" }, message: "the status indicator failed" });
  });
});

describe("connection state", () => {
  test("a server that closes the connection is reconnected to, and each change is logged", async () => {
    const { server, sink, logger, states } = await setup();
    sink.start();
    await until(() => sink.connected, "the connection");
    server.io.of("/kiosk").disconnectSockets(true);
    await until(() => server.handshakes.length === 2 && sink.connected, "the reconnection");
    expect(states).toEqual(["connecting", "connected", "disconnected", "connecting", "connected"]);
    expect(logger.lines).toContainEqual({ level: "warn", details: { reason: "io server disconnect" }, message: "disconnected from the server: io server disconnect" });
    expect(logger.lines.filter((line) => line.message === "connected to the server")).toHaveLength(2);
  });

  test("a refused token is retried slowly, asking for the token again, and logged as unauthorized", async () => {
    const tokens = ["wrong-token-0123456789", "wrong-token-0123456789", "good-token-0123456789"];
    let asked = 0;
    const { server, sink, logger, states } = await setup({ token: async () => tokens[Math.min(asked++, tokens.length - 1)]! });
    sink.start();
    await until(() => sink.connected, "the connection with the renewed token");
    expect(server.handshakes.map((handshake) => (handshake.auth as { token: string }).token)).toEqual(tokens);
    expect(states.filter((state) => state === "unauthorized")).toHaveLength(2);
    const refusal = logger.lines.find((line) => line.level === "error");
    expect(refusal?.message).toContain("the server refused this kiosk (unauthorized)");
    expect(JSON.stringify(logger.lines)).not.toContain("token-0123456789");
  });

  test("a token that cannot be read is logged and the server refuses the handshake without one", async () => {
    const { server, sink, logger } = await setup({ token: async () => Promise.reject(new Error("--token-file /x has mode 0644")) });
    sink.start();
    await until(() => sink.state === "unauthorized", "the refusal");
    expect(server.handshakes[0]?.auth).toEqual({ role: "agent", agentVersion: "9.9.9" });
    expect(logger.lines).toContainEqual({ level: "error", details: { err: "--token-file /x has mode 0644" }, message: "could not read the kiosk token" });
  });

  test("while the server cannot be reached, each reconnect attempt is logged with the cause of the last failure", async () => {
    const { server, sink, logger } = await setup();
    await server.close(); // nothing listens on its port any more
    sink.start();
    await until(() => logger.lines.some((line) => line.message === "reconnecting, attempt 2"), "two reconnect attempts");
    const attempts = logger.lines.filter((line) => line.message.startsWith("reconnecting"));
    expect(attempts.slice(0, 2).map((line) => line.details)).toEqual([
      { attempt: 1, lastError: expect.stringContaining("ECONNREFUSED") },
      { attempt: 2, lastError: expect.stringContaining("ECONNREFUSED") },
    ]);
    expect(sink.connected).toBe(false);
    await expect(sink.present({ card: "1", raw: "1" })).rejects.toMatchObject({ code: "unavailable" });
  });

  test("after close nothing reconnects", async () => {
    const { server, sink } = await setup();
    sink.start();
    await until(() => sink.connected, "the connection");
    await sink.close();
    expect(sink.state).toBe("closed");
    expect(sink.connected).toBe(false);
    await until(() => server.io.of("/kiosk").sockets.size === 0, "the server to see the disconnect");
    await expect(sink.present({ card: "1", raw: "1" })).rejects.toMatchObject({ code: "unavailable" });
    expect(server.handshakes).toHaveLength(1);
  });
});
