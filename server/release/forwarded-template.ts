// The stored job template as the printer drivers take it. job-hold-until and job-password are
// never stored in the template, and the drivers also drop anything not in their table.
import type { JobTemplate as DriverTemplate } from "../../drivers/printers/printer-driver.js";
import type { PaperChoice } from "./paper-choice.js";

/** `paper`: the printer lacks the job's paper; its closest one is asked for instead (paper-choice.ts). */
export function forwardedTemplate(stored: Record<string, unknown>, paper?: PaperChoice): DriverTemplate {
  const template: DriverTemplate = {};
  if (typeof stored.copies === "number") template.copies = stored.copies;
  if (typeof stored.sides === "string") template.sides = stored.sides;
  if (typeof stored.media === "string") template.media = stored.media;
  const size = stored["media-size"] as { x?: unknown; y?: unknown } | undefined;
  if (typeof size?.x === "number" && typeof size.y === "number") template["media-size"] = { x: size.x, y: size.y };
  if (paper) {
    // The printer's own name for the paper goes as media; media-col is then left out (job-template.ts).
    template.media = paper.media;
    template["media-size"] = paper.size;
  }
  if (typeof stored["print-color-mode"] === "string") template["print-color-mode"] = stored["print-color-mode"];
  if (typeof stored["print-quality"] === "number") template["print-quality"] = stored["print-quality"];
  if (typeof stored["orientation-requested"] === "number") template["orientation-requested"] = stored["orientation-requested"];
  for (const name of ["multiple-document-handling", "output-bin", "print-scaling"] as const) {
    if (typeof stored[name] === "string") template[name] = stored[name];
  }
  if (typeof stored["number-up"] === "number") template["number-up"] = stored["number-up"];
  const resolution = stored["printer-resolution"] as { x?: unknown; y?: unknown; units?: unknown } | undefined;
  if (typeof resolution?.x === "number" && typeof resolution.y === "number" && typeof resolution.units === "number") {
    template["printer-resolution"] = { x: resolution.x, y: resolution.y, units: resolution.units };
  }
  if (Array.isArray(stored["page-ranges"])) {
    template["page-ranges"] = (stored["page-ranges"] as [number, number][]).map(([lower, upper]) => ({ lower, upper }));
  }
  return template;
}
