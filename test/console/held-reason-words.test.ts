// A job held back keeps why as a code (Job.stateReasonCode); the kiosk screen and the console each
// word every code in Swedish and English, and the server sends them no English text for it.
import { beforeAll, describe, expect, test } from "vitest";
import { HELD_REASON_CODES } from "../../server/release/failure-code.js";
import { INTERRUPTED_CODE, NOT_SENT_CODE } from "../../server/retention/interrupted-releases.js";

type Words = (code: string) => string;
let kioskText: Words;
let consoleText: Words;
let setKioskLanguage: (language: string) => void;
let setConsoleLanguage: (language: string) => void;

beforeAll(async () => {
  // The pages' modules are plain browser JavaScript; a language switch touches only these.
  Object.assign(globalThis, { document: { documentElement: {}, querySelectorAll: () => [], title: "" }, localStorage: { getItem: () => null, setItem: () => undefined } });
  const kioskI18n = (await import(new URL("../../kiosk/screen/i18n.js", import.meta.url).href)) as { setLanguage(language: string): void };
  const failures = (await import(new URL("../../kiosk/screen/failure-reasons.js", import.meta.url).href)) as { failureText(input: { code: string }): string };
  const consoleI18n = (await import(new URL("../../console/i18n.js", import.meta.url).href)) as Record<string, unknown>;
  const held = (await import(new URL("../../console/held-reasons.js", import.meta.url).href)) as { heldReasonText(code: string): string };
  kioskText = (code) => failures.failureText({ code });
  consoleText = (code) => held.heldReasonText(code);
  setKioskLanguage = kioskI18n.setLanguage;
  setConsoleLanguage = consoleI18n.setLanguage as (language: string) => void;
});

describe("held-reason codes in the person's language", () => {
  test("start-up recovery's codes are among the codes both screens know", () => {
    expect(HELD_REASON_CODES).toContain(INTERRUPTED_CODE);
    expect(HELD_REASON_CODES).toContain(NOT_SENT_CODE);
  });

  test.each(HELD_REASON_CODES)("%s: its own words at the kiosk and in the console, different in Swedish and English", (code) => {
    const said: Record<string, { kiosk: string; console: string }> = {};
    for (const language of ["sv", "en"]) {
      setKioskLanguage(language);
      setConsoleLanguage(language);
      said[language] = { kiosk: kioskText(code), console: consoleText(code) };
    }
    expect(said.en!.kiosk).not.toMatch(/Something went wrong/);
    expect(said.en!.console).not.toBe("Last release failed.");
    expect(said.sv!.kiosk).not.toBe(said.en!.kiosk);
    expect(said.sv!.console).not.toBe(said.en!.console);
    expect(said.sv!.kiosk).toMatch(/[a-zåäö]/);
  });

  test("a code neither screen knows still reads as a failure, never as the raw code", () => {
    setKioskLanguage("en");
    setConsoleLanguage("en");
    expect(kioskText("printer-on-fire")).toBe("Something went wrong while printing. The document is kept.");
    expect(consoleText("printer-on-fire")).toBe("Last release failed.");
  });
});
