// Advertises the queue with DNS-SD through avahi (the Linux mDNS responder): one
// `avahi-publish-service` per service type, which keeps its registration for as long as it runs.
// Without avahi the server still works; it is just not found by browsing, and says so in the log.
import { spawn } from "node:child_process";
import type { Server } from "node:http";
import os from "node:os";
import type { Config } from "../config.js";
import type { QueueDescription } from "../ipp/queue-description.js";
import type { Logger } from "../logger.js";
import { queueTxtRecord } from "./txt-record.js";

const PUBLISH_TOOL = "avahi-publish-service";

export interface AdvertiseOptions {
  server: Server;
  config: Config;
  port: number;
  describeQueue(): Promise<QueueDescription>;
  logger: Logger;
}

/** The avahi-publish-service arguments for one service type (_ipp._tcp or _ipps._tcp). */
export function publishArguments(name: string, type: string, port: number, txt: string[]): string[] {
  // _print: "an IPP printer"; _universal: AirPrint's "takes PDF/URF", which iOS browses for.
  return [`--subtype=_print._sub.${type}`, `--subtype=_universal._sub.${type}`, name, type, String(port), ...txt];
}

/**
 * Starts advertising when PRINTVAKT_DNSSD is on. The registrations end when `server` closes or
 * this process exits.
 */
export async function advertiseQueue(options: AdvertiseOptions): Promise<void> {
  const { config, logger, port } = options;
  if (!config.dnssd) return;
  const tls = config.tlsCertFile !== undefined;
  const txt = queueTxtRecord({
    queue: await options.describeQueue(),
    adminUrl: `${tls ? "https" : "http"}://${os.hostname()}.local:${port}/admin`,
    tls,
    basicRequired: config.requireAuthentication,
  });
  const types = tls ? ["_ipp._tcp", "_ipps._tcp"] : ["_ipp._tcp"];
  const registrations = types.map((type) => publish(publishArguments(config.queueName, type, port, txt), type, logger));
  const stop = () => {
    process.off("exit", stop);
    for (const registration of registrations) registration.stop();
  };
  options.server.once("close", stop);
  // A process.exit() without closing the server must not leave the queue advertised.
  process.once("exit", stop);
}

function publish(args: string[], type: string, logger: Logger): { stop(): void } {
  const child = spawn(PUBLISH_TOOL, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stopping = false;
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    // "Established under name 'Secure Print'" (or "Secure Print #2" after a name collision).
    const established = /Established under name '(.*)'/.exec(text);
    if (established) logger.info({ type, name: established[1] }, "advertised with DNS-SD");
    stderr = (stderr + text).slice(-2_000);
  });
  child.on("error", (error: NodeJS.ErrnoException) => {
    stopping = true; // one warning is enough; an "exit" may follow
    const reason = error.code === "ENOENT" ? `${PUBLISH_TOOL} is not installed (Debian package avahi-utils)` : error.message;
    logger.warn({ type, reason }, "DNS-SD not available: the queue is not advertised");
  });
  child.on("exit", (code) => {
    if (stopping) return;
    // Typically "Failed to create client object: Daemon not running" when avahi-daemon is not up.
    logger.warn({ type, code, reason: stderr.trim() }, "DNS-SD not available: the queue is not advertised");
  });
  return {
    stop() {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    },
  };
}
