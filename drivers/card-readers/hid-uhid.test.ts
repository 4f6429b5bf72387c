// End to end through the kernel: a virtual boot-keyboard reader made with /dev/uhid types a card into HidKeyboardReader.
import { accessSync, closeSync, constants, existsSync, openSync, writeSync } from "node:fs";
import { afterEach, expect, test } from "vitest";
import type { CardRead } from "./card-reader.js";
import { createNodeHidSource } from "./hid-device.js";
import { HidKeyboardReader } from "./hid-keyboard-reader.js";
import { em4100DecimalWithEnter, reportBytes } from "../../test/support/card-readers/keyboard-reports.js";

/*
 * Runs only where /dev/uhid exists and this process may write it (root, or a uhid group); these
 * build machines have no /dev/uhid, so here it is skipped and says why in its name. uhid devices
 * are seen through hidraw only, never libusb. Careful on a desktop run as root: the kernel also
 * turns the virtual keyboard's keys into real keystrokes for the focused window.
 *
 * struct uhid_event (linux/uhid.h) is packed: a u32 type, then the request. CREATE2: name[128],
 * phys[64], uniq[64], u16 rd_size, u16 bus, u32 vendor, u32 product, u32 version, u32 country,
 * rd_data[4096]. INPUT2: u16 size, data[4096]. sizeof(struct uhid_event) is 4380 (checked with gcc
 * against linux/uhid.h); the kernel takes a write of the whole event.
 */
const uhidPath = "/dev/uhid";
const uhid = { destroy: 1, create2: 11, input2: 12, eventSize: 4380, busUsb: 0x03 };
const virtualReader = { vendorId: 0x1d57, productId: 0xac08 };

/** The boot keyboard report descriptor from the HID specification (appendix B.1). */
const bootKeyboardDescriptor = Buffer.from(
  "05010906a101050719e029e71500250175019508810295017508810195057501050819012905910295017503910195067508150025650507190029658100c0",
  "hex",
);

function whyUnavailable(): string | undefined {
  if (!existsSync(uhidPath)) return `${uhidPath} does not exist on this machine`;
  try {
    accessSync(uhidPath, constants.R_OK | constants.W_OK);
  } catch {
    return `${uhidPath} is not writable by this user`;
  }
  return undefined;
}

function createEvent(): Buffer {
  const event = Buffer.alloc(uhid.eventSize);
  event.writeUInt32LE(uhid.create2, 0);
  event.write("Printvakt virtual card reader", 4, "utf8");
  event.writeUInt16LE(bootKeyboardDescriptor.length, 260);
  event.writeUInt16LE(uhid.busUsb, 262);
  event.writeUInt32LE(virtualReader.vendorId, 264);
  event.writeUInt32LE(virtualReader.productId, 268);
  bootKeyboardDescriptor.copy(event, 280);
  return event;
}

function inputEvent(report: Uint8Array): Buffer {
  const event = Buffer.alloc(uhid.eventSize);
  event.writeUInt32LE(uhid.input2, 0);
  event.writeUInt16LE(report.length, 4);
  Buffer.from(report).copy(event, 6);
  return event;
}

function destroyEvent(): Buffer {
  const event = Buffer.alloc(uhid.eventSize);
  event.writeUInt32LE(uhid.destroy, 0);
  return event;
}

const unavailable = whyUnavailable();
let cleanup: (() => Promise<void>) | undefined;

afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

test.skipIf(unavailable !== undefined)(
  `a virtual keyboard reader on /dev/uhid types a card that HidKeyboardReader reads through hidraw${unavailable === undefined ? "" : ` (skipped: ${unavailable})`}`,
  async () => {
    const fd = openSync(uhidPath, "r+");
    const reader = new HidKeyboardReader({ source: createNodeHidSource({ backend: "hidraw" }), device: virtualReader, backoff: { initialMs: 50, maxMs: 200, factor: 2 } });
    cleanup = async () => {
      await reader.stop();
      writeSync(fd, destroyEvent());
      closeSync(fd);
    };
    writeSync(fd, createEvent());

    const opened = new Promise<void>((resolve) => reader.on("state", (state) => state === "open" && resolve()));
    const firstRead = new Promise<CardRead>((resolve) => reader.on("read", resolve));
    await reader.start();
    await opened;
    for (const line of em4100DecimalWithEnter.reports) writeSync(fd, inputEvent(reportBytes(line)));

    expect((await firstRead).raw).toBe("0013961168");
  },
);
