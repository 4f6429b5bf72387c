// Reads the job template attributes a client sent (copies, sides, media, ...) into the plain
// object stored with the job and forwarded at release; values the queue cannot honour are
// returned in the unsupported group instead (the job is still accepted, as RFC 8011 §4.1.7 allows).
import { membersOf, stringOf, integerOf } from "../../core/ipp/codec/accessors.js";
import { GroupTag } from "../../core/ipp/codec/tags.js";
import type { IppAttribute, IppMessage, IppRange, IppResolution, IppValue } from "../../core/ipp/codec/types.js";
import { mediaNameForSize, mediaSizeOf } from "../../core/ipp/media-sizes.js";
import type { QueueDescription } from "./queue-description.js";

export type JobTemplate = {
  copies?: number;
  sides?: string;
  media?: string;
  "media-size"?: { x: number; y: number };
  "print-color-mode"?: string;
  "print-quality"?: number;
  "orientation-requested"?: number;
  "page-ranges"?: [number, number][];
  "printer-resolution"?: { x: number; y: number; units: number };
  "multiple-document-handling"?: string;
  "output-bin"?: string;
  "print-scaling"?: string;
  "number-up"?: number;
};

/** Values clients send that a printer may honour; each is forwarded only where the printer lists it (F16). */
const COLLATIONS = ["separate-documents-collated-copies", "separate-documents-uncollated-copies", "single-document", "single-document-new-sheet"];
const SCALINGS = ["auto", "auto-fit", "fill", "fit", "none"];
const NUMBER_UP = [1, 2, 4, 6, 9, 16];

type Reader = (values: IppValue[], queue: QueueDescription) => Partial<JobTemplate> | undefined;

const single = (values: IppValue[]) => (values.length === 1 ? values[0] : undefined);

