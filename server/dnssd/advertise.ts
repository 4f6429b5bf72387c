// Advertises the queue with DNS-SD through avahi (the Linux mDNS responder): one
// `avahi-publish-service` per service type, which keeps its registration for as long as it runs.
// Without avahi the server still works; it is just not found by browsing, and says so in the log.
// When another service on this host has the name, the queue is registered as "Name #2" (then #3 ...),
// as avahi itself renames on a collision with another host; printer-dns-sd-name follows.
import { spawn } from "node:child_process";
import type { Server } from "node:http";
import os from "node:os";
import type { Config } from "../config.js";
import type { AdvertisedName, QueueDescription } from "../ipp/queue-description.js";
import type { Logger } from "../logger.js";
import { queueTxtRecord } from "./txt-record.js";

const PUBLISH_TOOL = "avahi-publish-service";

export interface AdvertiseOptions {
  server: Server;
  config: Config;
  port: number;
  describeQueue(): Promise<QueueDescription>;
  /** Set to the name avahi registered _ipp._tcp under. */
  advertisedName: AdvertisedName;
  logger: Logger;
}

/** Names tried after a local collision before giving up ("Name #2" ... "Name #20"). */
const MAX_RENAMES = 19;

/** avahi's alternative service name: "Name" → "Name #2", "Name #2" → "Name #3" (avahi_alternative_service_name). */
export function alternativeServiceName(name: string): string {
  const numbered = / #(\d+)$/.exec(name);
  return numbered ? `${name.slice(0, numbered.index)} #${Number(numbered[1]) + 1}` : `${name} #2`;
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
  const established = (type: string, name: string) => {
    if (type === "_ipp._tcp") options.advertisedName.current = name;
  };
  const registrations = types.map((type) => publish({ name: config.queueName, type, port, txt, logger, established }));
  const stop = () => {
    process.off("exit", stop);
    for (const registration of registrations) registration.stop();
  };
  options.server.once("close", stop);
  // A process.exit() without closing the server must not leave the queue advertised.
  process.once("exit", stop);
}

interface Registration {
  name: string;
  type: string;
  port: number;
  txt: string[];
  logger: Logger;
  established(type: string, name: string): void;
}

/** Keeps one service registered: avahi-publish-service under `name`, renamed on a local collision. */
function publish(registration: Registration): { stop(): void } {
  const { type, logger } = registration;
  let stopping = false;
  let child = spawnPublisher(registration.name, 0);
  function spawnPublisher(name: string, renames: number) {
    const publisher = spawn(PUBLISH_TOOL, publishArguments(name, type, registration.port, registration.txt), { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    publisher.stderr!.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      // "Established under name 'Secure Print'" (or "Secure Print #2" after avahi renamed it).
      const established = /Established under name '(.*)'/.exec(text);
      if (established) {
        logger.info({ type, name: established[1] }, "advertised with DNS-SD");
        registration.established(type, established[1]!);
      }
      stderr = (stderr + text).slice(-2_000);
    });
    publisher.on("error", (error: NodeJS.ErrnoException) => {
      stopping = true; // one warning is enough; an "exit" may follow
      const reason = error.code === "ENOENT" ? `${PUBLISH_TOOL} is not installed (Debian package avahi-utils)` : error.message;
      logger.warn({ type, reason }, "DNS-SD not available: the queue is not advertised");
    });
    publisher.on("exit", (code) => {
      if (stopping) return;
      // Another service on this host has the name: avahi-publish-service gives up instead of renaming.
      if (stderr.includes("Local name collision") && renames < MAX_RENAMES) {
        const next = alternativeServiceName(name);
        logger.warn({ type, name, renamedTo: next }, "DNS-SD name taken on this host: advertising under another name");
        child = spawnPublisher(next, renames + 1);
        return;
      }
      // Typically "Failed to create client object: Daemon not running" when avahi-daemon is not up.
      logger.warn({ type, code, reason: stderr.trim() }, "DNS-SD not available: the queue is not advertised");
    });
    return publisher;
  }
  return {
    stop() {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    },
  };
}
