// Specification of the nearest-other-printer suggestion a kiosk shows when its printer cannot print.
import { describe, expect, test } from "vitest";
import { isReady, printerAlternative, printersAffectedBy, printerStatusPayload } from "./printer-alternative.js";
import type { PrinterRecord } from "../store/printers.js";

const printer = (id: number, name: string, state: string, stateMessage = "") => ({ id, name, state, stateMessage });

describe("printerAlternative", () => {
  const fleet = [printer(1, "Plan 3", "stopped", "media-empty-error"), printer(2, "Plan 3 Syd", "offline", "printer-unreachable"), printer(3, "Plan 2", "idle"), printer(4, "Plan 1", "processing")];

  test("the first ready printer in the admin's order is suggested, not the first ready one by id or name", () => {
    expect(printerAlternative({ nearbyPrinterIds: [2, 4, 3] }, fleet)).toEqual({ name: "Plan 1" });
    expect(printerAlternative({ nearbyPrinterIds: [3, 4] }, fleet)).toEqual({ name: "Plan 2" });
  });

  test("when every nearby printer is offline or stopped there is no suggestion", () => {
    expect(printerAlternative({ nearbyPrinterIds: [2, 1] }, fleet)).toBeNull();
  });

  test("no nearby list, no suggestion", () => {
    expect(printerAlternative({ nearbyPrinterIds: [] }, fleet)).toBeNull();
  });

  test("a removed printer's id in the list is passed over", () => {
    expect(printerAlternative({ nearbyPrinterIds: [99, 3] }, fleet)).toEqual({ name: "Plan 2" });
  });

  test("the suggestion is only the name: nothing else of the printer leaves", () => {
    expect(Object.keys(printerAlternative({ nearbyPrinterIds: [3] }, fleet)!)).toEqual(["name"]);
  });
});

describe("isReady", () => {
  test("idle and processing are ready; stopped, offline and unknown are not", () => {
    expect(["idle", "processing", "stopped", "offline", "unknown"].map((state) => isReady({ state, stateMessage: "" }))).toEqual([true, true, false, false, false]);
  });

  test("an idle printer out of paper or jammed is not ready; a low-toner warning still is", () => {
    expect(isReady({ state: "idle", stateMessage: "media-empty-error" })).toBe(false);
    expect(isReady({ state: "idle", stateMessage: "toner-low-warning, media-jam-error" })).toBe(false);
    expect(isReady({ state: "idle", stateMessage: "toner-low-warning" })).toBe(true);
  });
});

const record = (id: number, name: string, state: string, nearbyPrinterIds: number[]): PrinterRecord => ({ id, name, uri: "ipp://printer.example.org/ipp/print", capabilities: {}, state, stateMessage: "", lastCheckedAt: null, holdTimeSeconds: null, nearbyPrinterIds });

describe("printer:status for a kiosk", () => {
  const plan3 = record(1, "Plan 3", "offline", [2]);
  const plan3Syd = record(2, "Plan 3 Syd", "idle", []);
  const plan2 = record(3, "Plan 2", "idle", [2, 1]);

  test("a nearby printer's change reaches the kiosks of every printer that lists it, and its own", () => {
    expect(printersAffectedBy(2, [plan3, plan3Syd, plan2]).map((printer) => printer.name)).toEqual(["Plan 3", "Plan 3 Syd", "Plan 2"]);
    expect(printersAffectedBy(1, [plan3, plan3Syd, plan2]).map((printer) => printer.name)).toEqual(["Plan 3", "Plan 2"]);
  });

  test("the payload is the printer's own state and message with the alternative's name; a kiosk without a printer gets none", () => {
    expect(printerStatusPayload(plan3, [plan3, plan3Syd, plan2])).toEqual({ name: "Plan 3", state: "offline", message: "", alternative: { name: "Plan 3 Syd" } });
    expect(printerStatusPayload(undefined, [plan3])).toEqual({ name: "", state: "unknown", message: "", alternative: null });
  });
});
