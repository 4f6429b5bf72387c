// The printer's own reasons in plain words: severity suffixes ignored, repeats merged, reasons that
// still print left out, and no unknown IPP keyword ever shown raw.
import { describe, expect, test } from "vitest";

// The screen's modules are plain JavaScript for the browser (no types): loaded as they are served.
const { reasonKeys } = (await import(new URL("./printer-reasons.js", import.meta.url).href)) as { reasonKeys(message: string): string[] };
const { STRINGS } = (await import(new URL("./strings.js", import.meta.url).href)) as { STRINGS: Record<"sv" | "en", Record<string, string>> };

describe("printer-state-reasons on the kiosk", () => {
  test("jam, empty tray, open door, toner and offline each have words in Swedish and English", () => {
    expect(reasonKeys("media-jam-error, media-empty-error, door-open-warning, toner-empty-error, offline-report")).toEqual(["reasonMediaJam", "reasonMediaEmpty", "reasonDoorOpen", "reasonTonerEmpty", "reasonOffline"]);
    for (const key of reasonKeys("media-jam, media-empty, door-open, toner-empty, offline")) {
      expect(STRINGS.sv[key], key).toMatch(/^[a-zåäö]/);
      expect(STRINGS.en[key], key).toMatch(/^[a-z]/);
    }
  });

  test("the server's 'printer-unreachable', a cover and a door say the same thing once", () => {
    expect(reasonKeys("printer-unreachable")).toEqual(["reasonOffline"]);
    expect(reasonKeys("cover-open-error, door-open-error, interlock-open")).toEqual(["reasonDoorOpen"]);
  });

  test("none, warnings that still print, and an empty message say nothing; an unknown keyword is a generic fault", () => {
    expect(reasonKeys("")).toEqual([]);
    expect(reasonKeys("none")).toEqual([]);
    expect(reasonKeys("media-low-report, marker-supply-low-warning")).toEqual([]);
    expect(reasonKeys("com.vendor-fuser-overheat-error")).toEqual(["reasonOther"]);
  });
});
