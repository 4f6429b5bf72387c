// The printer limits an operator configures reach the drivers the server releases through.
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { jobFromBuffer, samplePdf } from "../../test/support/printers/outgoing-job.js";
import { destinationRules, printerDriverFactory } from "../admin/printer-destinations.js";
import { loadConfig } from "../config.js";
import { printerDriverOptions } from "./printer-driver-options.js";

/** A printer's port 9100 that accepts and never reads; with `trickle` it sends an octet every 100 ms. */
async function unreadPrinter(trickle: boolean): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.pause();
    if (trickle) {
      const timer = setInterval(() => socket.write(Buffer.from([0x20])), 100);
      socket.once("close", () => clearInterval(timer));
    }
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The driver the server would make for this printer under these settings. */
function serverDriver(port: number, environment: Record<string, string>) {
  const config = loadConfig({ PRINTVAKT_PRINTER_NETWORKS: "127.0.0.0/8", PRINTVAKT_RAW_PRINTER_PORTS: String(port), ...environment });
  return printerDriverFactory(destinationRules(config), printerDriverOptions(config))(`socket://127.0.0.1:${port}`);
}

describe("printer limits from the configuration", () => {
  let printer: Awaited<ReturnType<typeof unreadPrinter>> | undefined;
  afterEach(async () => {
    await printer?.close();
    printer = undefined;
  });

  test("every network driver is given the configured idle timeout and step deadline, and the retry time", () => {
    const options = printerDriverOptions(loadConfig({ PRINTVAKT_PRINTER_IDLE_TIMEOUT: "90s", PRINTVAKT_PRINTER_STEP_DEADLINE: "2h", PRINTVAKT_PRINTER_RETRY_FOR: "1m" }));
    for (const driver of [options.ipp, options.rawSocket, options.lpd]) {
      expect(driver).toMatchObject({ idleTimeoutMs: 90_000, stepDeadlineMs: 7_200_000, retry: { totalMs: 60_000 } });
    }
  });

  test("a test's own driver options still come on top of the configured limits", () => {
    const options = printerDriverOptions(loadConfig({ PRINTVAKT_PRINTER_IDLE_TIMEOUT: "90s" }), { ipp: { idleTimeoutMs: 500 } });
    expect(options.ipp?.idleTimeoutMs).toBe(500);
    expect(options.rawSocket?.idleTimeoutMs).toBe(90_000);
  });

  test("PRINTVAKT_PRINTER_STEP_DEADLINE ends a release to a printer that trickles octets and never takes the document", { timeout: 20_000 }, async () => {
    printer = await unreadPrinter(true);
    // Each octet restarts the idle timeout; with the default 30 min deadline this would outlast the test.
    const driver = serverDriver(printer.port, { PRINTVAKT_PRINTER_IDLE_TIMEOUT: "1h", PRINTVAKT_PRINTER_STEP_DEADLINE: "1s" });
    await expect(driver.submit(jobFromBuffer(samplePdf(32_000_000)))).rejects.toMatchObject({ code: "unavailable", details: { reason: "connection-lost-while-sending" } });
  });

  test("PRINTVAKT_PRINTER_IDLE_TIMEOUT ends a release to a printer that falls silent", { timeout: 20_000 }, async () => {
    printer = await unreadPrinter(false);
    // With the default minute of silence this would outlast the test.
    const driver = serverDriver(printer.port, { PRINTVAKT_PRINTER_IDLE_TIMEOUT: "1s" });
    await expect(driver.submit(jobFromBuffer(samplePdf(32_000_000)))).rejects.toMatchObject({ code: "unavailable", details: { reason: "connection-lost-while-sending" } });
  });
});
