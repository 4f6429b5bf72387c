// Specification of --reader parsing and reader construction.
import { createRequire } from "node:module";
import { PassThrough } from "node:stream";
import { describe, expect, test } from "vitest";
import { FakeHidDeviceSource } from "../../test/support/card-readers/fake-hid-source.js";
import { HidKeyboardReader } from "../../drivers/card-readers/hid-keyboard-reader.js";
import { StdinCardReader } from "../../drivers/card-readers/stdin-reader.js";
import { createCardReader, parseReaderSpec } from "./reader-factory.js";

describe("parseReaderSpec", () => {
  test.each([
    ["stdin", { kind: "stdin" }],
    ["hid", { kind: "hid" }],
    [" HID ", { kind: "hid" }],
    ["hid:0c27:3bfa", { kind: "hid", device: { vendorId: 0x0c27, productId: 0x3bfa } }],
    ["hid:FFFF:0035", { kind: "hid", device: { vendorId: 0xffff, productId: 0x0035 } }],
  ])("%j", (text, spec) => {
    expect(parseReaderSpec(text)).toEqual(spec);
  });

  test.each(["", "keyboard", "hid:", "hid:0c27", "hid:0c27:3bf", "hid:c27:3bfa", "hid:0c27:3bfa:0", "stdin:1", "hid:usb"])("%j is refused with the accepted forms", (text) => {
    expect(() => parseReaderSpec(text)).toThrow(expect.objectContaining({ code: "bad-request", message: expect.stringContaining('--reader must be "stdin", "hid", or "hid:VID:PID"') }));
  });
});

describe("createCardReader", () => {
  test("stdin reads lines from the given input", async () => {
    const input = new PassThrough();
    const reader = createCardReader("stdin", { input });
    expect(reader).toBeInstanceOf(StdinCardReader);
    const reads: string[] = [];
    reader.on("read", (read) => reads.push(read.raw));
    await reader.start();
    input.write("0013961168\n");
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads).toEqual(["0013961168"]);
  });

  test("hid:VID:PID opens exactly that device from the source", async () => {
    const source = new FakeHidDeviceSource([
      { path: "/dev/hidraw1", vendorId: 0x0c27, productId: 0x3bfa, interface: 0, usagePage: 1, usage: 6 },
      { path: "/dev/hidraw2", vendorId: 0x1234, productId: 0x5678, interface: 0, usagePage: 1, usage: 6 },
    ]);
    const reader = createCardReader("hid:1234:5678", { input: new PassThrough(), hidSource: source });
    expect(reader).toBeInstanceOf(HidKeyboardReader);
    await reader.start();
    expect(source.opened.map((device) => device.info.path)).toEqual(["/dev/hidraw2"]);
    await reader.stop();
  });

  test("hid without an id takes a known reader", async () => {
    const source = new FakeHidDeviceSource([
      { path: "/dev/hidraw2", vendorId: 0x1234, productId: 0x5678, interface: 0, usagePage: 1, usage: 6 },
      { path: "/dev/hidraw1", vendorId: 0x0c27, productId: 0x3bfa, interface: 0, usagePage: 1, usage: 6 },
    ]);
    const reader = createCardReader("hid", { input: new PassThrough(), hidSource: source });
    await reader.start();
    expect(source.opened.map((device) => device.info.path)).toEqual(["/dev/hidraw1"]);
    await reader.stop();
  });

  test("building a HID reader touches no device until it starts", () => {
    const source = new FakeHidDeviceSource();
    createCardReader("hid", { input: new PassThrough(), hidSource: source });
    expect(source.listCalls).toBe(0);
  });
});

test("a stdin reader works without ever loading node-hid (machines without libusb)", async () => {
  const input = new PassThrough();
  const reader = createCardReader("stdin", { input });
  createCardReader("hid", { input });
  await reader.start();
  input.write("0013961168\n");
  await new Promise((resolve) => setImmediate(resolve));
  expect(reader.counters.reads).toBe(1);
  const loadedModules = Object.keys(createRequire(import.meta.url).cache);
  expect(loadedModules.filter((path) => path.includes("node-hid"))).toEqual([]);
});