/** One row per attribute we forward: how to read it; undefined means "not supported as sent". */
const READERS: Record<string, Reader> = {
  copies: (values) => {
    const copies = integerOf(single(values));
    return copies !== undefined && copies >= 1 && copies <= 999 && single(values)!.tag === 0x21 ? { copies } : undefined;
  },
  sides: (values, queue) => {
    const sides = keywordOf(single(values));
    return sides && queue.sides.includes(sides) ? { sides } : undefined;
  },
  // Kept with its size, so the paper is shown and forwarded however the client named it.
  media: (values, queue) => {
    const media = stringOf(single(values));
    const size = media ? mediaSizeOf(media) : undefined;
    return media && queue.media.includes(media) ? { media, ...(size ? { "media-size": size } : {}) } : undefined;
  },
  // CUPS's ipp backend and macOS send only media-size and margins: the name is found from the size.
  "media-col": (values, queue) => {
    const members = membersOf(single(values));
    const size = members ? membersOf(members.find((member) => member.name === "media-size")?.values[0]) : undefined;
    const x = size ? integerOf(size.find((member) => member.name === "x-dimension")?.values[0]) : undefined;
    const y = size ? integerOf(size.find((member) => member.name === "y-dimension")?.values[0]) : undefined;
    const sentName = members ? stringOf(members.find((member) => member.name === "media-size-name")?.values[0]) : undefined;
    const sizeName = sentName && queue.media.includes(sentName) ? sentName : undefined;
    if (x !== undefined && y !== undefined && x > 0 && y > 0) {
      const media = sizeName ?? mediaNameForSize({ x, y }, queue.media);
      return { "media-size": { x, y }, ...(media ? { media } : {}) };
    }
    return members ? {} : undefined;
  },
  "print-color-mode": (values, queue) => {
    const mode = keywordOf(single(values));
    return mode && queue.colorModes.includes(mode) ? { "print-color-mode": mode } : undefined;
  },
  "print-quality": (values) => {
    const quality = enumOf(single(values));
    return quality !== undefined && [3, 4, 5].includes(quality) ? { "print-quality": quality } : undefined;
  },
  "orientation-requested": (values) => {
    const orientation = enumOf(single(values));
    return orientation !== undefined && [3, 4, 5, 6].includes(orientation) ? { "orientation-requested": orientation } : undefined;
  },
  "page-ranges": (values) => {
    const ranges: [number, number][] = [];
    for (const value of values) {
      const pages = rangeOf(value);
      if (!pages) return undefined;
      const { lower, upper } = pages;
      if (lower < 1 || upper < lower || (ranges.length > 0 && lower <= ranges[ranges.length - 1]![1])) return undefined;
      ranges.push([lower, upper]);
    }
    return ranges.length > 0 && ranges.length <= 100 ? { "page-ranges": ranges } : undefined;
  },
  "printer-resolution": (values) => {
    const value = resolutionOf(single(values));
    return value && [300, 600].includes(value.x) && value.x === value.y && value.units === 3 ? { "printer-resolution": value } : undefined;
  },
  // Accepted and honoured by being a hold queue anyway; never forwarded.
  "job-hold-until": (values) => (keywordOrName(single(values)) ? {} : undefined),
  "job-priority": (values) => (integerOf(single(values)) !== undefined ? {} : undefined),
  "job-sheets": (values) => (keywordOrName(single(values)) === "none" ? {} : undefined),
  finishings: (values) => (values.every((value) => enumOf(value) === 3) ? {} : undefined),
  "number-up": (values) => {
    const up = integerOf(single(values));
    return up !== undefined && single(values)!.tag === 0x21 && NUMBER_UP.includes(up) ? { "number-up": up } : undefined;
  },
  "multiple-document-handling": (values) => {
    const handling = keywordOf(single(values));
    return handling && COLLATIONS.includes(handling) ? { "multiple-document-handling": handling } : undefined;
  },
  "print-scaling": (values) => {
    const scaling = keywordOf(single(values));
    return scaling && SCALINGS.includes(scaling) ? { "print-scaling": scaling } : undefined;
  },
  "print-content-optimize": (values) => (keywordOf(single(values)) ? {} : undefined),
  "output-bin": (values) => {
    const bin = keywordOrName(single(values));
    return bin && /^[a-z0-9][a-z0-9._-]{0,62}$/.test(bin) ? { "output-bin": bin } : undefined;
  },
};

// Values with a tag the codec does not know carry raw octets; these guards keep them out.
const known = (value: IppValue | undefined) => value !== undefined && !("unknownTag" in value);

function keywordOf(value: IppValue | undefined): string | undefined {
  return known(value) && value!.tag === 0x44 ? stringOf(value) : undefined;
}

function rangeOf(value: IppValue | undefined): IppRange | undefined {
  return known(value) && value!.tag === 0x33 ? (value as { value: IppRange }).value : undefined;
}

function resolutionOf(value: IppValue | undefined): IppResolution | undefined {
  return known(value) && value!.tag === 0x32 ? (value as { value: IppResolution }).value : undefined;
}

function keywordOrName(value: IppValue | undefined): string | undefined {
  return value && (value.tag === 0x44 || value.tag === 0x42 || value.tag === 0x36) ? stringOf(value) : undefined;
}

function enumOf(value: IppValue | undefined): number | undefined {
  return known(value) && value!.tag === 0x23 ? integerOf(value) : undefined;
}

export interface ParsedTemplate {
  template: JobTemplate;
  /** Attributes (as sent) that the queue does not support, for the unsupported-attributes group. */
  unsupported: IppAttribute[];
}

export function parseJobTemplate(message: IppMessage, queue: QueueDescription): ParsedTemplate {
  const template: JobTemplate = {};
  const unsupported: IppAttribute[] = [];
  for (const group of message.groups) {
    if (group.tag !== GroupTag.job) continue;
    for (const attribute of group.attributes) {
      const reader = READERS[attribute.name];
      const read = reader?.(attribute.values, queue);
      if (read === undefined) unsupported.push(attribute);
      else Object.assign(template, read);
    }
  }
  return { template, unsupported };
}
