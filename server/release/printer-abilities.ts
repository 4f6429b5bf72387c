// What a printer can do, read from its stored capabilities (reported over IPP or declared at
// `printer add`), and what a job would lose there: told to the person before they print.
import { languageName } from "../convert/languages.js";
import type { Resolution } from "../convert/raster-resolution.js";
import type { PrinterRecord } from "../store/printers.js";
import { choosePaper } from "./paper-choice.js";

export interface PrinterAbilities {
  /** Formats the printer takes, lower case; empty when nothing is known (documents go unchecked). */
  formats: string[];
  colour: boolean;
  sides: string[];
  media: string[];
  /** Resolutions (dpi) for PWG raster and URF; empty when unknown. */
  pwgResolutions: Resolution[];
  urfResolutions: number[];
}

const MONOCHROME_MODES: ReadonlySet<string> = new Set(["monochrome", "auto-monochrome", "process-monochrome", "bi-level", "process-bi-level"]);

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function numbers(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((item): item is number => typeof item === "number") : [];
}

function resolutions(value: unknown): Resolution[] {
  const valid = (item: unknown): item is Resolution => typeof (item as Resolution | null)?.x === "number" && typeof (item as Resolution).y === "number";
  return Array.isArray(value) ? value.filter(valid).map(({ x, y }) => ({ x, y })) : [];
}

export function abilitiesOf(printer: Pick<PrinterRecord, "capabilities">): PrinterAbilities {
  const capabilities = printer.capabilities;
  const colorModes = strings(capabilities.colorModes);
  return {
    formats: strings(capabilities.formats).map((format) => format.toLowerCase()),
    // A printer that names no colour modes is not known to be monochrome.
    colour: colorModes.length === 0 || colorModes.some((mode) => !MONOCHROME_MODES.has(mode)),
    sides: strings(capabilities.sides),
    media: strings(capabilities.media),
    pwgResolutions: resolutions(capabilities.pwgResolutions),
    urfResolutions: numbers(capabilities.urfResolutions),
  };
}

/** What printing a job at this printer changes: shown at the kiosk before the person prints. */
export type ReleaseChange = "one-sided" | "monochrome" | "paper-size";

export function releaseChanges(template: Record<string, unknown>, abilities: PrinterAbilities): ReleaseChange[] {
  const changes: ReleaseChange[] = [];
  const sides = template.sides;
  if (typeof sides === "string" && sides !== "one-sided" && abilities.sides.length > 0 && !abilities.sides.includes(sides)) changes.push("one-sided");
  if (template["print-color-mode"] === "color" && !abilities.colour) changes.push("monochrome");
  // The job's size (by name or media-size alone) missing: scaled to fit on the closest paper.
  if (choosePaper(template, abilities.media) !== undefined) changes.push("paper-size");
  return changes;
}

/** The job asked for black and white: a conversion renders grey even for a colour printer. */
export function wantsGrey(template: Record<string, unknown>): boolean {
  return template["print-color-mode"] === "monochrome";
}

/** The capabilities as `printer list` and the console show them. */
export function abilitySummary(printer: PrinterRecord): { languages: string[]; colour: boolean; duplex: boolean; media: string[]; declared: boolean } {
  const abilities = abilitiesOf(printer);
  return {
    languages: abilities.formats.filter((format) => format !== "application/octet-stream").map(languageName),
    colour: abilities.formats.length > 0 && abilities.colour,
    duplex: abilities.sides.some((side) => side.startsWith("two-sided")),
    media: abilities.media,
    declared: printer.capabilities.declared === true,
  };
}
