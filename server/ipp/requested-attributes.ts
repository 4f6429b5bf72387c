// Filters attributes by `requested-attributes`, expanding the group names RFC 8011 defines.
import { allStrings } from "../../core/ipp/codec/accessors.js";
import { GroupTag } from "../../core/ipp/codec/tags.js";
import type { IppAttribute, IppMessage } from "../../core/ipp/codec/types.js";

export type AttributeFilter = (name: string) => boolean;

/**
 * Returned only when requested by name, never through "all" or a group (CUPS and ippeveprinter do
 * the same, and get-printer-attributes-suite.test checks it): media-col-database is large, and
 * clients that want it (CUPS, macOS, iOS) name it.
 */
const ONLY_BY_NAME = new Set(["media-col-database"]);

const JOB_TEMPLATE = new Set(["copies", "finishings", "job-hold-until", "job-priority", "job-sheets", "media", "media-col", "multiple-document-handling", "number-up", "orientation-requested", "page-ranges", "print-color-mode", "print-quality", "printer-resolution", "sides", "output-bin", "print-scaling", "print-content-optimize"]);

/**
 * The filter for a request. `defaults` is what the operation returns when nothing was requested
 * (Get-Jobs: job-id and job-uri; Get-*-Attributes: all).
 */
export function requestedAttributes(message: IppMessage, kind: "job" | "printer", defaults: "all" | string[]): AttributeFilter {
  const requested = allStrings(message, GroupTag.operation, "requested-attributes");
  const names = requested.length > 0 ? requested : defaults === "all" ? ["all"] : defaults;
  const wanted = new Set(names);
  const all = wanted.has("all");
  const templates = wanted.has("job-template");
  const descriptions = wanted.has(kind === "job" ? "job-description" : "printer-description");
  return (name) => wanted.has(name) || (!ONLY_BY_NAME.has(name) && (all || (templates && isTemplate(name)) || (descriptions && !isTemplate(name))));
}

function isTemplate(name: string): boolean {
  const base = name.replace(/-(default|supported|ready|database)$/, "");
  return JOB_TEMPLATE.has(base) || JOB_TEMPLATE.has(name);
}

export function filterAttributes(attributes: IppAttribute[], filter: AttributeFilter): IppAttribute[] {
  return attributes.filter((attribute) => filter(attribute.name));
}
