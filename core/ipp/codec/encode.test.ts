// Specification of our encoder: exact octets, round trips through the decoder, and what it refuses.
import { createRequire } from "node:module";
import { describe, expect, test } from "vitest";
import { PrintvaktError } from "../../errors.js";
import { decodeDateTime, encodeDateTime } from "./date-time.js";
import { decodeIppMessage } from "./decode.js";
import { encodeIppMessage } from "./encode.js";
import { IppOperation } from "./operations.js";
import { samplePrintJobRequest } from "../../../test/support/ipp/sample-messages.js";
import { IppStatus } from "./status.js";
import { GroupTag, ValueTag } from "./tags.js";
import type { IppAttribute, IppMessage } from "./types.js";
import {
  attr,
  bool,
  charset,
  collection,
  dateTime,
  enumValue,
  integer,
  jobGroup,
  keyword,
  mimeMediaType,
  name,
  naturalLanguage,
  noValue,
  octets,
  operationGroup,
  printerGroup,
  range,
  resolution,
  text,
  unknown,
  unsupported,
  unsupportedGroup,
  uri,
  uriScheme,
} from "./values.js";
import { envelope, field, int32, uint16, wire } from "../../../test/support/ipp/wire-builder.js";

const ipp = createRequire(import.meta.url)("ipp") as { parse(octets: Buffer): Record<string, unknown> };

function response(groups: IppMessage["groups"]): IppMessage {
  return { version: { major: 2, minor: 0 }, code: IppStatus.successfulOk, requestId: 42, groups };
}

function roundTrip(message: IppMessage): IppMessage {
  const encoded = encodeIppMessage(message);
  const result = decodeIppMessage(encoded, undefined, { role: "response" });
  if (result.kind !== "complete") throw new Error("encoded message did not decode completely");
  expect(result.bodyOffset).toBe(encoded.length);
  return result.message;
}

const preamble = [attr("attributes-charset", charset("utf-8")), attr("attributes-natural-language", naturalLanguage("en"))];

describe("exact octets", () => {
  test("a small response is written field by field as RFC 8010 says", () => {
    const message = response([operationGroup(preamble), printerGroup([attr("printer-state", enumValue(3)), attr("sides-supported", keyword("one-sided"), keyword("two-sided-long-edge"))])]);
    const expected = wire(
      envelope({ code: 0, requestId: 42 }),
      GroupTag.operation,
      field(ValueTag.charset, "attributes-charset", "utf-8"),
      field(ValueTag.naturalLanguage, "attributes-natural-language", "en"),
      GroupTag.printer,
      field(ValueTag.enum, "printer-state", int32(3)),
      field(ValueTag.keyword, "sides-supported", "one-sided"),
      field(ValueTag.keyword, "", "two-sided-long-edge"),
      GroupTag.endOfAttributes,
    );
    expect(encodeIppMessage(message)).toEqual(expected);
  });

  test("a collection is begCollection, memberAttrName + value per member, endCollection", () => {
    const message = response([jobGroup([attr("media-col", collection([attr("media-source", keyword("auto"))]))])]);
    const expected = wire(
      envelope({ code: 0, requestId: 42 }),
      GroupTag.job,
      field(ValueTag.begCollection, "media-col"),
      field(ValueTag.memberAttrName, "", "media-source"),
      field(ValueTag.keyword, "", "auto"),
      field(ValueTag.endCollection, ""),
      GroupTag.endOfAttributes,
    );
    expect(encodeIppMessage(message)).toEqual(expected);
  });

  test("textWithLanguage carries its two inner lengths", () => {
    const encoded = encodeIppMessage(response([jobGroup([attr("job-name", name("Möte", "sv"))])]));
    const inner = wire(uint16(2), "sv", uint16(5), "Möte");
    expect(encoded.subarray(9)).toEqual(wire(field(ValueTag.nameWithLanguage, "job-name", inner), GroupTag.endOfAttributes));
  });

  test("out-of-band values have an empty value", () => {
    const encoded = encodeIppMessage(response([jobGroup([attr("job-hold-until", noValue())])]));
    expect(encoded.subarray(9)).toEqual(wire(field(ValueTag.noValue, "job-hold-until"), GroupTag.endOfAttributes));
  });
});

