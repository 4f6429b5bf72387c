// Every hard limit of the decoder: the last accepted size and the first refused one.
import { describe, expect, test } from "vitest";
import { decodeIppMessage, resolveDecodeLimits } from "./decode.js";
import { IppDecodeError } from "./decode-error.js";
import { PrintvaktError } from "../../errors.js";
import { samplePrintJobHeader } from "../../../test/support/ipp/sample-messages.js";
import { GroupTag, ValueTag } from "./tags.js";
import { DEFAULT_IPP_DECODE_LIMITS, type IppDecodeLimits } from "./types.js";
import { field, int32, nestedCollections, request } from "../../../test/support/ipp/wire-builder.js";

function refusal(input: Buffer, limits?: Partial<IppDecodeLimits>): IppDecodeError {
  try {
    decodeIppMessage(input, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(IppDecodeError);
    return error as IppDecodeError;
  }
  throw new Error("expected the decoder to refuse the input");
}

function expectComplete(input: Buffer, limits?: Partial<IppDecodeLimits>): void {
  expect(decodeIppMessage(input, limits).kind).toBe("complete");
}

describe("collection depth (default 10, as cupsd)", () => {
  test("10 nested collections are accepted", () => {
    expectComplete(request(GroupTag.job, nestedCollections(10)));
  });

  test("11 nested collections are refused with client-error-bad-request", () => {
    const error = refusal(request(GroupTag.job, nestedCollections(11)));
    expect(error.failure).toBe("too-deep");
    expect(error.ippStatus).toBe(0x0400);
  });

  test("5,000 nested collections (a stack overflow in the ipp package) are refused, not overflowed", () => {
    expect(refusal(request(GroupTag.job, nestedCollections(5_000))).failure).toBe("too-deep");
  });

  test("the depth limit is configurable", () => {
    expectComplete(request(GroupTag.job, nestedCollections(2)), { maxDepth: 2 });
    expect(refusal(request(GroupTag.job, nestedCollections(3)), { maxDepth: 2 }).failure).toBe("too-deep");
  });
});

describe("value length (default 32,767 octets, as cupsd)", () => {
  test("a value of 32,767 octets is accepted", () => {
    expectComplete(request(field(ValueTag.octetString, "job-password", Buffer.alloc(32_767, 0x41))));
  });

  test("a value of 32,768 octets is refused with client-error-request-value-too-long", () => {
    const error = refusal(request(field(ValueTag.octetString, "job-password", Buffer.alloc(32_768, 0x41))));
    expect(error.failure).toBe("value-too-long");
    expect(error.ippStatus).toBe(0x0409);
  });

  test("the limit applies to names as well", () => {
    expect(refusal(request(field(ValueTag.keyword, "n".repeat(32_768), "x"))).failure).toBe("value-too-long");
  });

  test("a value over the limit is refused from its length field alone, before its octets arrive", () => {
    const start = request(field(ValueTag.octetString, "job-password", Buffer.alloc(40_000))).subarray(0, 150);
    expect(refusal(start).failure).toBe("value-too-long");
  });
});

describe("attribute section size (maxHeaderBytes)", () => {
  const header = samplePrintJobHeader();

  test("a section of exactly maxHeaderBytes octets is accepted", () => {
    expectComplete(header, { maxHeaderBytes: header.length });
  });

  test("one octet more than maxHeaderBytes is refused with client-error-request-entity-too-large", () => {
    const error = refusal(header, { maxHeaderBytes: header.length - 1 });
    expect(error.failure).toBe("header-too-large");
    expect(error.ippStatus).toBe(0x0408);
  });

  test("document data after the section does not count", () => {
    expectComplete(Buffer.concat([header, Buffer.alloc(100_000)]), { maxHeaderBytes: header.length });
  });

  test("with an exact-fit limit every prefix is incomplete, never refused", () => {
    for (let length = 0; length < header.length; length += 1) {
      expect(decodeIppMessage(header.subarray(0, length), { maxHeaderBytes: header.length }).kind).toBe("incomplete");
    }
  });

  test("with a limit one octet short, prefixes are incomplete until a field would cross the limit, then refused", () => {
    const limit = header.length - 1;
    let firstRefusedAt: number | undefined;
    for (let length = 0; length <= header.length; length += 1) {
      try {
        expect(decodeIppMessage(header.subarray(0, length), { maxHeaderBytes: limit }).kind).toBe("incomplete");
        expect(firstRefusedAt).toBeUndefined();
      } catch (error) {
        expect((error as IppDecodeError).failure).toBe("header-too-large");
        firstRefusedAt ??= length;
      }
    }
    expect(firstRefusedAt).toBeDefined();
    expect(firstRefusedAt).toBeLessThanOrEqual(limit + 1);
  });

  test("a value that would end past the limit is refused as soon as its length is read", () => {
    const octets = request(field(ValueTag.octetString, "job-password", Buffer.alloc(2_000)));
    expect(refusal(octets.subarray(0, 130), { maxHeaderBytes: 1_000 }).failure).toBe("header-too-large");
  });

  test("the default is 1 MiB", () => {
    const values = Array.from({ length: 40 }, (_, index) => field(ValueTag.octetString, index === 0 ? "big" : "", Buffer.alloc(30_000)));
    expect(refusal(request(GroupTag.job, ...values)).failure).toBe("header-too-large");
    expectComplete(request(GroupTag.job, ...values.slice(0, 30)));
  });
});

describe("attribute and value counts", () => {
  const attributes = (count: number): Buffer[] => Array.from({ length: count }, (_, index) => field(ValueTag.integer, `a${index}`, int32(index)));

  test("maxAttributes counts every attribute; one over is refused with request-entity-too-large", () => {
    // The request preamble holds 3 operation attributes.
    expectComplete(request(GroupTag.job, ...attributes(7)), { maxAttributes: 10 });
    const error = refusal(request(GroupTag.job, ...attributes(8)), { maxAttributes: 10 });
    expect(error.failure).toBe("too-many-attributes");
    expect(error.ippStatus).toBe(0x0408);
  });

  test("collection members count towards maxAttributes", () => {
    // 3 preamble + "nest" + 4 inner members = 8.
    expectComplete(request(GroupTag.job, nestedCollections(5)), { maxAttributes: 8 });
    expect(refusal(request(GroupTag.job, nestedCollections(5)), { maxAttributes: 7 }).failure).toBe("too-many-attributes");
  });

  test("the default allows 4,096 attributes", () => {
    expectComplete(request(GroupTag.job, ...attributes(4_093)));
    expect(refusal(request(GroupTag.job, ...attributes(4_094))).failure).toBe("too-many-attributes");
  });

  test("maxValuesPerAttribute: the limit is accepted, one more value is refused", () => {
    const values = (count: number): Buffer[] => Array.from({ length: count }, (_, index) => field(ValueTag.keyword, index === 0 ? "sides" : "", "one-sided"));
    expectComplete(request(GroupTag.job, ...values(5)), { maxValuesPerAttribute: 5 });
    const error = refusal(request(GroupTag.job, ...values(6)), { maxValuesPerAttribute: 5 });
    expect(error.failure).toBe("too-many-values");
    expect(error.ippStatus).toBe(0x0408);
    expect(refusal(request(GroupTag.job, ...values(1_025))).failure).toBe("too-many-values");
  });

  test("a flood of empty values (1 MiB of 5-octet fields) is refused by a count cap, not parsed forever", () => {
    const flood = Buffer.concat(Array.from({ length: 200_000 }, () => field(ValueTag.noValue, "")));
    const error = refusal(request(GroupTag.job, field(ValueTag.noValue, "x"), flood));
    expect(error.failure).toBe("too-many-values");
  });
});

describe("resolving limits", () => {
  test("partial limits are merged over the defaults", () => {
    expect(resolveDecodeLimits({ maxDepth: 3 })).toEqual({ ...DEFAULT_IPP_DECODE_LIMITS, maxDepth: 3 });
  });

  test.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("a limit of %s is a configuration error", (value) => {
    expect(() => resolveDecodeLimits({ maxDepth: value })).toThrow(PrintvaktError);
  });
});
