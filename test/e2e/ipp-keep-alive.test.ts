// A connection idle before or between requests (ipptool opens one for ipp-2.0.test and sends its
// first request minutes later) stays open for the keep-alive time, while a client that is slow to
// send its request headers is still cut at the header timeout, counted from its first octet.
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { IppOperation } from "../../core/ipp/codec/operations.js";
import { attr, keyword, uri } from "../../core/ipp/codec/values.js";
import { requestBytes } from "../support/ipp-client.js";
import { startPrintvaktServer, type ServerProcess } from "../support/printvakt-server.js";

const HEADER_TIMEOUT_MS = 1_000;
const KEEP_ALIVE_MS = 9_000;
let server: ServerProcess;

beforeAll(async () => {
  server = await startPrintvaktServer({ PRINTVAKT_HEADER_TIMEOUT: `${HEADER_TIMEOUT_MS}ms`, PRINTVAKT_KEEP_ALIVE_TIMEOUT: `${KEEP_ALIVE_MS}ms` });
});

afterAll(async () => {
  await server?.stop();
});

/** A socket that collects what the server sends and notes when the server closes it. */
function openConnection(port: number): Promise<{ socket: net.Socket; received: () => string; closed: () => boolean }> {
  return new Promise((resolve, reject) => {
    let data = "";
    let closed = false;
    const socket = net.connect(port, "127.0.0.1", () => resolve({ socket, received: () => data, closed: () => closed }));
    socket.on("data", (chunk: Buffer) => (data += chunk.toString("latin1")));
    socket.on("close", () => (closed = true));
    socket.on("error", reject);
  });
}

function getPrinterAttributes(port: number, requestId: number): Buffer {
  const body = requestBytes({
    url: `http://127.0.0.1:${port}/ipp/print`,
    operation: IppOperation.getPrinterAttributes,
    requestId,
    attributes: [attr("printer-uri", uri(`ipp://127.0.0.1:${port}/ipp/print`)), attr("requested-attributes", keyword("printer-state"))],
  });
  const head = `POST /ipp/print HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/ipp\r\nContent-Length: ${body.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, "latin1"), body]);
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

const answers = (text: string) => text.split("HTTP/1.1 200").length - 1;

describe("keep-alive and the request-header timeout", () => {
  test("a connection idle between requests for longer than the header timeout answers the next request", async () => {
    const connection = await openConnection(server.port);
    connection.socket.write(getPrinterAttributes(server.port, 1));
    await until(() => answers(connection.received()) === 1, "the first answer");
    // Six header timeouts, and longer than the 5 s keep-alive Node was left at before; within ours.
    await sleep(6_000);
    expect(connection.closed()).toBe(false);
    connection.socket.write(getPrinterAttributes(server.port, 2));
    await until(() => answers(connection.received()) === 2 || connection.closed(), "the second answer");
    expect(answers(connection.received())).toBe(2);
    expect(connection.closed()).toBe(false);
    connection.socket.destroy();
  });

  test("a connection opened and left silent before its first request (ipptool's for ipp-2.0.test) is answered too", async () => {
    const connection = await openConnection(server.port);
    await sleep(6_000);
    expect(connection.closed()).toBe(false);
    connection.socket.write(getPrinterAttributes(server.port, 1));
    await until(() => answers(connection.received()) === 1 || connection.closed(), "the answer");
    expect(answers(connection.received())).toBe(1);
    connection.socket.destroy();
  });

  test("a connection that never sends anything is closed at the keep-alive time", async () => {
    const connection = await openConnection(server.port);
    await until(() => connection.closed(), "the server to close the silent connection", KEEP_ALIVE_MS + 5_000);
    expect(connection.received()).toBe("");
  });

  test("a connection left idle past the keep-alive time is closed by the server", async () => {
    const connection = await openConnection(server.port);
    connection.socket.write(getPrinterAttributes(server.port, 1));
    await until(() => answers(connection.received()) === 1, "the answer");
    await until(() => connection.closed(), "the server to close the idle connection", KEEP_ALIVE_MS + 5_000);
    expect(answers(connection.received())).toBe(1);
  });

  test("a client that trickles its request headers (slowloris) is still cut at the header timeout", async () => {
    const connection = await openConnection(server.port);
    connection.socket.write(`POST /ipp/print HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n`);
    // One header line every 300 ms: never finishing, always a little traffic.
    const trickle = setInterval(() => {
      if (!connection.closed()) connection.socket.write("X-Slow: 1\r\n");
    }, 300);
    try {
      await until(() => connection.closed(), "the server to cut the slow headers", HEADER_TIMEOUT_MS + 4_000);
    } finally {
      clearInterval(trickle);
    }
    expect(connection.received()).not.toContain("HTTP/1.1 200");
  });

  test("a client that stops after the first request line of a second request is cut at the header timeout too", async () => {
    const connection = await openConnection(server.port);
    connection.socket.write(getPrinterAttributes(server.port, 1));
    await until(() => answers(connection.received()) === 1, "the first answer");
    connection.socket.write(`POST /ipp/print HTTP/1.1\r\n`);
    await until(() => connection.closed(), "the server to cut the unfinished headers", HEADER_TIMEOUT_MS + 4_000);
    expect(answers(connection.received())).toBe(1);
  });
});
