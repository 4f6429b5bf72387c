// The real node-hid native bindings load on this machine; a missing libusb must fail here, loudly, not at a kiosk.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { createNodeHidSource, loadNodeHid } from "./hid-device.js";

const projectRoot = fileURLToPath(new URL("../../", import.meta.url));

describe("node-hid native binding", () => {
  test("loads with the libusb backend (the default) and lists devices as an array", async () => {
    const devices = await createNodeHidSource({ backend: "libusb" }).list();
    expect(Array.isArray(devices)).toBe(true);
    for (const device of devices) expect(typeof device.path).toBe("string");
  });

  test("reports the hidapi version it was built with", async () => {
    const nodeHid = await loadNodeHid("libusb");
    expect(nodeHid.getHidapiVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  test.runIf(process.platform === "linux")("switching to another backend in the same process is refused, not silently ignored", async () => {
    await loadNodeHid("libusb");
    await expect(loadNodeHid("hidraw")).rejects.toThrow("already using the libusb backend");
  });

  // node-hid keeps the first binding it loads for the life of the process, so the other one is
  // checked in a fresh Node process.
  test.runIf(process.platform === "linux")("the hidraw binding loads too (in a child process)", () => {
    const script = `
      const hid = require("node-hid");
      hid.setDriverType("hidraw");
      hid.devicesAsync().then(
        (devices) => console.log(JSON.stringify({ isArray: Array.isArray(devices), version: hid.getHidapiVersion() })),
        (error) => { console.error(error.message); process.exit(1); });`;
    const result = spawnSync(process.execPath, ["-e", script], { cwd: projectRoot, encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ isArray: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });
});
