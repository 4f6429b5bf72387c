// Maps a release's job template onto what a printer says it supports: keep, limit, drop or refuse.
import { PrintvaktError } from "../../core/errors.js";
import type { IppAttribute, IppValue } from "../../core/ipp/codec/types.js";
import { ValueTag } from "../../core/ipp/codec/tags.js";
import { mediaNameForSize } from "../../core/ipp/media-sizes.js";
import type { JobTemplate, PrinterStatus } from "./printer-driver.js";

type TemplateName = keyof JobTemplate;

/** What to do with a value the printer does not support. */
type Fallback =
  /** Leave the attribute out and say so in the result's reasons. */
  | "drop"
  /** Refuse the whole job before sending: printing it without the attribute would betray the user. */
  | "refuse";

interface TemplateRule<Name extends TemplateName> {
  name: Name;
  /** Throws on values no printer could accept (the caller's bug, not the printer's limit). */
  validate(value: NonNullable<JobTemplate[Name]>): boolean;
  isSupported(value: NonNullable<JobTemplate[Name]>, status: PrinterStatus): boolean;
  /** A supported stand-in for an unsupported value, when there is a sensible one. */
  substitute?(value: NonNullable<JobTemplate[Name]>, status: PrinterStatus): NonNullable<JobTemplate[Name]> | undefined;
  /** Values equal to the printer's built-in behaviour need no attribute and no note. */
  isDefault?(value: NonNullable<JobTemplate[Name]>): boolean;
  fallback: Fallback;
  /** The IPP attribute sent, when it is not the rule's name (media-size goes as media-col). */
  ippName?: string;
  /** True when another rule already says what this one would: the rule is skipped, without a note. */
  isCovered?(template: JobTemplate, status: PrinterStatus): boolean;
  toIpp(value: NonNullable<JobTemplate[Name]>): IppValue[];
}

const isPositiveInteger = (value: number, max: number) => Number.isInteger(value) && value >= 1 && value <= max;
const isKeyword = (value: string) => /^[a-z0-9][a-z0-9._-]{0,254}$/i.test(value);
const keyword = (value: string): IppValue[] => [{ tag: ValueTag.keyword, value }];
const integer = (value: number): IppValue[] => [{ tag: ValueTag.integer, value }];
const enumValue = (value: number): IppValue[] => [{ tag: ValueTag.enum, value }];
const listed = <Value>(list: readonly Value[] | undefined, value: Value) => (list ?? []).includes(value);

type AnyRule = { [Name in TemplateName]: TemplateRule<Name> }[TemplateName];

/** The only job template attributes any driver ever forwards. `job-hold-until` and `job-password*` are deliberately absent. */
const TEMPLATE_RULES: readonly AnyRule[] = [
  {
    name: "copies",
    validate: (copies) => isPositiveInteger(copies, 9_999),
    isSupported: (copies, status) => copies <= status.copiesMax,
    substitute: (_copies, status) => (status.copiesMax > 1 ? status.copiesMax : undefined),
    isDefault: (copies) => copies === 1,
    fallback: "drop",
    toIpp: integer,
  },
  {
    name: "sides",
    validate: isKeyword,
    isSupported: (sides, status) => status.sides.includes(sides),
    isDefault: (sides) => sides === "one-sided",
    fallback: "drop",
    toIpp: keyword,
  },
  {
    // The printer's own keyword when it has it; otherwise media-size (below) carries the paper.
    name: "media",
    validate: isKeyword,
    isSupported: (media, status) => status.media.includes(media),
    isCovered: (template, status) => template["media-size"] !== undefined && !status.media.includes(template.media!),
    fallback: "drop",
    toIpp: keyword,
  },
  {
    // A size without a keyword the printer knows (CUPS and macOS send only the size): as media-col,
    // when one of the printer's sizes matches (or it lists none, so it decides itself).
    name: "media-size",
    ippName: "media-col",
    validate: (size) => isPositiveInteger(size.x, 1_000_000) && isPositiveInteger(size.y, 1_000_000),
    isSupported: (size, status) => status.media.length === 0 || mediaNameForSize(size, status.media) !== undefined,
    isCovered: (template, status) => template.media !== undefined && status.media.includes(template.media),
    fallback: "drop",
    toIpp: (size) => [
      {
        tag: ValueTag.begCollection,
        value: [{ name: "media-size", values: [{ tag: ValueTag.begCollection, value: [{ name: "x-dimension", values: integer(size.x) }, { name: "y-dimension", values: integer(size.y) }] }] }],
      },
    ],
  },
  {
    name: "print-color-mode",
    validate: isKeyword,
    isSupported: (mode, status) => status.colorModes.includes(mode),
    fallback: "drop",
    toIpp: keyword,
  },
  {
    name: "print-quality",
    validate: (quality) => [3, 4, 5].includes(quality),
    isSupported: (quality, status) => status.printQualities.includes(quality),
    fallback: "drop",
    toIpp: enumValue,
  },
  {
    name: "orientation-requested",
    validate: (orientation) => [3, 4, 5, 6, 7].includes(orientation),
    isSupported: (orientation, status) => status.orientations.includes(orientation),
    fallback: "drop",
    toIpp: enumValue,
  },
  {
    // Printing every page when the user chose a few could put pages they never meant on the tray.
    name: "page-ranges",
    validate: (ranges) =>
      ranges.length > 0 && ranges.length <= 100 && ranges.every((range) => isPositiveInteger(range.lower, 2 ** 31 - 1) && isPositiveInteger(range.upper, 2 ** 31 - 1) && range.lower <= range.upper),
    isSupported: (_ranges, status) => status.pageRangesSupported,
    fallback: "refuse",
    toIpp: (ranges) => ranges.map((range) => ({ tag: ValueTag.rangeOfInteger, value: { lower: range.lower, upper: range.upper } })),
  },
  // Review F16: kept at submission and sent where the printer lists them; otherwise noted.
  {
    name: "multiple-document-handling",
    validate: isKeyword,
    isSupported: (handling, status) => listed(status.multipleDocumentHandling, handling),
    fallback: "drop",
    toIpp: keyword,
  },
  {
    name: "output-bin",
    validate: isKeyword,
    isSupported: (bin, status) => listed(status.outputBins, bin),
    fallback: "drop",
    toIpp: keyword,
  },
  {
    name: "print-scaling",
    validate: isKeyword,
    isSupported: (scaling, status) => listed(status.printScalings, scaling),
    fallback: "drop",
    toIpp: keyword,
  },
  {
    name: "number-up",
    validate: (up) => isPositiveInteger(up, 100),
    isSupported: (up, status) => listed(status.numberUp, up),
    isDefault: (up) => up === 1,
    fallback: "drop",
    toIpp: integer,
  },
  {
    name: "printer-resolution",
    validate: (resolution) => isPositiveInteger(resolution.x, 100_000) && isPositiveInteger(resolution.y, 100_000) && [3, 4].includes(resolution.units),
    isSupported: (resolution, status) => (status.resolutions ?? []).some((offered) => offered.x === resolution.x && offered.y === resolution.y && offered.units === resolution.units),
    fallback: "drop",
    toIpp: (resolution) => [{ tag: ValueTag.resolution, value: { x: resolution.x, y: resolution.y, units: resolution.units } }],
  },
];

