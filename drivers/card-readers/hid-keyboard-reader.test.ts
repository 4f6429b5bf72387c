// Specification of the HID keyboard reader over a fake device: selection, decoding, unplug and back-off.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { PrintvaktError } from "../../core/errors.js";
import type { ReaderState } from "./card-reader.js";
import { FakeHidDeviceSource, type FakeHidDevice } from "../../test/support/card-readers/fake-hid-source.js";
import type { HidDeviceInfo } from "./hid-device.js";
import { HidKeyboardReader, type HidKeyboardReaderOptions } from "./hid-keyboard-reader.js";
import { digitsWithoutTerminator, em4100DecimalWithEnter, mifareLowerHex, reportBytes } from "../../test/support/card-readers/keyboard-reports.js";

const em4100Reader: HidDeviceInfo = { path: "/dev/hidraw3", vendorId: 0xffff, productId: 0x0035, interface: 0, usagePage: 1, usage: 6 };
const mifareReader: HidDeviceInfo = { path: "/dev/hidraw4", vendorId: 0x4348, productId: 0x5537, interface: 0, usagePage: 1, usage: 6 };
const someKeyboard: HidDeviceInfo = { path: "/dev/hidraw0", vendorId: 0x046d, productId: 0xc31c, interface: 0, usagePage: 1, usage: 6 };

function type(device: FakeHidDevice | undefined, reports: readonly string[]): void {
  if (device === undefined) throw new Error("no open device");
  for (const line of reports) device.send(reportBytes(line));
}

