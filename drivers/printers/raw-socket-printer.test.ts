// Raw TCP 9100 output against a local listener: identical bytes, half-close, bounded retries.
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { PrintvaktError } from "../../core/errors.js";
import { RawSocketPrinter } from "./raw-socket-printer.js";
import { failingBody, jobFromBuffer, samplePdf, sha256 } from "../../test/support/printers/outgoing-job.js";

interface Listener {
  uri: URL;
  received: Buffer[];
  connections: number;
  close(): Promise<void>;
}

/** A stand-in for a printer's port 9100: keeps what arrives; closes on the client's half-close unless told to hang on. */
async function listen(behaviour: { closeOnEnd: boolean } = { closeOnEnd: true }): Promise<Listener> {
  const sockets = new Set<net.Socket>();
  const listener = { received: [] as Buffer[], connections: 0 };
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    listener.connections += 1;
    sockets.add(socket);
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("end", () => {
      listener.received.push(Buffer.concat(chunks));
      socket.write("@PJL USTATUS JOB END\r\n");
      if (behaviour.closeOnEnd) socket.end();
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    uri: new URL(`socket://127.0.0.1:${port}`),
    get received() {
      return listener.received;
    },
    get connections() {
      return listener.connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A printer's port that never reads the document; with `trickle`, it sends one octet every 100 ms, so the connection is never idle. */
async function unread(behaviour: { trickle: boolean }): Promise<Listener> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.pause();
    if (behaviour.trickle) {
      const timer = setInterval(() => socket.write(Buffer.from([0x20])), 100);
      socket.once("close", () => clearInterval(timer));
    }
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    uri: new URL(`socket://127.0.0.1:${port}`),
    received: [],
    connections: sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function closedPortUri(): Promise<URL> {
  const listener = await listen();
  await listener.close();
  return listener.uri;
}

const FAST_RETRY = { attempts: 3, initialDelayMs: 5, maxDelayMs: 20, totalMs: 5_000 };
let listener: Listener | undefined;

afterEach(async () => {
  await listener?.close();
  listener = undefined;
});

describe("RawSocketPrinter", () => {
  test("the printer receives exactly the document's bytes, then the connection is half-closed", async () => {
    listener = await listen();
    const document = samplePdf(3_000_000);
    const job = jobFromBuffer(document, { template: { copies: 2 } });

    const result = await new RawSocketPrinter(listener.uri).submit(job);

    expect(listener.received).toHaveLength(1);
    expect(sha256(listener.received[0] as Buffer)).toBe(sha256(document));
    expect(result).toEqual({ printerJobId: null, finalState: "sent", reasons: ["copies-not-applied"], bytesSent: document.length, documentFormat: "application/pdf" });
    expect(job.progress.map((event) => event.stage)).toEqual(["sending", "sent"]);
  });

  test("a printer that keeps the connection open after the document is reported, not waited on forever", async () => {
    listener = await listen({ closeOnEnd: false });
    const result = await new RawSocketPrinter(listener.uri, { closeTimeoutMs: 200 }).submit(jobFromBuffer(samplePdf(1000)));
    expect(result.finalState).toBe("sent");
    expect(result.reasons).toContain("printer-did-not-close-connection");
    expect(listener.received).toHaveLength(1);
  });

  test("a printer that trickles octets without taking the document: the step's deadline ends the release as a timeout does, nothing hangs", { timeout: 20_000 }, async () => {
    listener = await unread({ trickle: true });
    // Each octet restarts the idle timeout; without a deadline the release waits for good (shows as this test's timeout).
    const printer = new RawSocketPrinter(listener.uri, { idleTimeoutMs: 2_000, stepDeadlineMs: 1_000, closeTimeoutMs: 300 });
    const job = jobFromBuffer(samplePdf(32_000_000));
    await expect(printer.submit(job)).rejects.toMatchObject({ code: "unavailable", details: { reason: "connection-lost-while-sending" } });
    expect(job.progress.map((event) => event.stage)).toEqual(["sending"]);
  });

  test("a silent printer that stops taking the document is cut off by the idle timeout, with the same failure", async () => {
    listener = await unread({ trickle: false });
    const printer = new RawSocketPrinter(listener.uri, { idleTimeoutMs: 300, closeTimeoutMs: 300 });
    await expect(printer.submit(jobFromBuffer(samplePdf(32_000_000)))).rejects.toMatchObject({ code: "unavailable", details: { reason: "connection-lost-while-sending" } });
  });

  test("a printer that is down is unavailable after the bounded retries, and no body was opened", async () => {
    const job = jobFromBuffer(samplePdf(1000));
    const submitting = new RawSocketPrinter(await closedPortUri(), { retry: FAST_RETRY }).submit(job);
    await expect(submitting).rejects.toMatchObject({ code: "unavailable", details: { reason: "printer-offline", attempts: 3 } });
    expect(job.progress.filter((event) => event.stage === "retrying")).toHaveLength(2);
    expect(job.bodiesOpened()).toBe(0);
  });

  test("a document stream that fails mid-way stops the upload and reports the stream's error", async () => {
    listener = await listen();
    const failure = new PrintvaktError("internal", "authentication tag mismatch");
    const job = jobFromBuffer(samplePdf(10), { openBody: failingBody(Buffer.alloc(200_000, 7), failure) });
    await expect(new RawSocketPrinter(listener.uri).submit(job)).rejects.toBe(failure);
    // Whether the listener then sees a reset or an end of stream depends on what was still in flight (see #send).
  });

  test("with known formats, an unknown one is refused before connecting", async () => {
    listener = await listen();
    const job = jobFromBuffer(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), { documentFormat: "application/octet-stream" });
    const printer = new RawSocketPrinter(listener.uri, { formats: ["application/vnd.hp-pcl", "application/postscript"] });
    await expect(printer.submit(job)).rejects.toMatchObject({ code: "unsupported", details: { documentFormat: "image/jpeg" } });
    expect(listener.connections).toBe(0);
  });

  test("probe: reachable when the port accepts a connection, unreachable when it refuses", async () => {
    listener = await listen();
    expect(await new RawSocketPrinter(listener.uri).probe()).toMatchObject({ reachable: true, state: "unknown", stateReasons: [] });
    expect(await new RawSocketPrinter(await closedPortUri()).probe()).toMatchObject({ reachable: false, stateReasons: ["printer-offline"] });
  });
});

// Found by review (the IPP driver had the same window): the connected socket had no error listener
// while the release recorded that sending starts, so a printer's reset then was an uncaught
// exception, the server's end.
test("a reset while the send is being recorded fails the release before any octet, crashing nothing", async () => {
  let accepted = 0;
  let octets = 0;
  const server = net.createServer((socket) => {
    accepted += 1;
    socket.on("data", (chunk: Buffer) => (octets += chunk.length));
    socket.on("error", () => undefined);
    setTimeout(() => socket.resetAndDestroy(), 20);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const job = jobFromBuffer(samplePdf(1_000), {
      beforeSending: async () => {
        while (accepted === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        await new Promise((resolve) => setTimeout(resolve, 150));
      },
    });

    const failure = await new RawSocketPrinter(new URL(`socket://127.0.0.1:${port}`)).submit(job).then(() => undefined, (error: unknown) => error);

    expect(failure).toBeInstanceOf(PrintvaktError);
    expect((failure as PrintvaktError).details).toMatchObject({ reason: "connection-reset" });
    expect(job.progress.map((event) => event.stage)).not.toContain("sending");
    expect(octets).toBe(0);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
