// What a test that registers printers in-process passes to addPrinter: the server operator's CLI,
// under the server's own printer-destination rules (a file: printer then needs PRINTVAKT_ALLOW_FILE_PRINTERS).
import { destinationRules } from "../../server/admin/printer-destinations.js";
import type { PrinterDestination } from "../../server/admin/printers.js";
import type { Config } from "../../server/config.js";

export function asCli(context: { config: Config }): PrinterDestination {
  return { origin: "cli", rules: destinationRules(context.config) };
}
