// Specification of the bounded decoder: what it accepts, what it refuses, and with which IPP status.
import { createRequire } from "node:module";
import { ippStatusOf } from "../../error-answers.js";
import { describe, expect, test } from "vitest";
import { decodeIppMessage, type DecodeResult } from "./decode.js";
import { IppDecodeError, type IppDecodeFailure } from "./decode-error.js";
import { IPP_PACKAGE_HANG_32_OCTETS, samplePrintJobHeader, samplePrintJobRequest } from "../../../test/support/ipp/sample-messages.js";
import { GroupTag, ValueTag } from "./tags.js";
import type { IppDecodeLimits, IppMessage } from "./types.js";
import { envelope, field, int32, operationPreamble, request, uint16, wire } from "../../../test/support/ipp/wire-builder.js";

const ipp = createRequire(import.meta.url)("ipp") as { serialize(message: unknown): Buffer };

function decodeError(input: Buffer, limits?: Partial<IppDecodeLimits>, role?: "request" | "response"): IppDecodeError {
  try {
    decodeIppMessage(input, limits, role === undefined ? {} : { role });
  } catch (error) {
    expect(error).toBeInstanceOf(IppDecodeError);
    return error as IppDecodeError;
  }
  throw new Error("expected the decoder to refuse the input");
}

function expectRefused(input: Buffer, failure: IppDecodeFailure, ippStatus: number, role?: "request" | "response"): IppDecodeError {
  const error = decodeError(input, undefined, role);
  expect(error.failure).toBe(failure);
  expect(error.ippStatus).toBe(ippStatus);
  // What the IPP endpoint answers comes from the error table through the code, not from the error.
  expect(ippStatusOf(error.code)).toBe(ippStatus);
  return error;
}

function complete(result: DecodeResult): { message: IppMessage; bodyOffset: number } {
  if (result.kind !== "complete") throw new Error(`expected a complete message, got ${JSON.stringify(result)}`);
  return result;
}

const BAD_REQUEST = 0x0400;

