// The IPP exchange while a release records that sending starts (connectBeforeWriting): the
// connection is open and silent for as long as that record takes, and the printer may drop it then.
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, expect, test } from "vitest";
import { PrintvaktError } from "../../core/errors.js";
import { exchangeIpp, type TransportOptions } from "./ipp-transport.js";

const OPTIONS: TransportOptions = {
  acceptSelfSigned: false,
  connectTimeoutMs: 2_000,
  idleTimeoutMs: 2_000,
  responseTimeoutMs: 2_000,
  maxResponseBytes: 65_536,
  stepDeadlineMs: 5_000,
};

let server: net.Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A printer that takes the connection and resets it soon after, as one out of connection slots may. */
async function resettingPrinter(): Promise<{ port: number; accepted: () => number; octets: () => number }> {
  let accepted = 0;
  let octets = 0;
  server = net.createServer((socket) => {
    accepted++;
    socket.on("data", (chunk) => (octets += chunk.length));
    socket.on("error", () => undefined);
    setTimeout(() => socket.resetAndDestroy(), 20);
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as net.AddressInfo).port, accepted: () => accepted, octets: () => octets };
}

// Found by review: the connected socket had no error listener while the record ran, so the reset was
// an uncaught exception (the server's end), and the exchange then waited out its timeout and failed
// as not responding, after the send had been reported (the job "may have printed").
test("a reset while the send is being recorded fails the exchange as a retryable reset, sends nothing and crashes nothing", async () => {
  const printer = await resettingPrinter();
  const endpoint = { host: "127.0.0.1", port: printer.port, path: "/ipp/print", tls: false };
  let recorded = false;
  const beforeWrite = async () => {
    // Long enough for the reset to arrive on the open, silent connection.
    while (printer.accepted() === 0) await sleep(5);
    await sleep(150);
    recorded = true;
  };

  const failure = await exchangeIpp(endpoint, Buffer.from("header"), null, OPTIONS, undefined, beforeWrite).then(
    () => undefined,
    (error: unknown) => error,
  );

  expect(recorded).toBe(true);
  expect(failure).toBeInstanceOf(PrintvaktError);
  expect((failure as PrintvaktError).details).toMatchObject({ reason: "connection-reset", retryable: true });
  expect(printer.octets()).toBe(0);
});
