// `printvakt printer add|list|set|remove`.
import type { Command } from "commander";
import { addPrinter, deletePrinter, setNearbyPrinters } from "../admin/printers.js";
import { destinationRules, printerDriverFactory } from "../admin/printer-destinations.js";
import { createLogger } from "../logger.js";
import { PrinterFleet } from "../release/printer-fleet.js";
import { listPrinters, type PrinterRecord } from "../store/printers.js";
import type { PrinterDeclaration } from "../admin/declared-capabilities.js";
import { DECLARABLE_LANGUAGES } from "../convert/languages.js";
import { abilitySummary } from "../release/printer-abilities.js";
import { cliActor, withContext } from "./run-command.js";

export function registerPrinterCommands(program: Command): void {
  const printer = program.command("printer").description("printers that held jobs are released to");
  printer
    .command("add")
    .description("register a printer")
    .argument("<name>", "name shown on kiosks and in the console")
    .requiredOption("--uri <uri>", "ipp://, ipps://, socket://host:9100, lpd://host[:port]/queue, or file:///directory (development, with PRINTVAKT_ALLOW_FILE_PRINTERS=true)")
    // A raw port or an LPD queue cannot say what it understands: the admin declares it, and jobs are converted to it.
    .option("--language <language>", `raw and LPD printers: the language it prints (${Object.keys(DECLARABLE_LANGUAGES).join(", ")})`)
    .option("--color", "raw and LPD printers: it prints in colour (default black and white)")
    .option("--duplex", "raw and LPD printers: it prints two-sided")
    .option("--media <names>", "raw and LPD printers: comma-separated PWG paper sizes (default iso_a4_210x297mm)", (value: string) => value.split(",").map((item) => item.trim()).filter(Boolean))
    .action((name: string, options: { uri: string } & PrinterDeclaration) =>
      withContext(async ({ db, config }) => {
        const rules = destinationRules(config);
        const declared = { language: options.language, color: options.color, duplex: options.duplex, media: options.media };
        const created = await addPrinter(db, cliActor(), { name, uri: options.uri, declared }, { origin: "cli", rules });
        process.stdout.write(`printer ${created.name} added (${created.uri})\n`);
        if (created.capabilities.declared === true) {
          process.stdout.write(`declared: ${describeAbilities(created)}\n`);
          return;
        }
        // Ask the printer what it can do now, so the queue advertises only printable formats.
        const quickProbe = printerDriverFactory(rules, { ipp: { retry: { attempts: 1 }, connectTimeoutMs: 3_000, responseTimeoutMs: 3_000 } });
        const status = await new PrinterFleet(db, createLogger("silent"), quickProbe).refresh(created).catch(() => undefined);
        process.stdout.write(status?.reachable ? `printer answers: ${status.state}, formats ${status.formats.join(", ")}\n` : "printer did not answer yet; its state is checked again while the server runs\n");
      }),
    );
  printer
    .command("list")
    .description("list printers with their last known state")
    .action(() =>
      withContext(async ({ db }) => {
        for (const row of await listPrinters(db)) process.stdout.write(`${row.name}\t${row.uri}\t${row.state}\t${describeAbilities(row)}\n`);
      }),
    );
  printer
    .command("set")
    .description("change a printer: which printers are near it, nearest first (kiosks suggest the first that is ready)")
    .argument("<name>")
    // Repeated, not comma-separated: printer names may themselves contain commas.
    .option("--nearby <printer>", "a nearby printer; repeat in order, nearest first (replaces the list)", (value: string, list: string[]) => [...list, value], [] as string[])
    .option("--no-nearby", "clear the nearby list")
    .action((name: string, options: { nearby: string[] | false }) =>
      withContext(async ({ db }) => {
        const nearby = options.nearby === false ? [] : options.nearby;
        const changed = await setNearbyPrinters(db, cliActor(), name, nearby);
        const names = new Map((await listPrinters(db)).map((entry) => [entry.id, entry.name]));
        process.stdout.write(`printer ${changed.name} nearby: ${changed.nearbyPrinterIds.map((id) => names.get(id)).join(" | ") || "none"}\n`);
      }),
    );
  printer
    .command("remove")
    .description("remove a printer that no kiosk uses")
    .argument("<name>")
    .action((name: string) =>
      withContext(async ({ db }) => {
        await deletePrinter(db, cliActor(), name);
        process.stdout.write(`printer ${name} removed\n`);
      }),
    );
}

/** One line: languages, colour, duplex, paper sizes, and whether the admin declared them. */
function describeAbilities(printer: PrinterRecord): string {
  const summary = abilitySummary(printer);
  if (summary.languages.length === 0) return "capabilities unknown";
  const parts = [summary.languages.join(","), summary.colour ? "color" : "monochrome", summary.duplex ? "duplex" : "simplex", summary.media.join(",") || "media unknown"];
  return `${parts.join(" ")}${summary.declared ? " (declared)" : ""}`;
}
