// Card readers we recognise by USB id, and how a reader's keyboard interface is picked from the device list.
import type { HidDeviceInfo } from "./hid-device.js";
import type { UsbId } from "./usb-id.js";

export { formatUsbId, parseUsbId, type UsbId } from "./usb-id.js";

export interface KnownReader extends UsbId {
  readonly name: string;
  /** What it types out of the box, to help choose a card format. */
  readonly typicalOutput: string;
}

/*
 * Only ids under which the reader presents a keyboard. Several products change their id with
 * their mode (Elatec TWN4: 0410 keyboard, 0420 serial, 0427 PC/SC); a reader in another mode, or
 * re-flashed with another id, is chosen with --reader hid:VID:PID. ffff:0035 is shared by cheap
 * EM4100 and MIFARE readers alike.
 */
export const knownReaders: readonly KnownReader[] = [
  { vendorId: 0x0c27, productId: 0x3bfa, name: "RFIDeas pcProx / WAVE ID (keyboard)", typicalOutput: "decimal id, optionally facility + delimiter + id, zero padded, or hex; Enter" },
  { vendorId: 0x09d8, productId: 0x0410, name: "Elatec TWN4 (keyboard firmware)", typicalOutput: "as configured in the firmware; US layout" },
  { vendorId: 0x076b, productId: 0x5427, name: "HID OMNIKEY 5427CK", typicalOutput: "card bits or CSN in hex or decimal, optionally byte-reversed" },
  { vendorId: 0x13ad, productId: 0x9999, name: "Baltech (keyboard interface)", typicalOutput: "as configured, including byte rotation" },
  { vendorId: 0xffff, productId: 0x0035, name: "generic 125 kHz EM4100 or 13.56 MHz MIFARE reader", typicalOutput: "10 decimal digits, or a MIFARE UID; Enter" },
  { vendorId: 0x1667, productId: 0x0005, name: "generic 125 kHz EM4100 reader", typicalOutput: "10 decimal digits; Enter" },
  { vendorId: 0x1d57, productId: 0xac08, name: "generic 125 kHz EM4100 reader", typicalOutput: "10 decimal digits; Enter" },
  { vendorId: 0x4348, productId: 0x5537, name: "generic 13.56 MHz MIFARE reader", typicalOutput: "4-byte UID as 8 hex or 10 decimal digits, often byte-reversed; Enter" },
];

const keyboardUsage = { page: 0x01, usage: 0x06 };

/** Keyboard collection: 0; usage not reported by the backend: 1; something else (vendor protocol, mouse): excluded. */
function keyboardRank(device: HidDeviceInfo): number | undefined {
  if (device.usagePage === undefined || device.usagePage === 0) return 1;
  return device.usagePage === keyboardUsage.page && device.usage === keyboardUsage.usage ? 0 : undefined;
}

/**
 * The device to open: the first wanted id that is present (in the order given), on its keyboard
 * interface. Readers such as RFIDeas and Baltech also expose a vendor protocol interface on the
 * same device; its reports are not keystrokes, so it is never picked.
 */
export function selectReaderDevice(devices: readonly HidDeviceInfo[], wanted: readonly UsbId[]): HidDeviceInfo | undefined {
  const candidates = devices.flatMap((device) => {
    const idRank = wanted.findIndex((id) => id.vendorId === device.vendorId && id.productId === device.productId);
    const rank = keyboardRank(device);
    return idRank === -1 || rank === undefined ? [] : [{ device, order: [idRank, rank, device.interface] as const }];
  });
  candidates.sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1] || a.order[2] - b.order[2] || a.device.path.localeCompare(b.device.path));
  return candidates[0]?.device;
}