describe("well-formed requests", () => {
  test("a Print-Job written by the ipp package's own serializer decodes to the same attributes", () => {
    const octets = ipp.serialize({
      operation: "Print-Job",
      id: 7,
      "operation-attributes-tag": {
        "attributes-charset": "utf-8",
        "attributes-natural-language": "en",
        "printer-uri": "ipp://localhost:8631/ipp/print",
        "requesting-user-name": "alice",
        "job-name": "Report",
        "document-format": "application/pdf",
      },
      "job-attributes-tag": { copies: 3, sides: "two-sided-long-edge" },
    });
    const { message, bodyOffset } = complete(decodeIppMessage(octets));
    expect(bodyOffset).toBe(octets.length);
    expect(message.version).toEqual({ major: 2, minor: 0 });
    expect(message.code).toBe(0x0002);
    expect(message.requestId).toBe(7);
    expect(message.groups.map((group) => group.tag)).toEqual([GroupTag.operation, GroupTag.job]);
    expect(message.groups[0]?.attributes).toEqual([
      { name: "attributes-charset", values: [{ tag: ValueTag.charset, value: "utf-8" }] },
      { name: "attributes-natural-language", values: [{ tag: ValueTag.naturalLanguage, value: "en" }] },
      { name: "printer-uri", values: [{ tag: ValueTag.uri, value: "ipp://localhost:8631/ipp/print" }] },
      { name: "requesting-user-name", values: [{ tag: ValueTag.nameWithoutLanguage, value: "alice" }] },
      { name: "job-name", values: [{ tag: ValueTag.nameWithoutLanguage, value: "Report" }] },
      { name: "document-format", values: [{ tag: ValueTag.mimeMediaType, value: "application/pdf" }] },
    ]);
    expect(message.groups[1]?.attributes).toEqual([
      { name: "copies", values: [{ tag: ValueTag.integer, value: 3 }] },
      { name: "sides", values: [{ tag: ValueTag.keyword, value: "two-sided-long-edge" }] },
    ]);
  });

  test("bodyOffset points just after end-of-attributes and the document octets are left alone", () => {
    const header = samplePrintJobHeader();
    const document = Buffer.from("%PDF-1.7\n\x03\x01\x02 binary after the header");
    const { message, bodyOffset } = complete(decodeIppMessage(Buffer.concat([header, document])));
    expect(bodyOffset).toBe(header.length);
    expect(message).toEqual(samplePrintJobRequest());
  });

  test("a hand-written message with several values, an additional value and a collection", () => {
    const octets = request(
      GroupTag.job,
      field(ValueTag.keyword, "sides", "one-sided"),
      field(ValueTag.rangeOfInteger, "page-ranges", wire(int32(1), int32(2))),
      field(ValueTag.rangeOfInteger, "", wire(int32(5), int32(9))),
      field(ValueTag.begCollection, "media-col"),
      field(ValueTag.memberAttrName, "", "media-source"),
      field(ValueTag.keyword, "", "tray-1"),
      field(ValueTag.endCollection, ""),
    );
    const { message } = complete(decodeIppMessage(octets));
    expect(message.groups[1]?.attributes).toEqual([
      { name: "sides", values: [{ tag: ValueTag.keyword, value: "one-sided" }] },
      {
        name: "page-ranges",
        values: [
          { tag: ValueTag.rangeOfInteger, value: { lower: 1, upper: 2 } },
          { tag: ValueTag.rangeOfInteger, value: { lower: 5, upper: 9 } },
        ],
      },
      { name: "media-col", values: [{ tag: ValueTag.begCollection, value: [{ name: "media-source", values: [{ tag: ValueTag.keyword, value: "tray-1" }] }] }] },
    ]);
  });

  test.each([
    [1, 0],
    [1, 1],
    [2, 0],
    [2, 1],
    [2, 2],
  ])("IPP/%i.%i is accepted", (major, minor) => {
    const { message } = complete(decodeIppMessage(wire(envelope({ major, minor }), operationPreamble(), GroupTag.endOfAttributes)));
    expect(message.version).toEqual({ major, minor });
  });

  test("an unknown value tag is kept as raw octets, and out-of-band values drop any octets sent with them", () => {
    const { message } = complete(
      decodeIppMessage(request(field(0x38, "vendor-thing", Buffer.of(1, 2, 3)), field(ValueTag.noValue, "job-hold-until", "x"), field(ValueTag.deleteAttribute, "job-name"))),
    );
    const attributes = message.groups[0]?.attributes.slice(3);
    expect(attributes).toEqual([
      { name: "vendor-thing", values: [{ tag: 0x38, value: Buffer.of(1, 2, 3), unknownTag: true }] },
      { name: "job-hold-until", values: [{ tag: ValueTag.noValue }] },
      { name: "job-name", values: [{ tag: ValueTag.deleteAttribute, value: Buffer.alloc(0), unknownTag: true }] },
    ]);
  });

  test("text with language and UTF-8 names decode to their strings", () => {
    const withLanguage = wire(uint16(2), "sv", uint16(Buffer.byteLength("Möte")), "Möte");
    const { message } = complete(decodeIppMessage(request(field(ValueTag.nameWithLanguage, "job-name", withLanguage), field(ValueTag.textWithoutLanguage, "job-message", "Ärende ✓"))));
    expect(message.groups[0]?.attributes.slice(3)).toEqual([
      { name: "job-name", values: [{ tag: ValueTag.nameWithLanguage, value: { language: "sv", text: "Möte" } }] },
      { name: "job-message", values: [{ tag: ValueTag.textWithoutLanguage, value: "Ärende ✓" }] },
    ]);
  });

  test("a dateTime with a UTC offset decodes to the right instant and keeps its octets", () => {
    // 2024-03-05 16:07:09.3 at +02:00 is 14:07:09.3 UTC.
    const octets = Buffer.of(0x07, 0xe8, 3, 5, 16, 7, 9, 3, 0x2b, 2, 0);
    const { message } = complete(decodeIppMessage(request(field(ValueTag.dateTime, "job-hold-until-time", octets))));
    expect(message.groups[0]?.attributes[3]?.values[0]).toEqual({ tag: ValueTag.dateTime, value: new Date("2024-03-05T14:07:09.300Z"), raw: octets });
  });
});

describe("truncated input", () => {
  test("every proper prefix of a valid Print-Job header is incomplete, never an error or a crash", () => {
    const header = samplePrintJobHeader();
    for (let length = 0; length < header.length; length += 1) {
      const result = decodeIppMessage(header.subarray(0, length));
      expect(result.kind, `prefix of ${length} octets`).toBe("incomplete");
      if (result.kind === "incomplete") {
        expect(result.needed).toBeGreaterThan(length);
        expect(result.needed).toBeLessThanOrEqual(header.length);
      }
    }
  });
});

