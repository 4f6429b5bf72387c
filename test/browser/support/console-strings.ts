// The admin console's string tables, loaded from the page's own module (plain JS, no types).
import path from "node:path";
import { pathToFileURL } from "node:url";
import { packageRoot } from "../../../server/paths.js";

export type StringTable = Record<string, string>;

export async function consoleStrings(): Promise<{ languages: string[]; sv: StringTable; en: StringTable }> {
  const moduleUrl = pathToFileURL(path.join(packageRoot, "console", "strings.js")).href;
  const loaded = (await import(moduleUrl)) as { LANGUAGES: string[]; STRINGS: { sv: StringTable; en: StringTable } };
  return { languages: loaded.LANGUAGES, ...loaded.STRINGS };
}
