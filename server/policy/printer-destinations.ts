// Where released documents may be sent (review M7, H3): pure predicates over a printer URI's scheme,
// port and the addresses its host resolves to. No I/O here; server/admin/printer-destinations.ts
// resolves names and applies these when a printer is added and again at every connection.
import ipaddr from "ipaddr.js";

export interface PrinterDestinationRules {
  /** file:/// printers (a development sink that writes plaintext documents to a directory). */
  allowFilePrinters: boolean;
  /** CIDR ranges every printer address must be in; undefined: any, with the socket:// defaults below. */
  printerNetworks?: readonly string[];
  /** Ports a socket:// printer may use. */
  rawPrinterPorts: ReadonlyArray<readonly [number, number]>;
}

/** Who asks: the CLI runs on the server host as its operator; the API is any console admin. */
export type AdminOrigin = "cli" | "api";

/** A refusal's reason, in words an admin can act on; undefined when allowed. */
export type Refusal = string | undefined;

/**
 * A file: printer is a write-anywhere primitive for whoever adds it, so the console never gets it,
 * and the CLI only where a developer turned it on.
 */
export function fileDestinationRefusal(origin: AdminOrigin, rules: PrinterDestinationRules): Refusal {
  if (origin === "api") return "file: printers cannot be added through the console or API; they are for development and only the printvakt command adds them, with PRINTVAKT_ALLOW_FILE_PRINTERS=true";
  if (!rules.allowFilePrinters) return "file: printers are for development only: set PRINTVAKT_ALLOW_FILE_PRINTERS=true to add and use them";
  return undefined;
}

/** A raw port takes any bytes, so socket:// is held to printer ports (9100-9199 unless configured). */
export function rawPortRefusal(port: number, rules: PrinterDestinationRules): Refusal {
  if (rules.rawPrinterPorts.some(([low, high]) => port >= low && port <= high)) return undefined;
  const allowed = rules.rawPrinterPorts.map(([low, high]) => (low === high ? `${low}` : `${low}-${high}`)).join(",");
  return `socket:// printers must use a printer port (${allowed}; PRINTVAKT_RAW_PRINTER_PORTS)`;
}

/** Address ranges that are never a network printer, whatever the scheme. */
const NEVER_PRINTERS: ReadonlySet<string> = new Set(["unspecified", "multicast", "broadcast"]);
/**
 * Ranges a socket:// printer may not use without a configured list: a raw port hands the bytes a
 * staff member printed, unchanged, to whatever listens, and on loopback and link-local that is the
 * server's own services and the cloud metadata endpoint, never a JetDirect printer. IPP keeps them:
 * its payload is wrapped in an IPP request, and a local cupsd or a zeroconf printer is a real setup.
 * lpd:// is held to the same ranges (its data file is the document unchanged) but to no port list:
 * nothing of the document leaves before the server acknowledged three LPD steps with a zero octet,
 * which no other kind of service answers.
 */
const RAW_SCHEMES: ReadonlySet<string> = new Set(["socket:", "lpd:"]);
const NOT_FOR_RAW_SOCKETS: ReadonlySet<string> = new Set(["loopback", "linkLocal"]);

function parsed(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  try {
    // process() turns ::ffff:127.0.0.1 into 127.0.0.1, so a mapped address meets the IPv4 rules.
    return ipaddr.process(address);
  } catch {
    return undefined;
  }
}

function inNetworks(address: ipaddr.IPv4 | ipaddr.IPv6, networks: readonly string[]): boolean {
  return networks.some((network) => {
    const [range, bits] = ipaddr.parseCIDR(network);
    return address.kind() === range.kind() && address.match([range, bits] as [typeof address, number]);
  });
}

/** Whether a printer of this scheme may be reached at `address` (an IP literal, as resolved). */
export function addressRefusal(scheme: string, address: string, rules: PrinterDestinationRules): Refusal {
  const ip = parsed(address);
  if (ip === undefined) return `${address} is not an IP address`;
  if (rules.printerNetworks !== undefined) {
    return inNetworks(ip, rules.printerNetworks) ? undefined : `the printer's address is not in PRINTVAKT_PRINTER_NETWORKS`;
  }
  const range = ip.range();
  if (NEVER_PRINTERS.has(range)) return `the printer's address is a ${range} address`;
  if (RAW_SCHEMES.has(scheme) && NOT_FOR_RAW_SOCKETS.has(range)) {
    return `${scheme}// printers cannot be on a ${range === "linkLocal" ? "link-local" : range} address unless PRINTVAKT_PRINTER_NETWORKS lists it`;
  }
  return undefined;
}
