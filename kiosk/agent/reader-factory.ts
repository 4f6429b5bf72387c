// Turns the kiosk agent's --reader option (stdin | hid | hid:VID:PID) into a CardReader.
import type { Readable } from "node:stream";
import { PrintvaktError } from "../../core/errors.js";
import type { CardReader } from "../../drivers/card-readers/card-reader.js";
import { createNodeHidSource, defaultHidBackend, type HidBackend, type HidDeviceSource } from "../../drivers/card-readers/hid-device.js";
import { HidKeyboardReader } from "../../drivers/card-readers/hid-keyboard-reader.js";
import { parseUsbId, type UsbId } from "../../drivers/card-readers/known-readers.js";
import { StdinCardReader } from "../../drivers/card-readers/stdin-reader.js";

export type ReaderSpec = { readonly kind: "stdin" } | { readonly kind: "hid"; readonly device?: UsbId };

export interface ReaderFactoryOptions {
  /** Where the stdin reader reads lines (the process's stdin in the agent). */
  readonly input: Readable;
  /** Replaces node-hid, e.g. with FakeHidDeviceSource in tests. */
  readonly hidSource?: HidDeviceSource;
  /** Linux only; see hid-device.ts for why libusb is the default. */
  readonly hidBackend?: HidBackend;
  readonly debounceMs?: number;
  readonly interCharacterTimeoutMs?: number;
}

const usage = '--reader must be "stdin", "hid", or "hid:VID:PID" with four hex digits each (e.g. hid:0c27:3bfa)';

/** Throws PrintvaktError "bad-request" with the accepted forms. */
export function parseReaderSpec(text: string): ReaderSpec {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === "stdin") return { kind: "stdin" };
  if (trimmed === "hid") return { kind: "hid" };
  if (trimmed.startsWith("hid:")) {
    const device = parseUsbId(trimmed.slice("hid:".length));
    if (device !== undefined) return { kind: "hid", device };
  }
  throw new PrintvaktError("bad-request", `${usage}, got "${text}"`);
}

/** Builds the reader without touching any device; node-hid loads only when a HID reader starts. */
export function createCardReader(spec: string | ReaderSpec, options: ReaderFactoryOptions): CardReader {
  const parsed = typeof spec === "string" ? parseReaderSpec(spec) : spec;
  const common = { debounceMs: options.debounceMs };
  if (parsed.kind === "stdin") return new StdinCardReader({ ...common, input: options.input });
  return new HidKeyboardReader({
    ...common,
    source: options.hidSource ?? createNodeHidSource({ backend: options.hidBackend ?? defaultHidBackend }),
    device: parsed.device,
    interCharacterTimeoutMs: options.interCharacterTimeoutMs,
  });
}
