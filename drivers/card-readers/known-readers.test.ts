// Specification of USB ids and of picking a reader's keyboard interface from the device list.
import { describe, expect, test } from "vitest";
import type { HidDeviceInfo } from "./hid-device.js";
import { formatUsbId, knownReaders, parseUsbId, selectReaderDevice } from "./known-readers.js";

const rfideas = { vendorId: 0x0c27, productId: 0x3bfa };

function device(path: string, fields: Partial<HidDeviceInfo> = {}): HidDeviceInfo {
  return { path, ...rfideas, interface: 0, usagePage: 1, usage: 6, ...fields };
}

describe("USB ids", () => {
  test("parse and format round trip, case-insensitive", () => {
    expect(parseUsbId("0C27:3bfa")).toEqual(rfideas);
    expect(formatUsbId(rfideas)).toBe("0c27:3bfa");
    expect(formatUsbId({ vendorId: 0x1d57, productId: 0xac08 })).toBe("1d57:ac08");
  });

  test.each(["0c27", "0c27:3bf", "0c27-3bfa", "0c27:3bfa:1", "zzzz:3bfa", ""])("%j is not an id", (text) => {
    expect(parseUsbId(text)).toBeUndefined();
  });

  test("the table holds the readers met at printers", () => {
    expect(knownReaders.map(formatUsbId)).toEqual(["0c27:3bfa", "09d8:0410", "076b:5427", "13ad:9999", "ffff:0035", "1667:0005", "1d57:ac08", "4348:5537"]);
  });
});

describe("selectReaderDevice", () => {
  test("the keyboard interface, not the vendor protocol interface of the same reader", () => {
    const sdkInterface = device("/dev/hidraw1", { interface: 0, usagePage: 0xff00, usage: 1 });
    const keyboardInterface = device("/dev/hidraw2", { interface: 1 });
    expect(selectReaderDevice([sdkInterface, keyboardInterface], [rfideas])?.path).toBe("/dev/hidraw2");
  });

  test("a reader with only a vendor protocol interface is not picked", () => {
    expect(selectReaderDevice([device("/dev/hidraw1", { usagePage: 0xff00, usage: 1 })], [rfideas])).toBeUndefined();
  });

  test("when the backend does not report usages, the lowest interface is taken", () => {
    const devices = [device("b", { interface: 1, usagePage: 0, usage: 0 }), device("a", { interface: 0, usagePage: undefined, usage: undefined })];
    expect(selectReaderDevice(devices, [rfideas])?.path).toBe("a");
  });

  test("a known keyboard collection wins over an interface with unknown usage", () => {
    const devices = [device("unknown", { interface: 0, usagePage: 0 }), device("keyboard", { interface: 1 })];
    expect(selectReaderDevice(devices, [rfideas])?.path).toBe("keyboard");
  });

  test("with several readers plugged in, the order of the wanted list decides", () => {
    const elatec = { vendorId: 0x09d8, productId: 0x0410 };
    const devices = [device("elatec", elatec), device("rfideas")];
    expect(selectReaderDevice(devices, [rfideas, elatec])?.path).toBe("rfideas");
    expect(selectReaderDevice(devices, [elatec, rfideas])?.path).toBe("elatec");
  });

  test("nothing wanted is plugged in", () => {
    expect(selectReaderDevice([device("x", { vendorId: 0x046d })], [rfideas])).toBeUndefined();
  });
});