describe("hostile lengths (the ipp package reads them signed and loops)", () => {
  test("the 32-octet input that hangs the ipp package is refused as a too-long value", () => {
    expect(IPP_PACKAGE_HANG_32_OCTETS.length).toBe(32);
    const error = expectRefused(IPP_PACKAGE_HANG_32_OCTETS, "value-too-long", 0x0409);
    expect(error.offset).toBe(9);
  });

  test.each([0xffff, 0x8000, 0xfff5])("a name length of 0x%s is refused before its octets are awaited", (length) => {
    const octets = wire(envelope(), GroupTag.operation, ValueTag.keyword, uint16(length), "abc");
    expectRefused(octets, "value-too-long", 0x0409);
  });

  test("a value length with the high bit set is refused", () => {
    const octets = wire(envelope(), GroupTag.operation, ValueTag.keyword, uint16(4), "name", uint16(0xfffe), "abc");
    expectRefused(octets, "value-too-long", 0x0409);
  });

  test("with the value limit raised to 65,535 a 0xFFFF length only ever moves forward: incomplete, needing 65,535 more octets", () => {
    const octets = wire(envelope(), GroupTag.operation, ValueTag.keyword, uint16(0xffff), "abc");
    const result = decodeIppMessage(octets, { maxValueLength: 0xffff });
    expect(result).toEqual({ kind: "incomplete", needed: 12 + 0xffff });
  });
});

describe("envelope and group order", () => {
  test.each([0, 3, 9, 255])("major version %i is answered with server-error-version-not-supported", (major) => {
    expectRefused(wire(envelope({ major }), operationPreamble(), GroupTag.endOfAttributes), "version-not-supported", 0x0503);
  });

  test("the version is checked from the first octet, before the rest arrives", () => {
    expectRefused(Buffer.of(4), "version-not-supported", 0x0503);
  });

  test("an attribute before any group tag is refused", () => {
    expectRefused(wire(envelope(), field(ValueTag.keyword, "sides", "one-sided"), GroupTag.endOfAttributes), "malformed", BAD_REQUEST);
  });

  test("a job group before the operation group is refused", () => {
    expectRefused(wire(envelope(), GroupTag.job, field(ValueTag.integer, "copies", int32(1)), GroupTag.endOfAttributes), "malformed", BAD_REQUEST);
  });

  test("a second operation group is refused (it could carry a second requesting-user-name)", () => {
    const octets = request(GroupTag.operation, field(ValueTag.nameWithoutLanguage, "requesting-user-name", "root"));
    expectRefused(octets, "malformed", BAD_REQUEST);
  });

  test("in a request groups may not go backwards or repeat, as in cupsd", () => {
    expectRefused(request(GroupTag.printer, GroupTag.job), "malformed", BAD_REQUEST);
    expectRefused(request(GroupTag.job, GroupTag.job), "malformed", BAD_REQUEST);
  });

  test("a request may repeat subscription template groups (Create-Printer-Subscriptions)", () => {
    const { message } = complete(decodeIppMessage(request(GroupTag.subscription, field(ValueTag.keyword, "notify-events", "job-completed"), GroupTag.subscription, field(ValueTag.keyword, "notify-events", "job-created"))));
    expect(message.groups.map((group) => group.tag)).toEqual([GroupTag.operation, GroupTag.subscription, GroupTag.subscription]);
  });

  test("a response may carry unsupported then several job groups; the same name in different groups is fine", () => {
    const job = (id: number): Buffer => wire(GroupTag.job, field(ValueTag.integer, "job-id", int32(id)));
    const octets = wire(envelope({ code: 0 }), operationPreamble(), GroupTag.unsupported, field(ValueTag.keyword, "sides", "x"), job(1), job(2), job(3), GroupTag.endOfAttributes);
    const { message } = complete(decodeIppMessage(octets, undefined, { role: "response" }));
    expect(message.groups.map((group) => group.tag)).toEqual([GroupTag.operation, GroupTag.unsupported, GroupTag.job, GroupTag.job, GroupTag.job]);
    expectRefused(octets, "malformed", BAD_REQUEST, "request");
  });

  test("a response still needs the operation group first and only once", () => {
    expectRefused(wire(envelope({ code: 0 }), GroupTag.job, GroupTag.endOfAttributes), "malformed", BAD_REQUEST, "response");
    expectRefused(wire(envelope({ code: 0 }), operationPreamble(), GroupTag.job, GroupTag.operation, GroupTag.endOfAttributes), "malformed", BAD_REQUEST, "response");
  });

  test("the reserved delimiter tag 0x00 is refused", () => {
    expectRefused(request(0x00), "malformed", BAD_REQUEST);
  });

  test("an empty message (no groups) decodes; requiring the operation attributes is the operation layer's job", () => {
    const { message, bodyOffset } = complete(decodeIppMessage(wire(envelope(), GroupTag.endOfAttributes)));
    expect(message.groups).toEqual([]);
    expect(bodyOffset).toBe(9);
  });
});

