// The DNS-SD TXT record of the queue (PWG 5100.14 / AirPrint keys), built from the same facts the
// IPP printer attributes are built from, so a client sees the same printer either way.
import { MAKE_AND_MODEL, urfSupported } from "../ipp/printer-attributes.js";
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
    ["URF", urfSupported(queue).join(",")],
    ["Color", queue.colorModes.includes("color") ? "T" : "F"],
    ["Duplex", queue.sides.some((side) => side !== "one-sided") ? "T" : "F"],
    ["kind", "document"],
    ["air", inputs.basicRequired ? "username,password" : "none"],
    ["mopria-certified", "1.3"],
  ];
  return entries.map(([key, value]) => `${key}=${value}`);
}
