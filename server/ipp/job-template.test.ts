// The paper a client asks for, however it names it, is kept as the queue's media name and size (review F1).
import { describe, expect, test } from "vitest";
import { attr, collection, integer, jobGroup, keyword } from "../../core/ipp/codec/values.js";
import type { IppAttribute } from "../../core/ipp/codec/types.js";
import { parseJobTemplate } from "./job-template.js";
import { QUEUE_COLOR_MODES, QUEUE_FORMATS, QUEUE_MEDIA, QUEUE_SIDES } from "./queue-capabilities.js";
import type { QueueDescription } from "./queue-description.js";

const queue: QueueDescription = {
  name: "Secure Print",
  dnsSdName: "Secure Print",
  uuid: "urn:uuid:1e9d5548-61ca-539f-abef-1d2ec6fca1bf",
  formats: [...QUEUE_FORMATS, "application/octet-stream"],
  sides: [...QUEUE_SIDES],
  media: [...QUEUE_MEDIA],
  colorModes: [...QUEUE_COLOR_MODES],
};

const parse = (...attributes: IppAttribute[]) => parseJobTemplate({ version: { major: 2, minor: 0 }, code: 2, requestId: 1, groups: [jobGroup(attributes)] }, queue);

/** media-col as the CUPS ipp backend sends it: the size and margins, no name. */
function sizeOnly(x: number, y: number, margins = 0): IppAttribute {
  const margin = (name: string) => attr(name, integer(margins));
  return attr("media-col", collection([attr("media-size", collection([attr("x-dimension", integer(x)), attr("y-dimension", integer(y))])), margin("media-top-margin"), margin("media-bottom-margin"), margin("media-left-margin"), margin("media-right-margin")]));
}

describe("media and media-col", () => {
  test.each([
    [21590, 27940, "na_letter_8.5x11in"],
    [14800, 21000, "iso_a5_148x210mm"],
    [11000, 22000, "iso_dl_110x220mm"],
    [10477, 24130, "na_number-10_4.125x9.5in"],
  ])("a size-only media-col %i×%i is kept as %s with its size", (x, y, media) => {
    expect(parse(sizeOnly(x, y, 423))).toEqual({ template: { "media-size": { x, y }, media }, unsupported: [] });
  });

  test("a size the queue has no name for is kept as a size, to be forwarded as such", () => {
    expect(parse(sizeOnly(6200, 10000))).toEqual({ template: { "media-size": { x: 6200, y: 10000 } }, unsupported: [] });
  });

  test("a media keyword is kept with the size its name states; an unknown keyword is unsupported", () => {
    expect(parse(attr("media", keyword("iso_a3_297x420mm"))).template).toEqual({ media: "iso_a3_297x420mm", "media-size": { x: 29700, y: 42000 } });
    const unknown = attr("media", keyword("na_foolscap_8.5x13in"));
    expect(parse(unknown)).toEqual({ template: {}, unsupported: [unknown] });
  });
});