function watch(options: Partial<HidKeyboardReaderOptions> & { source: FakeHidDeviceSource }) {
  const reader = new HidKeyboardReader({ debounceMs: 0, ...options });
  const reads: string[] = [];
  const malformed: string[] = [];
  const errors: PrintvaktError[] = [];
  const states: ReaderState[] = [];
  reader.on("read", (read) => reads.push(read.raw));
  reader.on("malformed", (read) => malformed.push(read.reason));
  reader.on("error", (error) => errors.push(error));
  reader.on("state", (state) => states.push(state));
  return { reader, reads, malformed, errors, states };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe("choosing the device", () => {
  test("without an id, a known reader is opened and an ordinary keyboard is left alone", async () => {
    const source = new FakeHidDeviceSource([someKeyboard, em4100Reader]);
    const { reader, reads } = watch({ source });
    await reader.start();
    expect(reader.state).toBe("open");
    expect(source.opened.map((device) => device.info.path)).toEqual(["/dev/hidraw3"]);
    type(source.current, em4100DecimalWithEnter.reports);
    expect(reads).toEqual(["0013961168"]);
  });

  test("an explicit VID:PID opens that device even when it is not a known reader", async () => {
    const source = new FakeHidDeviceSource([em4100Reader, someKeyboard]);
    const { reader } = watch({ source, device: { vendorId: 0x046d, productId: 0xc31c } });
    await reader.start();
    expect(source.opened.map((device) => device.info.path)).toEqual(["/dev/hidraw0"]);
  });

  test("with no reader plugged in, the reader waits and says so once", async () => {
    const source = new FakeHidDeviceSource([someKeyboard]);
    const { reader, errors, states } = watch({ source });
    await reader.start();
    expect(reader.state).toBe("reconnecting");
    expect(states).toEqual(["reconnecting"]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(source.listCalls).toBeGreaterThan(3);
    expect(errors.map((error) => error.message)).toEqual([expect.stringContaining("no card reader found (looking for 0c27:3bfa, 09d8:0410")]);
    source.plug(mifareReader);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(reader.state).toBe("open");
    await reader.stop();
  });

  test("start fails when devices cannot be listed at all (native binding missing)", async () => {
    const source = new FakeHidDeviceSource();
    source.list = () => Promise.reject(new Error("libusb-1.0.so.0: cannot open shared object file"));
    const { reader } = watch({ source });
    await expect(reader.start()).rejects.toThrow("libusb-1.0.so.0");
    expect(reader.state).toBe("closed");
  });

  test("a device that cannot be opened is reported with a hint, once, and retried", async () => {
    const source = new FakeHidDeviceSource([em4100Reader]);
    source.openError = new Error("cannot open device with path /dev/hidraw3");
    const { reader, errors } = watch({ source });
    await reader.start();
    await vi.advanceTimersByTimeAsync(1_500);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toBe("cannot open card reader ffff:0035 at /dev/hidraw3: cannot open device with path /dev/hidraw3 (check the device's permissions)");
    source.openError = undefined;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(reader.state).toBe("open");
    await reader.stop();
  });
});

describe("reading", () => {
  test("a read without Enter is dropped after the inter-character timeout and counted", async () => {
    const source = new FakeHidDeviceSource([em4100Reader]);
    const { reader, reads, malformed } = watch({ source, interCharacterTimeoutMs: 500 });
    await reader.start();
    type(source.current, digitsWithoutTerminator);
    await vi.advanceTimersByTimeAsync(499);
    expect(malformed).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(malformed).toEqual(["no Enter after the last key (partial read timed out)"]);
    type(source.current, mifareLowerHex.reports);
    expect(reads).toEqual(["1c78f2bf"]);
    expect(reader.counters).toEqual({ reads: 1, malformed: 1, duplicates: 0 });
  });

  test("the same card twice within the debounce window counts once", async () => {
    const source = new FakeHidDeviceSource([em4100Reader]);
    const { reader, reads } = watch({ source, debounceMs: 1500 });
    await reader.start();
    type(source.current, em4100DecimalWithEnter.reports);
    await vi.advanceTimersByTimeAsync(1000);
    type(source.current, em4100DecimalWithEnter.reports);
    await vi.advanceTimersByTimeAsync(2000);
    type(source.current, em4100DecimalWithEnter.reports);
    expect(reads).toEqual(["0013961168", "0013961168"]);
    expect(reader.counters).toEqual({ reads: 2, malformed: 0, duplicates: 1 });
  });
});

describe("unplug and reconnect", () => {
  test("an unplugged reader reports an error, closes, and polls with back-off until it is back", async () => {
    const source = new FakeHidDeviceSource([em4100Reader]);
    const { reader, reads, errors, states } = watch({ source, backoff: { initialMs: 500, maxMs: 4_000, factor: 2 } });
    await reader.start();
    const first = source.current;
    const listCallsBefore = source.listCalls;

    source.unplug(em4100Reader.path);
    await vi.advanceTimersByTimeAsync(0);
    expect(first?.closed).toBe(true);
    expect(reader.state).toBe("reconnecting");
    expect(errors[0]?.message).toBe("card reader disconnected: could not read from HID device");

    // Polls at 500, 500+1000, 1500+2000, 3500+4000 (capped), 7500+4000 ms.
    const pollTimes = [500, 1_500, 3_500, 7_500, 11_500];
    let now = 0;
    for (const [index, pollAt] of pollTimes.entries()) {
      await vi.advanceTimersByTimeAsync(pollAt - 1 - now);
      expect(source.listCalls - listCallsBefore).toBe(index);
      await vi.advanceTimersByTimeAsync(1);
      expect(source.listCalls - listCallsBefore).toBe(index + 1);
      now = pollAt;
    }

    source.plug(em4100Reader);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(reader.state).toBe("open");
    expect(states).toEqual(["open", "reconnecting", "open"]);
    type(source.current, em4100DecimalWithEnter.reports);
    expect(reads).toEqual(["0013961168"]);

    // After a successful reopen the back-off starts again from the beginning.
    const listCallsAfterReopen = source.listCalls;
    source.unplug(em4100Reader.path);
    source.plug(em4100Reader);
    await vi.advanceTimersByTimeAsync(500);
    expect(source.listCalls - listCallsAfterReopen).toBe(1);
    expect(reader.state).toBe("open");
    await reader.stop();
  });

  test("a read in progress when the reader is unplugged is dropped, never joined to keys from the reopened device", async () => {
    const source = new FakeHidDeviceSource([em4100Reader]);
    const { reader, reads, malformed } = watch({ source });
    await reader.start();
    type(source.current, em4100DecimalWithEnter.reports.slice(0, 8));
    source.unplug(em4100Reader.path);
    source.plug(em4100Reader);
    await vi.advanceTimersByTimeAsync(500);
    type(source.current, em4100DecimalWithEnter.reports.slice(8)); // "0013" went with the old handle
    expect(reads).toEqual(["961168"]);
    expect(malformed[0]).toBe("the reader went away in the middle of a read");
    expect(reader.counters.malformed).toBe(1);
  });

  test("reports from the old handle after the unplug are ignored", async () => {
    const source = new FakeHidDeviceSource([em4100Reader]);
    const { reader, reads, errors } = watch({ source });
    await reader.start();
    const old = source.current;
    if (old === undefined) throw new Error("not opened");
    old.fail(new Error("first failure"));
    old.closed = false; // a misbehaving handle that keeps talking
    old.fail(new Error("second failure"));
    type(old, em4100DecimalWithEnter.reports);
    expect(reads).toEqual([]);
    expect(errors).toHaveLength(1);
  });

  test("stop closes the device and ends the polling", async () => {
    const source = new FakeHidDeviceSource([em4100Reader]);
    const { reader, states } = watch({ source });
    await reader.start();
    const device = source.current;
    source.unplug(em4100Reader.path);
    await vi.advanceTimersByTimeAsync(0);
    await reader.stop();
    const listCalls = source.listCalls;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(source.listCalls).toBe(listCalls);
    expect(device?.closed).toBe(true);
    expect(states).toEqual(["open", "reconnecting", "closed"]);
  });

  test("stop while connected closes the handle", async () => {
    const source = new FakeHidDeviceSource([em4100Reader]);
    const { reader } = watch({ source });
    await reader.start();
    await reader.stop();
    expect(source.opened[0]?.closed).toBe(true);
    expect(reader.state).toBe("closed");
  });
});
