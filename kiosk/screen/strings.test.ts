// The kiosk's string tables: the same keys in both languages, and plain Swedish without the IT
// words the review found ("Server", "Session", "token") that mean nothing at a printer.
import { expect, test } from "vitest";

// The screen's modules are plain JavaScript for the browser (no types): loaded as they are served.
const { STRINGS } = (await import(new URL("./strings.js", import.meta.url).href)) as { STRINGS: Record<"sv" | "en", Record<string, string>> };

test("Swedish and English have the same strings, with the same placeholders", () => {
  expect(Object.keys(STRINGS.sv).sort()).toEqual(Object.keys(STRINGS.en).sort());
  const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
  for (const key of Object.keys(STRINGS.sv)) expect(placeholders(STRINGS.sv[key]!), key).toEqual(placeholders(STRINGS.en[key]!));
});

test("no Swedish string speaks of servers, sessions or tokens", () => {
  const jargon = Object.entries(STRINGS.sv).filter(([, text]) => /server|session|token/i.test(text));
  expect(jargon).toEqual([]);
});
