// The small HID device interface readers use, and its real implementation over node-hid, loaded only when needed.
import { PrintvaktError } from "../../core/errors.js";
import type { UsbId } from "./usb-id.js";

export interface HidDeviceInfo extends UsbId {
  /** What `open` takes; unique per interface (and per top-level collection on some systems). */
  readonly path: string;
  readonly interface: number;
  /** HID usage page and usage of the top-level collection, when the backend reports them (keyboard: 0x01/0x06). */
  readonly usagePage?: number;
  readonly usage?: number;
  readonly manufacturer?: string;
  readonly product?: string;
}

export interface HidDevice {
  /** One input report per call, as the device sent it. */
  on(event: "data", listener: (report: Uint8Array) => void): void;
  /** The device failed, usually because it was unplugged; it sends nothing more. */
  on(event: "error", listener: (error: Error) => void): void;
  close(): Promise<void>;
}

export type HidOpenTarget = { readonly path: string } | UsbId;

/** Lists and opens HID devices; tests pass a fake (see fake-hid-source.ts) instead of node-hid. */
export interface HidDeviceSource {
  list(): Promise<HidDeviceInfo[]>;
  open(target: HidOpenTarget): Promise<HidDevice>;
}

/*
 * Linux only: "hidraw" reads through the kernel's HID driver, so a keyboard-wedge reader's
 * keystrokes ALSO reach the console or whatever window has focus (the kiosk browser!).
 * "libusb" detaches the kernel driver while the device is open, so the card number goes only to
 * us. That is why libusb is the default here. Either needs permission on the device node (a udev
 * rule for the reader's VID:PID). On macOS and Windows the choice is ignored, and those systems
 * do not let anyone open a keyboard at all: use the stdin reader there.
 * Virtual devices made with /dev/uhid exist only for hidraw.
 */
export type HidBackend = "hidraw" | "libusb";

export const defaultHidBackend: HidBackend = "libusb";

type NodeHid = typeof import("node-hid");
type NodeHidAsyncDevice = Awaited<ReturnType<NodeHid["HIDAsync"]["open"]>>;

/** node-hid picks its native binding once per process, at first use; remember which one that was. */
let loaded: { readonly backend: HidBackend; readonly module: Promise<NodeHid> } | undefined;

async function importNodeHid(backend: HidBackend): Promise<NodeHid> {
  try {
    const nodeHid = (await import("node-hid")).default;
    nodeHid.setDriverType(backend);
    // Forces the native binding to load now, so a missing libusb is reported here, clearly.
    nodeHid.getHidapiVersion();
    return nodeHid;
  } catch (error) {
    throw new PrintvaktError(
      "unavailable",
      `node-hid's native binding (${backend}) could not load: ${(error as Error).message}. On Debian/Ubuntu install libusb-1.0-0 and libudev1, or use --reader stdin`,
      { cause: error },
    );
  }
}

/** Loads node-hid on first use with the given backend; a second, different backend in one process is refused. */
export function loadNodeHid(backend: HidBackend): Promise<NodeHid> {
  if (loaded !== undefined && loaded.backend !== backend && process.platform === "linux") {
    return Promise.reject(new PrintvaktError("bad-config", `node-hid is already using the ${loaded.backend} backend in this process; cannot switch to ${backend}`));
  }
  loaded ??= { backend, module: importNodeHid(backend) };
  return loaded.module;
}

class NodeHidDevice implements HidDevice {
  readonly #device: NodeHidAsyncDevice;

  constructor(device: NodeHidAsyncDevice) {
    this.#device = device;
  }

  on(event: "data", listener: (report: Uint8Array) => void): void;
  on(event: "error", listener: (error: Error) => void): void;
  // Implementation signature only; callers see the two overloads above.
  on(event: "data" | "error", listener: (value: Uint8Array & Error) => void): void {
    this.#device.on(event, listener);
  }

  close(): Promise<void> {
    return this.#device.close();
  }
}

export interface NodeHidSourceOptions {
  readonly backend?: HidBackend;
}

/** The real source. Nothing native is loaded until the first list or open call. */
export function createNodeHidSource(options: NodeHidSourceOptions = {}): HidDeviceSource {
  const backend = options.backend ?? defaultHidBackend;
  return {
    async list() {
      const nodeHid = await loadNodeHid(backend);
      const devices = await nodeHid.devicesAsync();
      return devices.flatMap((device) =>
        device.path === undefined
          ? []
          : [
              {
                path: device.path,
                vendorId: device.vendorId,
                productId: device.productId,
                interface: device.interface,
                usagePage: device.usagePage,
                usage: device.usage,
                manufacturer: device.manufacturer,
                product: device.product,
              },
            ],
      );
    },
    async open(target) {
      const nodeHid = await loadNodeHid(backend);
      const device = "path" in target ? await nodeHid.HIDAsync.open(target.path) : await nodeHid.HIDAsync.open(target.vendorId, target.productId);
      return new NodeHidDevice(device);
    },
  };
}
