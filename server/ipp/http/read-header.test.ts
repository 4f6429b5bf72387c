// The HTTP side of reading an IPP request (read-header.ts) on a real Node HTTP server and socket.
// Written for an attempt to read requests by their events (reverted: see the history of
// core/ipp/codec/read-header.ts); kept because both cases hold for any way of reading: a review
// found that attempt crashing on the first. The third holds the body's backpressure through the
// server's first-octet hand-over (server/http/first-octet.ts) with a stalled reader. That attempt
// lost backpressure under a busy reader that paused and resumed the request; this case did not
// reproduce that mechanism (not found), so the 1 GiB test stays the guard for it.
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, expect, test } from "vitest";
import { samplePrintJobHeader } from "../../../test/support/ipp/sample-messages.js";
import { waitForFirstOctet } from "../../http/first-octet.js";
import { readRequestHeader, type HeaderRead } from "./read-header.js";
import { drain } from "./responses.js";

const header = samplePrintJobHeader();
const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/**
 * A server whose handler reads the header, then does what `after` says; resolves with what it saw.
 * `firstOctet`: connections reach the HTTP server through the hand-over the real server uses.
 */
async function serve(after: (read: HeaderRead, request: http.IncomingMessage) => Promise<unknown>, firstOctet = false): Promise<{ port: number; seen: Promise<unknown> }> {
  let report!: (value: unknown) => void;
  const seen = new Promise((resolve) => (report = resolve));
  const server = http.createServer((request, response) => {
    void (async () => {
      const read = await readRequestHeader(request, { maxHeaderBytes: 65_536, headerTimeoutMs: 5_000 });
      report(await after(read, request));
      response.end();
    })();
  });
  if (firstOctet) waitForFirstOctet(server, 5_000);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, seen };
}

function connect(port: number, contentLength: number): Promise<net.Socket> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => {
      socket.write(`POST /ipp/print HTTP/1.1\r\nHost: printvakt\r\nContent-Type: application/ipp\r\nContent-Length: ${contentLength}\r\n\r\n`);
      resolve(socket);
    });
    socket.on("error", () => undefined);
  });
}

test("a client that goes while the operation is still busy (before its body is read) stops nothing: the body reports it incomplete", async () => {
  const { port, seen } = await serve(async (read) => {
    expect(read.kind).toBe("read");
    // The operation's checks (a PIN hashed, the database asked) before it reads the document.
    await new Promise((resolve) => setTimeout(resolve, 150));
    return read.kind === "read" ? drain(read.body, 1_000_000) : undefined;
  });
  const socket = await connect(port, header.length + 10_000);
  socket.write(header);
  setTimeout(() => socket.destroy(), 30);
  // An 'error' on a body nobody listened to would be uncaught here, and vitest fails the run on it.
  expect(await seen).toEqual({ complete: false });
});

test("a first octet that names version 9, sent alone, is answered with the request-id that follows it", async () => {
  const { port, seen } = await serve(async (read, request) => ({ read, paused: request.isPaused() }));
  const octets = Buffer.concat([Buffer.of(9, 0), header.subarray(2)]);
  const socket = await connect(port, octets.length + 5_000);
  socket.write(octets.subarray(0, 1));
  await new Promise((resolve) => setTimeout(resolve, 50));
  socket.write(Buffer.concat([octets.subarray(1), Buffer.alloc(5_000)]));
  const { read, paused } = (await seen) as { read: HeaderRead; paused: boolean };
  expect(read.kind).toBe("undecodable");
  if (read.kind !== "undecodable") return;
  expect(read.envelope).toEqual(octets.subarray(0, 8));
  expect(read.error.code).toBe("version-not-supported");
  expect(paused, "the rest is not read on: the answer closes the connection").toBe(true);
  socket.destroy();
});

test("a body its reader does not take stops the socket behind the first-octet hand-over: the server holds megabytes, not the upload", async () => {
  let go!: () => void;
  const stalled = new Promise<void>((resolve) => (go = resolve));
  const { port, seen } = await serve(async (read, request) => {
    if (read.kind !== "read") return read.kind;
    const body = read.body[Symbol.asyncIterator]();
    await body.next(); // the operation has begun reading the document, then its writer falls behind
    await stalled;
    const bytesRead = request.socket.bytesRead;
    request.socket.destroy(); // (an answer with the body unread would hold the connection for seconds)
    return bytesRead;
  }, true);
  const total = 512 * 1024 * 1024;
  const socket = await connect(port, header.length + total);
  socket.write(header);
  // The client writes as fast as the server takes bytes, for one second (a fast LAN host).
  const chunk = Buffer.alloc(1024 * 1024);
  let sent = 0;
  const until = Date.now() + 1_000;
  while (Date.now() < until && sent < total) {
    sent += chunk.length;
    if (!socket.write(chunk)) {
      await Promise.race([new Promise((resolve) => socket.once("drain", resolve)), new Promise((resolve) => setTimeout(resolve, until - Date.now()))]);
    }
  }
  go();
  const bytesRead = (await seen) as number;
  socket.destroy();
  // With backpressure the server reads what its own buffers hold (0.2 MB here) and the client what
  // the kernel's hold (4 MB). A hand-over that resumed the socket behind the reader's back read
  // 46 MB in the second (tried by hand); the 1 GiB upload in test/security/ipp-limits.test.ts
  // checks the whole server's memory.
  expect(bytesRead).toBeLessThan(16 * 1024 * 1024);
  // (The kernel's socket buffers may grow to tcp_rmem's and tcp_wmem's maximum, 32 MB and 4 MB here.)
  expect(sent, "the client could not write more than the buffers hold either").toBeLessThan(128 * 1024 * 1024);
});
