// Applies the printer-destination rules (server/policy/printer-destinations.ts): when a printer is
// added (resolving its host name), and at every connection the drivers open (review M7).
import dns from "node:dns/promises";
import { PrintvaktError } from "../../core/errors.js";
import { driverForUri, parsePrinterUri, type DriverOptions } from "../../drivers/printers/driver-for-uri.js";
import { unreachableStatus, type PrinterDriver, type PrinterStatus, type SubmitResult } from "../../drivers/printers/printer-driver.js";
import { destinationRefused } from "../../drivers/printers/transport-failures.js";
import type { Config } from "../config.js";
import { addressRefusal, fileDestinationRefusal, rawPortRefusal, type PrinterDestinationRules, type AdminOrigin, type Refusal } from "../policy/printer-destinations.js";

const RAW_PORT = 9100;

export function destinationRules(config: Config): PrinterDestinationRules {
  return { allowFilePrinters: config.allowFilePrinters, printerNetworks: config.printerNetworks, rawPrinterPorts: config.rawPrinterPorts };
}

/** What can be decided from the URI alone: the scheme and, for socket://, the port. */
function uriRefusal(uri: URL, origin: AdminOrigin, rules: PrinterDestinationRules): Refusal {
  if (uri.protocol === "file:") return fileDestinationRefusal(origin, rules);
  if (uri.protocol === "socket:") return rawPortRefusal(uri.port === "" ? RAW_PORT : Number(uri.port), rules);
  return undefined;
}

function refused(reason: string): PrintvaktError {
  return new PrintvaktError("forbidden", `printer refused: ${reason}`);
}

/**
 * Checks a new printer's URI against the rules, resolving its host now so that an admin learns at
 * once that a name points somewhere refused. A name that does not resolve yet is accepted: every
 * connection checks the addresses again, so a later answer cannot slip past.
 */
export async function checkPrinterDestination(text: string, origin: AdminOrigin, rules: PrinterDestinationRules): Promise<URL> {
  const uri = parsePrinterUri(text);
  const uriProblem = uriRefusal(uri, origin, rules);
  if (uriProblem !== undefined) throw refused(uriProblem);
  if (uri.protocol === "file:") return uri;
  const host = uri.hostname.replace(/^\[(.*)\]$/, "$1");
  const addresses = await dns.lookup(host, { all: true }).catch(() => []);
  for (const { address } of addresses) {
    const problem = addressRefusal(uri.protocol, address, rules);
    if (problem !== undefined) throw refused(problem);
  }
  return uri;
}

/** A printer whose URI the rules refuse (one stored before the rules, or rules since tightened). */
class RefusedDestination implements PrinterDriver {
  async probe(): Promise<PrinterStatus> {
    return unreachableStatus("printer-unreachable");
  }

  async submit(): Promise<SubmitResult> {
    throw destinationRefused();
  }
}

/** Makes drivers that check every address they connect to; refused URIs get a driver that never connects. */
export function printerDriverFactory(rules: PrinterDestinationRules, options: DriverOptions = {}): (uri: string) => PrinterDriver {
  return (text) => {
    const uri = parsePrinterUri(text);
    if (uriRefusal(uri, "cli", rules) !== undefined) return new RefusedDestination();
    const allowAddress = (address: string) => addressRefusal(uri.protocol, address, rules) === undefined;
    return driverForUri(uri, { ...options, ipp: { ...options.ipp, allowAddress }, rawSocket: { ...options.rawSocket, allowAddress }, lpd: { ...options.lpd, allowAddress } });
  };
}
