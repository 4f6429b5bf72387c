// A CardReader over a USB HID keyboard-wedge reader: picks the device, decodes reports, reconnects after unplug.
import { PrintvaktError, toPrintvaktError } from "../../core/errors.js";
import { backoffDelay, defaultBackoff, type BackoffOptions } from "./backoff.js";
import { CardReaderBase, type CardReaderBaseOptions } from "./card-reader-base.js";
import type { HidDevice, HidDeviceInfo, HidDeviceSource } from "./hid-device.js";
import { KeyboardReportDecoder, type DecoderEvent } from "./keyboard-report-decoder.js";
import { formatUsbId, knownReaders, selectReaderDevice, type UsbId } from "./known-readers.js";

export interface HidKeyboardReaderOptions extends CardReaderBaseOptions {
  readonly source: HidDeviceSource;
  /** The reader to use; without it, the first reader from `knownReaders` that is plugged in. */
  readonly device?: UsbId;
  readonly knownReaders?: readonly UsbId[];
  /** A read without Enter is dropped this long after its last key. Default 500 ms. */
  readonly interCharacterTimeoutMs?: number;
  readonly maxReadLength?: number;
  readonly backoff?: BackoffOptions;
}

/*
 * Design notes
 * - States: closed → (start) → open when a reader is found, else reconnecting. open → (device
 *   error: unplugged) → reconnecting → open when it is back. Any state → (stop) → closed.
 * - node-hid has no hot-plug events: after an error the handle is closed and the device list is
 *   polled with exponential back-off until the reader is back.
 * - Every opened handle gets a generation number; events from an older handle (late reports, a
 *   second error) are ignored, so an unplug can never type into the next session.
 * - A read in progress when the device goes away is discarded and counted, never completed by
 *   keys from the reopened device.
 * - Problems are reported once per kind of problem, not on every poll, so an absent reader does
 *   not flood the log every 30 s.
 */
export class HidKeyboardReader extends CardReaderBase {
  readonly #source: HidDeviceSource;
  readonly #wanted: readonly UsbId[];
  readonly #decoder: KeyboardReportDecoder;
  readonly #backoff: BackoffOptions;
  #running = false;
  /** Bumped on start and stop, so an open that finishes after stop (or after a restart) is undone. */
  #run = 0;
  #generation = 0;
  #device: HidDevice | undefined;
  #attempt = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #staleTimer: ReturnType<typeof setTimeout> | undefined;
  #lastProblem: string | undefined;

  constructor(options: HidKeyboardReaderOptions) {
    super(options);
    this.#source = options.source;
    this.#wanted = options.device === undefined ? (options.knownReaders ?? knownReaders) : [options.device];
    this.#decoder = new KeyboardReportDecoder({ interCharacterTimeoutMs: options.interCharacterTimeoutMs, maxLength: options.maxReadLength });
    this.#backoff = options.backoff ?? defaultBackoff;
  }

  /** Rejects only when devices cannot be listed at all (node-hid's native binding did not load). */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    const run = ++this.#run;
    let opened: boolean;
    try {
      opened = await this.#tryOpen(run);
    } catch (error) {
      this.#running = false;
      throw toPrintvaktError(error);
    }
    if (!opened && run === this.#run) this.#waitForDevice();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#run += 1;
    this.#generation += 1;
    clearTimeout(this.#reconnectTimer);
    clearTimeout(this.#staleTimer);
    this.#decoder.reset();
    const device = this.#device;
    this.#device = undefined;
    this.setState("closed");
    await device?.close().catch(() => undefined);
  }

  /** Opens the wanted reader if it is plugged in; false when it is not there or cannot be opened. */
  async #tryOpen(run: number): Promise<boolean> {
    const devices = await this.#source.list();
    if (run !== this.#run) return false;
    const info = selectReaderDevice(devices, this.#wanted);
    if (info === undefined) {
      this.#reportProblem(new PrintvaktError("unavailable", `no card reader found (looking for ${this.#wanted.map(formatUsbId).join(", ")}); waiting for one`));
      return false;
    }
    let device: HidDevice;
    try {
      device = await this.#source.open({ path: info.path });
    } catch (error) {
      this.#reportProblem(new PrintvaktError("unavailable", `cannot open card reader ${describeDevice(info)}: ${(error as Error).message} (check the device's permissions)`, { cause: error }));
      return false;
    }
    if (run !== this.#run) {
      await device.close().catch(() => undefined);
      return false;
    }
    this.#attach(device);
    return true;
  }

  #attach(device: HidDevice): void {
    const generation = ++this.#generation;
    this.#device = device;
    this.#attempt = 0;
    this.#lastProblem = undefined;
    device.on("data", (report) => {
      if (generation === this.#generation) this.#onReport(report);
    });
    device.on("error", (error) => {
      if (generation === this.#generation) void this.#onDeviceLost(error);
    });
    this.setState("open");
  }

  #onReport(report: Uint8Array): void {
    this.#publish(this.#decoder.push(report, Date.now()));
    clearTimeout(this.#staleTimer);
    const deadline = this.#decoder.deadline;
    if (deadline !== undefined) {
      this.#staleTimer = setTimeout(() => this.#publish(this.#decoder.expire(Date.now())), Math.max(0, deadline - Date.now()));
    }
  }

  #publish(events: readonly DecoderEvent[]): void {
    const at = new Date();
    for (const event of events) {
      if (event.kind === "read") this.publishRead(event.text, at);
      else this.publishMalformed(event.reason, at);
    }
  }

  async #onDeviceLost(error: Error): Promise<void> {
    this.#generation += 1;
    clearTimeout(this.#staleTimer);
    this.#publish(this.#decoder.reset());
    const device = this.#device;
    this.#device = undefined;
    this.publishError(new PrintvaktError("unavailable", `card reader disconnected: ${error.message}`, { cause: error }));
    await device?.close().catch(() => undefined); // closing a handle whose device is gone may fail; nothing to do about it
    if (this.#running) this.#waitForDevice();
  }

  #waitForDevice(): void {
    this.setState("reconnecting");
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    const run = this.#run;
    const delay = backoffDelay(this.#attempt, this.#backoff);
    this.#attempt += 1;
    this.#reconnectTimer = setTimeout(() => void this.#reconnect(run), delay);
  }

  async #reconnect(run: number): Promise<void> {
    if (run !== this.#run) return;
    let opened = false;
    try {
      opened = await this.#tryOpen(run);
    } catch (error) {
      this.#reportProblem(toPrintvaktError(error));
    }
    if (!opened && run === this.#run) this.#scheduleReconnect();
  }

  #reportProblem(error: PrintvaktError): void {
    if (error.message === this.#lastProblem) return;
    this.#lastProblem = error.message;
    this.publishError(error);
  }
}

function describeDevice(info: HidDeviceInfo): string {
  return `${formatUsbId(info)} at ${info.path}`;
}
