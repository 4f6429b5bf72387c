// The kiosk screen's string tables, loaded from the page's own module (plain JS, no types).
import path from "node:path";
import { pathToFileURL } from "node:url";
import { packageRoot } from "../../../server/paths.js";

export type StringTable = Record<string, string>;

export async function kioskStrings(): Promise<{ sv: StringTable; en: StringTable }> {
  const moduleUrl = pathToFileURL(path.join(packageRoot, "kiosk", "screen", "strings.js")).href;
  const loaded = (await import(moduleUrl)) as { STRINGS: { sv: StringTable; en: StringTable } };
  return loaded.STRINGS;
}
