// An in-memory HidDeviceSource for tests and demos: plug, type reports, unplug, without USB or native code.
import { EventEmitter } from "node:events";
import type { HidDevice, HidDeviceInfo, HidDeviceSource, HidOpenTarget } from "../../../drivers/card-readers/hid-device.js";

export class FakeHidDevice implements HidDevice {
  readonly #events = new EventEmitter();
  readonly info: HidDeviceInfo;
  closed = false;

  constructor(info: HidDeviceInfo) {
    this.info = info;
  }

  on(event: "data", listener: (report: Uint8Array) => void): void;
  on(event: "error", listener: (error: Error) => void): void;
  // Implementation signature only; callers see the two overloads above.
  on(event: "data" | "error", listener: (value: Uint8Array & Error) => void): void {
    this.#events.on(event, listener);
  }

  /** Listeners stay attached, so a test can make a closed handle keep talking and see it ignored. */
  async close(): Promise<void> {
    this.closed = true;
  }

  /** The device sends one input report. */
  send(report: Uint8Array): void {
    if (!this.closed) this.#events.emit("data", report);
  }

  /** What node-hid does when the device goes away under an open handle. */
  fail(error: Error): void {
    if (!this.closed) this.#events.emit("error", error);
  }
}

export class FakeHidDeviceSource implements HidDeviceSource {
  #present: HidDeviceInfo[] = [];
  /** Every device opened so far, oldest first. */
  readonly opened: FakeHidDevice[] = [];
  listCalls = 0;
  /** When set, `open` fails with it (permissions, device busy). */
  openError: Error | undefined;

  constructor(present: readonly HidDeviceInfo[] = []) {
    this.#present = [...present];
  }

  plug(info: HidDeviceInfo): void {
    this.#present.push(info);
  }

  /** Removes the device from the list and fails its open handle, as a pulled USB cable does. */
  unplug(path: string): void {
    this.#present = this.#present.filter((info) => info.path !== path);
    for (const device of this.opened) if (device.info.path === path) device.fail(new Error("could not read from HID device"));
  }

  async list(): Promise<HidDeviceInfo[]> {
    this.listCalls += 1;
    return [...this.#present];
  }

  async open(target: HidOpenTarget): Promise<HidDevice> {
    if (this.openError !== undefined) throw this.openError;
    const info = this.#present.find((candidate) =>
      "path" in target ? candidate.path === target.path : candidate.vendorId === target.vendorId && candidate.productId === target.productId,
    );
    if (info === undefined) throw new Error("cannot open device");
    const device = new FakeHidDevice(info);
    this.opened.push(device);
    return device;
  }

  /** The most recently opened device that is still open. */
  get current(): FakeHidDevice | undefined {
    return this.opened.filter((device) => !device.closed).at(-1);
  }
}