describe("names and additional values", () => {
  test('a repeated attribute is refused: "alice" then "root" must not read as root', () => {
    const octets = request(field(ValueTag.nameWithoutLanguage, "requesting-user-name", "alice"), field(ValueTag.nameWithoutLanguage, "requesting-user-name", "root"));
    const error = expectRefused(octets, "duplicate-attribute", BAD_REQUEST);
    expect(error.message).not.toContain("root");
    expect(error.message).not.toContain("alice");
  });

  test("a repeated member inside one collection is refused", () => {
    const octets = request(
      GroupTag.job,
      field(ValueTag.begCollection, "media-col"),
      field(ValueTag.memberAttrName, "", "media-source"),
      field(ValueTag.keyword, "", "tray-1"),
      field(ValueTag.memberAttrName, "", "media-source"),
      field(ValueTag.keyword, "", "tray-2"),
      field(ValueTag.endCollection, ""),
    );
    expectRefused(octets, "duplicate-attribute", BAD_REQUEST);
  });

  test("the same member name in two different collections is fine", () => {
    const member = wire(field(ValueTag.memberAttrName, "", "media-source"), field(ValueTag.keyword, "", "auto"), field(ValueTag.endCollection, ""));
    const octets = request(GroupTag.job, field(ValueTag.begCollection, "media-col"), member, field(ValueTag.begCollection, ""), member);
    const { message } = complete(decodeIppMessage(octets));
    expect(message.groups[1]?.attributes[0]?.values).toHaveLength(2);
  });

  test("an additional value (empty name) right after a group tag is refused", () => {
    expectRefused(request(GroupTag.job, field(ValueTag.keyword, "", "one-sided")), "malformed", BAD_REQUEST);
  });

  test("an additional value attaches to the attribute before it", () => {
    const { message } = complete(decodeIppMessage(request(GroupTag.job, field(ValueTag.keyword, "sides", "one-sided"), field(ValueTag.keyword, "", "two-sided-long-edge"))));
    expect(message.groups[1]?.attributes[0]?.values.map((value) => ("value" in value ? value.value : undefined))).toEqual(["one-sided", "two-sided-long-edge"]);
  });

  test.each([
    ["a space", "job name"],
    ["a control character", "job\u0001name"],
    ["a non-ASCII letter", "jöb-name"],
  ])("an attribute name with %s is refused", (_what, name) => {
    expectRefused(request(field(ValueTag.keyword, name, "x")), "malformed", BAD_REQUEST);
  });
});

describe("collections", () => {
  const begin = (name = "media-col"): Buffer => field(ValueTag.begCollection, name);
  const member = (name: string): Buffer => field(ValueTag.memberAttrName, "", name);
  const end = field(ValueTag.endCollection, "");

  test.each([
    ["memberAttrName outside a collection", [member("x")]],
    ["endCollection outside a collection", [end]],
    ["a value without memberAttrName first", [begin(), field(ValueTag.keyword, "", "auto"), end]],
    ["two memberAttrName in a row", [begin(), member("a"), member("b"), field(ValueTag.keyword, "", "auto"), end]],
    ["memberAttrName right before endCollection", [begin(), member("a"), end]],
    ["an empty member name", [begin(), member(""), field(ValueTag.keyword, "", "auto"), end]],
    ["a named attribute inside a collection", [begin(), field(ValueTag.keyword, "media-source", "auto"), end]],
    ["endCollection carrying a value", [begin(), field(ValueTag.endCollection, "", "x")]],
    ["begCollection carrying a value", [field(ValueTag.begCollection, "media-col", "x"), end]],
    ["a group tag inside a collection", [begin(), GroupTag.job, end]],
    ["end-of-attributes inside a collection", [begin(), member("a"), field(ValueTag.keyword, "", "auto")]],
  ])("%s is refused", (_what, parts) => {
    expectRefused(request(GroupTag.job, ...parts), "malformed", BAD_REQUEST);
  });
});

