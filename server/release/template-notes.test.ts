// Specification of the kiosk's note on settings a printer did not apply.
import { describe, expect, test } from "vitest";
import { notAppliedNote, settingsNotApplied } from "./template-notes.js";

describe("settings a printer did not apply", () => {
  test("dropped and limited settings are named; printer reasons are not", () => {
    expect(settingsNotApplied(["job-completed-successfully", "number-up-not-supported", "copies-limited-to-99", "output-bin-not-supported"])).toEqual(["number-up", "copies", "output-bin"]);
    expect(notAppliedNote(["number-up-not-supported"])).toBe("Printed, but this printer did not apply: number-up");
  });

  test("no note when everything was applied", () => {
    expect(notAppliedNote(["job-completed-successfully"])).toBeUndefined();
    expect(notAppliedNote([])).toBeUndefined();
  });
});