describe("dateTime (RFC 2579)", () => {
  test("an instant is written in UTC: year, month 1-12, day, hour, minutes, seconds, deci-seconds, '+', 0, 0", () => {
    expect(encodeDateTime(new Date("2024-03-05T14:07:09.345Z"))).toEqual(Buffer.of(0x07, 0xe8, 3, 5, 14, 7, 9, 3, 0x2b, 0, 0));
  });

  test("an offset west of UTC is written with '-' and the local wall clock", () => {
    expect(encodeDateTime(new Date("2024-01-01T02:30:00Z"), -(5 * 60 + 30))).toEqual(Buffer.of(0x07, 0xe7, 12, 31, 21, 0, 0, 0, 0x2d, 5, 30));
  });

  test("decoding what was encoded at any offset gives the instant back (to the deci-second)", () => {
    const instant = new Date("1999-12-31T23:59:59.900Z");
    for (const offset of [-14 * 60, -90, 0, 60, 13 * 60 + 45]) expect(decodeDateTime(encodeDateTime(instant, offset))).toEqual(instant);
  });

  test("a received dateTime keeps its own offset when written back unchanged", () => {
    const received = Buffer.of(0x07, 0xe8, 3, 5, 16, 7, 9, 3, 0x2b, 2, 0);
    const value = decodeDateTime(received) as Date;
    const encoded = encodeIppMessage(response([jobGroup([attr("time-at-creation", { tag: ValueTag.dateTime, value, raw: received })])]));
    expect(encoded.includes(received)).toBe(true);
  });

  test("stale raw octets are not written for a changed instant", () => {
    const received = Buffer.of(0x07, 0xe8, 3, 5, 16, 7, 9, 3, 0x2b, 2, 0);
    const value = new Date("2030-01-01T00:00:00Z");
    const encoded = encodeIppMessage(response([jobGroup([attr("time-at-creation", { tag: ValueTag.dateTime, value, raw: received })])]));
    expect(encoded.includes(received)).toBe(false);
    expect(encoded.includes(encodeDateTime(value))).toBe(true);
  });
});

describe("round trips through the bounded decoder", () => {
  const everyType: IppAttribute[] = [
    attr("an-integer", integer(-2_147_483_648), integer(0), integer(2_147_483_647)),
    attr("an-enum", enumValue(9)),
    attr("a-boolean", bool(true), bool(false)),
    attr("an-octet-string", octets(Buffer.from([0, 255, 3, 0x80]))),
    attr("a-date-time", dateTime(new Date("2025-06-30T08:15:42.700Z"))),
    attr("a-resolution", resolution(600, 1200), resolution(118, 118, 4)),
    attr("a-range", range(1, 999), range(-5, -1)),
    attr("a-text", text("Anteckningar – ärende ✓")),
    attr("a-text-with-language", text("Hello", "en-gb")),
    attr("a-name", name("Åsa Öberg")),
    attr("a-name-with-language", name("Möte", "sv")),
    attr("a-keyword", keyword("two-sided-long-edge")),
    attr("a-uri", uri("ipps://printvakt.example:8631/ipp/print")),
    attr("a-uri-scheme", uriScheme("ipps")),
    attr("a-charset", charset("utf-8")),
    attr("a-natural-language", naturalLanguage("sv-se")),
    attr("a-mime-media-type", mimeMediaType("text/plain; charset=utf-8")),
    attr("out-of-band", noValue(), unknown(), unsupported()),
    attr("a-raw-tag", { tag: 0x38, value: Buffer.of(1, 2), unknownTag: true }),
    attr("an-empty-text", text("")),
  ];

  test("every value type survives encode -> decode unchanged", () => {
    const message = response([operationGroup(preamble), jobGroup(everyType)]);
    const decoded = roundTrip(message);
    const dateValue = decoded.groups[1]?.attributes.find((attribute) => attribute.name === "a-date-time")?.values[0];
    expect(dateValue).toMatchObject({ tag: ValueTag.dateTime, value: new Date("2025-06-30T08:15:42.700Z") });
    // The decoder also keeps the raw dateTime octets; compare everything else exactly.
    const withoutRaw = JSON.parse(JSON.stringify(decoded, (key, value: unknown) => (key === "raw" ? undefined : value)));
    expect(withoutRaw).toEqual(JSON.parse(JSON.stringify(message)));
  });

  test("nested collections (media-col-database with media-size inside) survive", () => {
    const mediaCol = (width: number, height: number, source: string): ReturnType<typeof collection> =>
      collection([
        attr("media-size", collection([attr("x-dimension", integer(width)), attr("y-dimension", integer(height))])),
        attr("media-source", keyword(source)),
        attr("media-top-margin", integer(423)),
      ]);
    const message = response([
      operationGroup(preamble),
      printerGroup([attr("media-col-database", mediaCol(21000, 29700, "auto"), mediaCol(21590, 27940, "tray-1")), attr("media-col-default", mediaCol(21000, 29700, "auto"))]),
    ]);
    expect(roundTrip(message)).toEqual(message);
  });

  test("ten levels of nesting survive; it is the decoder's limit too", () => {
    let value = collection([attr("leaf", integer(1))]);
    for (let level = 1; level < 10; level += 1) value = collection([attr(`level-${level}`, value)]);
    const message = response([operationGroup(preamble), jobGroup([attr("deep", value)])]);
    expect(roundTrip(message)).toEqual(message);
  });

  test("a Get-Jobs response with an unsupported group and several job groups keeps every group in order", () => {
    const job = (id: number, state: number) => jobGroup([attr("job-id", integer(id)), attr("job-state", enumValue(state)), attr("job-name", name(`Job ${id}`))]);
    const message = response([operationGroup(preamble), unsupportedGroup([attr("which-jobs", keyword("proof-print"))]), job(1, 4), job(2, 4), job(3, 9)]);
    const decoded = roundTrip(message);
    expect(decoded.groups.map((group) => group.tag)).toEqual([GroupTag.operation, GroupTag.unsupported, GroupTag.job, GroupTag.job, GroupTag.job]);
    expect(decoded).toEqual(message);
  });

  test("names the ipp package does not know are written like any other", () => {
    const message = response([
      operationGroup(preamble),
      printerGroup([
        attr("urf-supported", keyword("V1.4"), keyword("W8"), keyword("RS300-600")),
        attr("mopria-certified", text("1.3")),
        attr("printer-kind", keyword("document")),
        attr("job-release-action-supported", keyword("none"), keyword("job-password"), keyword("owner-authorized")),
      ]),
    ]);
    expect(roundTrip(message)).toEqual(message);
  });

  test("the sample Print-Job request survives and re-encodes to the same octets", () => {
    const encoded = encodeIppMessage(samplePrintJobRequest());
    const decoded = decodeIppMessage(encoded);
    if (decoded.kind !== "complete") throw new Error("incomplete");
    expect(encodeIppMessage(decoded.message)).toEqual(encoded);
  });

  test("a message far larger than the writer's first buffer survives octet for octet", () => {
    const attributes = Array.from({ length: 300 }, (_, index) => attr(`x-vendor-${index}`, text("å".repeat(index * 7)), integer(index)));
    const message = response([operationGroup(preamble), jobGroup(attributes)]);
    expect(encodeIppMessage(message).length).toBeGreaterThan(300_000);
    expect(roundTrip(message)).toEqual(message);
  });

  test("a message with empty groups and the request's version is written as given", () => {
    const message: IppMessage = { version: { major: 1, minor: 1 }, code: IppOperation.getJobs, requestId: 2_147_483_647, groups: [operationGroup([]), jobGroup([])] };
    expect(roundTrip(message)).toEqual(message);
  });
});