export interface MappedTemplate {
  /** Job template attributes to send, in table order. */
  attributes: IppAttribute[];
  /** Notes for SubmitResult.reasons, such as `sides-not-supported`. */
  notes: string[];
}

/** Only the known template attributes, for drivers that record rather than send them. */
export function pickJobTemplate(template: JobTemplate): JobTemplate {
  const picked: Record<string, unknown> = {};
  for (const rule of TEMPLATE_RULES) if (template[rule.name] !== undefined) picked[rule.name] = template[rule.name];
  return picked as JobTemplate;
}

/** The template's attribute names, for drivers that cannot apply any of them. */
export function templateNames(template: JobTemplate): TemplateName[] {
  return TEMPLATE_RULES.filter((rule) => template[rule.name] !== undefined).map((rule) => rule.name);
}

function mapOne<Name extends TemplateName>(rule: TemplateRule<Name>, value: NonNullable<JobTemplate[Name]>, template: JobTemplate, status: PrinterStatus, mapped: MappedTemplate): void {
  if (!rule.validate(value)) {
    throw new PrintvaktError("bad-request", `job template attribute ${rule.name} has an invalid value`, { details: { attribute: rule.name } });
  }
  if (rule.isCovered?.(template, status)) return;
  const ippName = rule.ippName ?? rule.name;
  if (rule.isSupported(value, status)) {
    if (!rule.isDefault?.(value)) mapped.attributes.push({ name: ippName, values: rule.toIpp(value) });
    return;
  }
  if (rule.isDefault?.(value)) return;
  const substitute = rule.substitute?.(value, status);
  if (substitute !== undefined) {
    mapped.attributes.push({ name: ippName, values: rule.toIpp(substitute) });
    mapped.notes.push(`${rule.name}-limited-to-${String(substitute)}`);
    return;
  }
  if (rule.fallback === "refuse") {
    throw new PrintvaktError("unsupported", `the printer does not support ${rule.name}`, {
      userMessage: `This printer cannot print with ${rule.name}.`,
      details: { attribute: rule.name },
    });
  }
  mapped.notes.push(`${rule.name}-not-supported`);
}

/**
 * Walks the rule table: supported values are kept, unsupported ones are limited, dropped with a
 * note, or refused (PrintvaktError "unsupported") according to the rule. Never reads anything but
 * the table's names from `template`.
 */
export function mapJobTemplate(template: JobTemplate, status: PrinterStatus): MappedTemplate {
  const mapped: MappedTemplate = { attributes: [], notes: [] };
  for (const rule of TEMPLATE_RULES) {
    const value = template[rule.name];
    if (value === undefined || value === null) continue;
    mapOne(rule as TemplateRule<typeof rule.name>, value as never, template, status, mapped);
  }
  return mapped;
}
