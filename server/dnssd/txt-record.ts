// The DNS-SD TXT record of the queue (PWG 5100.14 / AirPrint keys), built from the same source as
// the IPP printer attributes (ipp/queue-capabilities.ts), so a client sees the same printer either
// way. Nothing in it depends on the printers configured, so adding or removing one never makes it stale.
import { MAKE_AND_MODEL, URF_SUPPORTED } from "../ipp/queue-capabilities.js";
import type { QueueDescription } from "../ipp/queue-description.js";

export interface TxtInputs {
  queue: QueueDescription;
  /** Where the admin console is, e.g. http://printhost.local:8631/admin. */
  adminUrl: string;
  /** TLS is offered on the port (adds TLS=1.2). */
  tls: boolean;
  /** Clients must send a user name and password (air=username,password makes macOS/iOS ask). */
  basicRequired: boolean;
}

/** "key=value" strings in a stable order (each value is short and bounded: no user input). */
export function queueTxtRecord(inputs: TxtInputs): string[] {
  const { queue } = inputs;
  // application/octet-stream is sniffed on arrival; it is not a page description language.
  const formats = queue.formats.filter((format) => format !== "application/octet-stream");
  const entries: [string, string][] = [
    ["txtvers", "1"],
    ["qtotal", "1"],
    ["rp", "ipp/print"],
    ["ty", MAKE_AND_MODEL],
    ["adminurl", inputs.adminUrl],
    // printer-location: the queue is not in one place, it follows its owner.
    ["note", ""],
    ["product", "(Printvakt)"],
    ["pdl", formats.join(",")],
    ["UUID", queue.uuid.replace(/^urn:uuid:/, "")],
    ...(inputs.tls ? ([["TLS", "1.2"]] as [string, string][]) : []),
    // Only with image/urf in pdl: AirPrint clients read URF as "takes Apple Raster".
    ...(formats.includes("image/urf") ? ([["URF", URF_SUPPORTED.join(",")]] as [string, string][]) : []),
    ["Color", queue.colorModes.includes("color") ? "T" : "F"],
    ["Duplex", queue.sides.some((side) => side !== "one-sided") ? "T" : "F"],
    ["kind", "document"],
    ["air", inputs.basicRequired ? "username,password" : "none"],
    ["mopria-certified", "1.3"],
  ];
  return entries.map(([key, value]) => `${key}=${value}`);
}