describe("cross-check with the ipp package's parser (our output, so safe to feed it)", () => {
  test("it reads our Get-Printer-Attributes response values back", () => {
    const message = response([
      operationGroup(preamble),
      printerGroup([attr("printer-name", name("Secure Print")), attr("copies-supported", range(1, 999)), attr("printer-is-accepting-jobs", bool(true)), attr("printer-state", enumValue(3))]),
    ]);
    const parsed = ipp.parse(encodeIppMessage(message));
    expect(parsed["statusCode"]).toBe("successful-ok");
    expect(parsed["id"]).toBe(42);
    expect(parsed["printer-attributes-tag"]).toEqual({
      "printer-name": "Secure Print",
      "copies-supported": [1, 999],
      "printer-is-accepting-jobs": true,
      "printer-state": "idle",
    });
  });
});

describe("what the encoder refuses (our own bugs, reported as internal errors)", () => {
  const refuses = (attributes: IppAttribute[]): PrintvaktError => {
    try {
      encodeIppMessage(response([jobGroup(attributes)]));
    } catch (error) {
      expect(error).toBeInstanceOf(PrintvaktError);
      expect((error as PrintvaktError).code).toBe("internal");
      return error as PrintvaktError;
    }
    throw new Error("expected the encoder to refuse");
  };

  test.each([
    ["an attribute without values", [attr("copies")]],
    ["an empty name", [attr("", integer(1))]],
    ["a non-ASCII name", [attr("köpia", integer(1))]],
    ["an integer past 32 bits", [attr("copies", integer(2 ** 31))]],
    ["a fractional integer", [attr("copies", integer(1.5))]],
    ["a non-ASCII keyword", [attr("sides", keyword("två"))]],
    ["a keyword with a space", [attr("sides", keyword("one sided"))]],
    ["a value over 32,767 octets", [attr("job-name", name("x".repeat(32_768)))]],
    ["an invalid date", [attr("time", dateTime(new Date(Number.NaN)))]],
    ["a year before 0", [attr("time", dateTime(new Date("-000001-01-01T00:00:00Z")))]],
    ["a collection member without values", [attr("media-col", collection([attr("media-source")]))]],
    ["a value of the wrong JavaScript type", [attr("sides", { tag: ValueTag.keyword, value: 5 as unknown as string })]],
    ["endCollection as a value", [attr("x", { tag: ValueTag.endCollection, value: Buffer.alloc(0), unknownTag: true })]],
  ])("%s", (_what, attributes) => {
    refuses(attributes);
  });

  test("a group tag that is not a delimiter is refused", () => {
    expect(() => encodeIppMessage(response([{ tag: GroupTag.endOfAttributes, attributes: [] }]))).toThrow(PrintvaktError);
    expect(() => encodeIppMessage(response([{ tag: 0x21, attributes: [] }]))).toThrow(PrintvaktError);
  });

  test("a version or code outside its field is refused", () => {
    expect(() => encodeIppMessage({ ...response([]), version: { major: 256, minor: 0 } })).toThrow(PrintvaktError);
    expect(() => encodeIppMessage({ ...response([]), code: 0x10000 })).toThrow(PrintvaktError);
    expect(() => encodeIppMessage({ ...response([]), requestId: 2 ** 31 })).toThrow(PrintvaktError);
  });
});