describe("value syntax", () => {
  test.each([
    ["integer", ValueTag.integer, 3],
    ["integer", ValueTag.integer, 5],
    ["enum", ValueTag.enum, 2],
    ["boolean", ValueTag.boolean, 0],
    ["boolean", ValueTag.boolean, 2],
    ["dateTime", ValueTag.dateTime, 10],
    ["resolution", ValueTag.resolution, 8],
    ["rangeOfInteger", ValueTag.rangeOfInteger, 9],
  ])("%s with %i value octets is refused", (_syntax, tag, length) => {
    expectRefused(request(field(tag, "some-attribute", Buffer.alloc(length, 1))), "malformed", BAD_REQUEST);
  });

  test.each([
    ["a language length past the value", wire(uint16(9), "sv", uint16(1), "x")],
    ["a text length short of the value", wire(uint16(2), "sv", uint16(1), "xy")],
    ["a text length past the value", wire(uint16(2), "sv", uint16(3), "xy")],
    ["fewer than four octets", wire(uint16(0), 0)],
    ["a non-ASCII language", wire(uint16(2), 0xc3, 0xa4, uint16(1), "x")],
  ])("textWithLanguage with %s is refused", (_what, value) => {
    expectRefused(request(field(ValueTag.textWithLanguage, "job-message", value)), "malformed", BAD_REQUEST);
  });

  test.each([
    ["keyword", ValueTag.keyword, "two sided"],
    ["keyword", ValueTag.keyword, "tw\u00e5"],
    ["charset", ValueTag.charset, "utf-8\u0000"],
    ["uri", ValueTag.uri, "ipp://host/\u007f"],
    ["naturalLanguage", ValueTag.naturalLanguage, "sv\tse"],
    ["mimeMediaType", ValueTag.mimeMediaType, "text/plain;\ncharset=utf-8"],
  ])("a %s outside printable ASCII is refused", (_syntax, tag, value) => {
    expectRefused(request(field(tag, "some-attribute", value)), "malformed", BAD_REQUEST);
  });

  test("a mimeMediaType with parameters (and so a space) is accepted", () => {
    const { message } = complete(decodeIppMessage(request(field(ValueTag.mimeMediaType, "document-format", "text/plain; charset=utf-8"))));
    expect(message.groups[0]?.attributes[3]?.values[0]).toEqual({ tag: ValueTag.mimeMediaType, value: "text/plain; charset=utf-8" });
  });

  test.each([
    ["a lone continuation octet", Buffer.of(0x61, 0x80)],
    ["a truncated sequence", Buffer.of(0xe2, 0x82)],
    ["an overlong encoding", Buffer.of(0xc0, 0xaf)],
    ["a UTF-16 surrogate", Buffer.of(0xed, 0xa0, 0x80)],
  ])("a name that is not UTF-8 (%s) is refused", (_what, value) => {
    expectRefused(request(field(ValueTag.nameWithoutLanguage, "requesting-user-name", value)), "malformed", BAD_REQUEST);
    expectRefused(request(field(ValueTag.textWithoutLanguage, "job-message", value)), "malformed", BAD_REQUEST);
  });

  test.each([
    ["month 0", Buffer.of(0x07, 0xe8, 0, 5, 16, 7, 9, 3, 0x2b, 2, 0)],
    ["February 30", Buffer.of(0x07, 0xe8, 2, 30, 16, 7, 9, 3, 0x2b, 2, 0)],
    ["a numeric UTC direction (as the ipp package writes it)", Buffer.of(0x07, 0xe8, 3, 5, 16, 7, 9, 3, 0, 2, 0)],
    ["deci-seconds 10", Buffer.of(0x07, 0xe8, 3, 5, 16, 7, 9, 10, 0x2b, 2, 0)],
  ])("a dateTime with %s is refused", (_what, value) => {
    expectRefused(request(field(ValueTag.dateTime, "job-hold-until-time", value)), "malformed", BAD_REQUEST);
  });

  test("resolution units other than 3 (dpi) and 4 (dpcm) are refused", () => {
    expectRefused(request(field(ValueTag.resolution, "printer-resolution", wire(int32(600), int32(600), 5))), "malformed", BAD_REQUEST);
  });

  test("the extension tag 0x7f is refused", () => {
    expectRefused(request(field(ValueTag.extension, "x", int32(0x40000000))), "malformed", BAD_REQUEST);
  });
});
