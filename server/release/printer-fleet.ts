// The printers jobs are released to: one driver and one queue per printer (printers take one job
// at a time; different printers work in parallel), and their last known status.
import type { PrinterDriver, PrinterStatus } from "../../drivers/printers/printer-driver.js";
import { dpiOf, urfResolutions } from "../convert/raster-resolution.js";
import type { Logger } from "../logger.js";
import type { Database } from "../store/database.js";
import { listPrinters, recordPrinterStatus, type PrinterRecord } from "../store/printers.js";

export type PrinterListener = (printer: PrinterRecord, status: PrinterStatus) => void;

/** What the queue description needs of a printer's capabilities (see server/ipp/queue-description.ts). */
export function capabilitiesOf(status: PrinterStatus): Record<string, unknown> {
  return {
    formats: status.formats.map((format) => format.toLowerCase()),
    sides: status.sides,
    media: status.media,
    colorModes: status.colorModes,
    // Raster conversions render at one of these (server/convert/raster-resolution.ts), in dpi.
    pwgResolutions: (status.pwgRasterResolutions ?? []).map(dpiOf),
    urfResolutions: urfResolutions(status.urfSupported ?? []),
    copiesMax: status.copiesMax,
    maxJobBytes: status.maxJobBytes ?? null,
    makeAndModel: status.makeAndModel ?? null,
  };
}

export function stateOf(status: PrinterStatus): string {
  return status.reachable ? status.state : "offline";
}

export class PrinterFleet {
  readonly #drivers = new Map<number, { uri: string; driver: PrinterDriver }>();
  readonly #queues = new Map<number, Promise<unknown>>();
  readonly #listeners: PrinterListener[] = [];

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    /** Drivers that apply the printer-destination rules (server/admin/printer-destinations.ts). */
    private readonly makeDriver: (uri: string) => PrinterDriver,
  ) {}

  driverFor(printer: PrinterRecord): PrinterDriver {
    const known = this.#drivers.get(printer.id);
    if (known && known.uri === printer.uri) return known.driver;
    const driver = this.makeDriver(printer.uri);
    this.#drivers.set(printer.id, { uri: printer.uri, driver });
    return driver;
  }

  /** Runs `work` after every earlier job for the same printer has finished. */
  enqueue<T>(printerId: number, work: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(printerId) ?? Promise.resolve();
    const run = previous.then(work, work);
    this.#queues.set(printerId, run.catch(() => undefined));
    return run;
  }

  onStatus(listener: PrinterListener): void {
    this.#listeners.push(listener);
  }

  /** Asks one printer for its state and capabilities and records them. */
  async refresh(printer: PrinterRecord, timeoutMs = 10_000): Promise<PrinterStatus> {
    const status = await this.driverFor(printer).probe(AbortSignal.timeout(timeoutMs));
    const state = stateOf(status);
    // Refused, timed out, no such host, not an IPP service, missing directory: one answer for all, so
    // the printer list is no port scanner or directory probe (review M7). The log keeps the detail.
    if (!status.reachable) this.logger.info({ printer: printer.name, reasons: status.stateReasons }, "printer unreachable");
    await this.db.write((tx) =>
      recordPrinterStatus(tx, printer.id, {
        state,
        stateMessage: status.reachable ? status.stateReasons.filter((reason) => reason !== "none").join(", ") : "printer-unreachable",
        // Declared capabilities (a raw printer cannot report any) are the admin's word: never overwritten.
        capabilities: status.reachable && status.formats.length > 0 && printer.capabilities.declared !== true ? capabilitiesOf(status) : undefined,
      }),
    );
    if (state !== printer.state) this.logger.info({ printer: printer.name, state }, "printer state changed");
    for (const listener of this.#listeners) listener(printer, status);
    return status;
  }

  async refreshAll(): Promise<void> {
    const printers = await listPrinters(this.db);
    await Promise.all(printers.map((printer) => this.refresh(printer).catch((error: unknown) => this.logger.warn({ printer: printer.name, err: String(error) }, "printer status check failed"))));
  }
}
