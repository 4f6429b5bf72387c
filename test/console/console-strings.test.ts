// The console's two string tables say the same things: equal keys, equal {placeholders}, no empty text.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { packageRoot } from "../../server/paths.js";
import { consoleStrings, type StringTable } from "../browser/support/console-strings.js";

let sv: StringTable;
let en: StringTable;
let languages: string[];
const placeholders = (text: string | undefined) => [...(text ?? "").matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

beforeAll(async () => {
  ({ sv, en, languages } = await consoleStrings());
});

describe("console strings", () => {
  test("the console speaks Swedish and English", () => {
    expect(languages).toEqual(["sv", "en"]);
  });

  test("Swedish and English have the same keys", () => {
    expect(Object.keys(sv).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(sv).length).toBeGreaterThan(150);
  });

  test("each key has the same placeholders in both languages", () => {
    for (const key of Object.keys(en)) expect(placeholders(sv[key]), key).toEqual(placeholders(en[key]));
  });

  test("no text is empty, and the Swedish table is not the English one copied", () => {
    for (const [language, table] of [["sv", sv], ["en", en]] as const) for (const [key, text] of Object.entries(table)) expect(text.trim(), `${language}.${key}`).not.toBe("");
    const same = Object.keys(en).filter((key) => sv[key] === en[key] && /[a-z]{4}/.test(en[key] ?? ""));
    // Only words that are the same in both languages ("Person", "Median", "Kiosk") and the bare
    // "{type} {time}" of an event the timeline has no sentence for.
    expect(same).toEqual(["chartWaitDescription", "auditPerson", "auditKiosk", "timelineOther"]);
  });

  test("every string is used by the console, by its key in quotes", async () => {
    const consoleDir = path.join(packageRoot, "console");
    const files = ["index.html", "i18n.js", "main.js", "charts.js", "held-reasons.js", ...(await readdir(path.join(consoleDir, "pages"))).map((name) => `pages/${name}`)];
    const source = (await Promise.all(files.map((file) => readFile(path.join(consoleDir, file), "utf8")))).join("\n");
    expect(Object.keys(en).filter((key) => !source.includes(`"${key}"`))).toEqual([]);
  });
});
