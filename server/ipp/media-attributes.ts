// The queue's media-* printer attributes, every size with its real dimensions from its PWG name.
import { attr, collection, integer, keyword } from "../../core/ipp/codec/values.js";
import type { IppAttribute, IppValue } from "../../core/ipp/codec/types.js";
import { PrintvaktError } from "../../core/errors.js";
import { mediaSizeOf, type MediaSize } from "../../core/ipp/media-sizes.js";

const MARGIN = 423; // 4.23 mm: the common IPP Everywhere default margin

function sizeOf(media: string): MediaSize {
  const size = mediaSizeOf(media);
  // The queue's list is fixed in code; a name without a size there is a programming error.
  if (size === undefined) throw new PrintvaktError("internal", `media ${media} does not state its size`);
  return size;
}

export function mediaSizeCollection(size: MediaSize): IppValue {
  return collection([attr("x-dimension", integer(size.x)), attr("y-dimension", integer(size.y))]);
}

function mediaCol(media: string): IppValue {
  return collection([
    attr("media-size", mediaSizeCollection(sizeOf(media))),
    attr("media-size-name", keyword(media)),
    attr("media-top-margin", integer(MARGIN)),
    attr("media-bottom-margin", integer(MARGIN)),
    attr("media-left-margin", integer(MARGIN)),
    attr("media-right-margin", integer(MARGIN)),
    attr("media-source", keyword("auto")),
    attr("media-type", keyword("stationery")),
  ]);
}

const keywords = (values: readonly string[]) => values.map(keyword);

/** media-supported, -default, -ready, media-size-supported, media-col-*, margins, source and type. */
export function mediaAttributes(media: readonly string[]): IppAttribute[] {
  const defaultMedia = media[0]!;
  return [
    attr("media-supported", ...keywords(media)),
    attr("media-default", keyword(defaultMedia)),
    // iOS offers only A4 and Letter unless media-ready lists more: every size is "loaded" somewhere.
    attr("media-ready", ...keywords(media)),
    attr("media-size-supported", ...media.map((entry) => mediaSizeCollection(sizeOf(entry)))),
    attr("media-col-supported", ...keywords(["media-size", "media-size-name", "media-top-margin", "media-bottom-margin", "media-left-margin", "media-right-margin", "media-source", "media-type"])),
    // Only returned when asked for by name (requested-attributes.ts).
    attr("media-col-database", ...media.map(mediaCol)),
    attr("media-col-default", mediaCol(defaultMedia)),
    attr("media-col-ready", ...media.map(mediaCol)),
    attr("media-source-supported", keyword("auto")),
    attr("media-type-supported", keyword("stationery")),
    attr("media-top-margin-supported", integer(MARGIN)),
    attr("media-bottom-margin-supported", integer(MARGIN)),
    attr("media-left-margin-supported", integer(MARGIN)),
    attr("media-right-margin-supported", integer(MARGIN)),
  ];
}
