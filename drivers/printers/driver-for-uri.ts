// Validates printer URIs and picks the driver for each scheme (ipp, ipps, http, https, socket, lpd, file).
import net from "node:net";
import { fileURLToPath } from "node:url";
import { PrintvaktError } from "../../core/errors.js";
import { FileSinkPrinter, type FileSinkPrinterOptions } from "./file-sink-printer.js";
import { IppPrinter, type IppPrinterOptions } from "./ipp-printer.js";
import type { PrinterDriver } from "./printer-driver.js";
import { LpdPrinter, type LpdPrinterOptions } from "./lpd-printer.js";
import { RawSocketPrinter, type RawSocketPrinterOptions } from "./raw-socket-printer.js";

export interface DriverOptions {
  ipp?: IppPrinterOptions;
  rawSocket?: RawSocketPrinterOptions;
  lpd?: LpdPrinterOptions;
  fileSink?: FileSinkPrinterOptions;
}

interface SchemeEntry {
  /** A network printer needs a host; the file sink must not have one. */
  host: "required" | "forbidden";
  /** Whether anything but "/" may follow the host; "queue": exactly one LPD queue name. */
  path: "any" | "none" | "queue";
  create(uri: URL, options: DriverOptions): PrinterDriver;
}

const SCHEMES: Readonly<Record<string, SchemeEntry>> = {
  "ipp:": { host: "required", path: "any", create: (uri, options) => new IppPrinter(uri, options.ipp) },
  "ipps:": { host: "required", path: "any", create: (uri, options) => new IppPrinter(uri, options.ipp) },
  "http:": { host: "required", path: "any", create: (uri, options) => new IppPrinter(uri, options.ipp) },
  "https:": { host: "required", path: "any", create: (uri, options) => new IppPrinter(uri, options.ipp) },
  "socket:": { host: "required", path: "none", create: (uri, options) => new RawSocketPrinter(uri, options.rawSocket) },
  "lpd:": { host: "required", path: "queue", create: (uri, options) => new LpdPrinter(uri, options.lpd) },
  "file:": { host: "forbidden", path: "any", create: (uri, options) => new FileSinkPrinter(fileURLToPath(uri), options.fileSink) },
};

const SCHEME_LIST = "ipp://, ipps://, http://, https://, socket://, lpd:// or file://";
const MAX_URI_LENGTH = 1024;
/** Host names: letters, digits, '-', '_' (seen in mDNS names) and dots; IPv4 matches too. */
const HOST_NAME = /^(?=.{1,253}\.?$)[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*\.?$/i;

function invalid(problem: string): PrintvaktError {
  return new PrintvaktError("bad-request", `invalid printer URI: ${problem}`);
}

function checkHost(uri: URL): void {
  const host = uri.hostname;
  const bracketed = /^\[(.*)\]$/.exec(host);
  if (bracketed) {
    if (net.isIPv6(bracketed[1] ?? "")) return;
    throw invalid(`"${host}" is not a valid IPv6 address`);
  }
  if (!HOST_NAME.test(host)) throw invalid(`"${host}" is not a valid host name`);
}

/** An LPD queue name goes on the protocol's command line as it is: printable ASCII, no spaces, one path segment or queue/instance. */
function checkQueue(uri: URL): void {
  let queue = "";
  try {
    queue = decodeURIComponent(uri.pathname.slice(1));
  } catch {
    // Left empty: refused below.
  }
  if (!/^[!-~]{1,127}$/.test(queue) || /^\/|\/$|\/.*\//.test(queue)) throw invalid("lpd:// needs a queue name after host[:port]/ (printable characters, no spaces), as in lpd://printer.example/queue");
}

/**
 * Parses and checks a printer URI as `printer add NAME --uri ...` receives it. Throws
 * PrintvaktError("bad-request") naming the problem; never echoes credentials.
 */
export function parsePrinterUri(text: string): URL {
  const trimmed = text.trim();
  if (trimmed === "") throw invalid(`it is empty (expected ${SCHEME_LIST})`);
  if (trimmed.length > MAX_URI_LENGTH) throw invalid(`it is longer than ${MAX_URI_LENGTH} characters`);
  if (/[\s\u0000-\u001f\u007f]/.test(trimmed)) throw invalid("it contains spaces or control characters");
  let uri: URL;
  try {
    uri = new URL(trimmed);
  } catch {
    throw invalid(`it is not a URI (expected ${SCHEME_LIST} followed by the printer's address)`);
  }
  const entry = SCHEMES[uri.protocol];
  if (entry === undefined) throw invalid(`the scheme "${uri.protocol}" is not supported (use ${SCHEME_LIST})`);
  if (uri.username !== "" || uri.password !== "") throw invalid("user names and passwords in printer URIs are not supported");
  if (uri.search !== "" || uri.hash !== "") throw invalid("a query (?...) or fragment (#...) is not allowed");
  if (!trimmed.toLowerCase().startsWith(`${uri.protocol}//`)) throw invalid(`write it as ${uri.protocol}//...`);
  if (entry.host === "required") {
    if (uri.hostname === "") throw invalid(`${uri.protocol}// needs a host name or address`);
    checkHost(uri);
    if (uri.port === "0") throw invalid("port 0 is not a valid port");
    uri.hostname = uri.hostname.toLowerCase();
  } else if (uri.hostname !== "") {
    throw invalid(`${uri.protocol}// takes a local directory (file:///path/to/dir), not a host`);
  }
  if (entry.path === "none" && uri.pathname !== "" && uri.pathname !== "/") throw invalid(`${uri.protocol}// takes no path after host:port`);
  if (entry.path === "queue") checkQueue(uri);
  if (uri.protocol === "file:" && uri.pathname === "/") throw invalid("file:/// needs a directory other than /");
  return uri;
}

/** The driver for a (validated or not) printer URI. */
export function driverForUri(uri: string | URL, options: DriverOptions = {}): PrinterDriver {
  const parsed = parsePrinterUri(typeof uri === "string" ? uri : uri.href);
  const entry = SCHEMES[parsed.protocol] as SchemeEntry;
  return entry.create(parsed, options);
}
