// Fuzz campaign for the bounded IPP decoder: mutated Print-Jobs, generated messages, hostile shapes.
//
// Properties checked on every input: the decoder returns or throws IppDecodeError (nothing else),
// each call returns within 50 ms (a hang bound, allowed here as a correctness property), and a
// decoded message re-encodes to octets that decode to the same octets again. After each campaign a
// valid request still decodes to what it did before.
//
// FUZZ_RUNS (default 20,000 in `npm test`; the long tier runs 2,000,000) sets the total number of inputs; FUZZ_SEED replays a failing run.
// A longer campaign: FUZZ_RUNS=2000000 npx vitest run test/fuzz
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import { decodeIppMessage, type DecodeResult } from "../../core/ipp/codec/decode.js";
import { IppDecodeError } from "../../core/ipp/codec/decode-error.js";
import { encodeDateTime } from "../../core/ipp/codec/date-time.js";
import { encodeIppMessage } from "../../core/ipp/codec/encode.js";
import { samplePrintJobRequest } from "../support/ipp/sample-messages.js";
import { GroupTag, ValueTag } from "../../core/ipp/codec/tags.js";
import type { IppMessage } from "../../core/ipp/codec/types.js";
import { attr, bool, dateTime, jobGroup, name, noValue, operationGroup, text, unknown } from "../../core/ipp/codec/values.js";
import { field, int32, nestedCollections, request, uint16, wire } from "../support/ipp/wire-builder.js";
import { expectSame, HANG_BOUND_MS, lengthFieldOffsets, SEED, TOTAL_RUNS } from "./fuzz-settings.js";
import { applyMutation, mutation } from "./mutations.js";
import { attributeToken } from "./shaped-fields.js";
import { validMessage, visibleAscii } from "./valid-messages.js";


/** Share of the total runs for each campaign. */
const runs = (share: number): number => Math.max(1, Math.round(TOTAL_RUNS * share));
const settings = (share: number): fc.Parameters<unknown> => ({ numRuns: runs(share), ...(SEED === undefined ? {} : { seed: SEED }) });
/** Generous per-test timeout: 2 ms per input (about 10 times the measured cost), never below the suite default. */
const timeoutFor = (share: number): number => Math.max(60_000, runs(share) * 2);

/** The base of the mutations: a full Print-Job with every syntax a client may send, then document octets. */
function fullPrintJobRequest(): IppMessage {
  const sample = samplePrintJobRequest();
  const [operation, job] = sample.groups;
  return {
    ...sample,
    groups: [
      operationGroup([...(operation?.attributes ?? []), attr("job-hold-until-time", dateTime(new Date("2025-01-02T03:04:05.600Z"))), attr("job-message", text("Till: mottagning", "sv"))]),
      jobGroup([...(job?.attributes ?? []), attr("job-originating-user-name", name("Åsa", "sv")), attr("x-booleans", bool(true), bool(false)), attr("x-out-of-band", noValue(), unknown())]),
    ],
  };
}

const baseHeader = encodeIppMessage(fullPrintJobRequest());
const baseInput = Buffer.concat([baseHeader, Buffer.from("%PDF-1.7\n%\u00e2\u00e3\n", "latin1")]);
const expectedBase = decodeIppMessage(baseInput);

const lengthFields = lengthFieldOffsets(baseHeader);

let slowestMs = 0;
let inputsChecked = 0;

/** Decodes with the three properties; a call over the bound is measured again so a GC pause cannot fail it. */
function decodeChecked(input: Buffer): DecodeResult | IppDecodeError {
  inputsChecked += 1;
  let outcome = timedDecode(input);
  if (outcome.milliseconds > HANG_BOUND_MS) outcome = timedDecode(input);
  slowestMs = Math.max(slowestMs, outcome.milliseconds);
  expect(outcome.milliseconds, "decode time in ms").toBeLessThanOrEqual(HANG_BOUND_MS);
  const { result } = outcome;
  if (result instanceof IppDecodeError || result.kind === "incomplete") return result;
  const encoded = encodeIppMessage(result.message);
  const again = decodeIppMessage(encoded);
  if (again.kind !== "complete") throw new Error("a decoded message re-encoded to an incomplete one");
  expect(encodeIppMessage(again.message).equals(encoded), "re-encoding is stable").toBe(true);
  return result;
}

function timedDecode(input: Buffer): { result: DecodeResult | IppDecodeError; milliseconds: number } {
  const start = performance.now();
  try {
    const result = decodeIppMessage(input);
    return { result, milliseconds: performance.now() - start };
  } catch (error) {
    const milliseconds = performance.now() - start;
    // Anything else (TypeError, RangeError, stack overflow) is a decoder bug.
    if (!(error instanceof IppDecodeError)) throw error;
    return { result: error, milliseconds };
  }
}

function expectBaseStillDecodes(): void {
  expect(decodeIppMessage(baseInput)).toEqual(expectedBase);
}

afterAll(() => {
  console.info(`ipp decoder fuzz: ${inputsChecked} inputs, slowest decode ${slowestMs.toFixed(2)} ms`);
});

// ---- Mutations of the full Print-Job (as CUPS's fuzzipp does; see mutations.ts) ----

describe("mutations of a full Print-Job request", () => {
  test(
    `${runs(0.62)} mutated inputs: only IppDecodeError, each within ${HANG_BOUND_MS} ms`,
    () => {
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (changes) => {
          decodeChecked(changes.reduce<Buffer>((input, change) => applyMutation(input, change, lengthFields), baseInput));
        }),
        settings(0.62),
      );
      expectBaseStillDecodes();
    },
    timeoutFor(0.62),
  );
});

// ---- Generated IPP-shaped messages: plausible tags and fields, sometimes lying ----

const KNOWN_VALUE_TAGS = [0x10, 0x12, 0x13, 0x16, 0x21, 0x22, 0x23, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x41, 0x42, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x7f];
const NAMES = ["", "", "", "copies", "media-col", "media-size", "job-name", "requesting-user-name", "attributes-charset", "x"];

function plausibleValue(tag: number): fc.Arbitrary<Uint8Array> {
  const exactly = (count: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: count, maxLength: count });
  const sized: Record<number, fc.Arbitrary<Uint8Array>> = {
    [ValueTag.integer]: exactly(4),
    [ValueTag.enum]: exactly(4),
    [ValueTag.boolean]: fc.constantFrom(Uint8Array.of(0), Uint8Array.of(1)),
    [ValueTag.dateTime]: fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }).map((date) => encodeDateTime(date)),
    [ValueTag.resolution]: fc.tuple(exactly(8), fc.constantFrom(3, 4)).map(([numbers, units]) => wire(Buffer.from(numbers), units)),
    [ValueTag.rangeOfInteger]: exactly(8),
    [ValueTag.begCollection]: fc.constant(new Uint8Array(0)),
    [ValueTag.endCollection]: fc.constant(new Uint8Array(0)),
    [ValueTag.memberAttrName]: visibleAscii.map((memberName) => Buffer.from(memberName, "latin1")),
    [ValueTag.textWithLanguage]: fc.tuple(visibleAscii, fc.string({ unit: "binary", maxLength: 8 })).map(([language, words]) => wire(uint16(language.length), language, uint16(Buffer.byteLength(words)), words)),
    [ValueTag.textWithoutLanguage]: fc.string({ unit: "binary", maxLength: 12 }).map((words) => Buffer.from(words, "utf8")),
  };
  return fc.oneof({ weight: 5, arbitrary: sized[tag] ?? visibleAscii.map((value) => Buffer.from(value, "latin1")) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 16 }) });
}

const valueField = fc
  .oneof({ weight: 6, arbitrary: fc.constantFrom(...KNOWN_VALUE_TAGS) }, { weight: 1, arbitrary: fc.integer({ min: 0x10, max: 0xff }) })
  .chain((tag) => fc.tuple(fc.constant(tag), fc.constantFrom(...NAMES), plausibleValue(tag)))
  .map(([tag, fieldName, value]) => field(tag, fieldName, Buffer.from(value)));

const token = attributeToken(valueField);

const shapedMessage = fc
  .tuple(
    fc.constantFrom(1, 2, 2, 2, 0, 3),
    fc.integer({ min: 0, max: 255 }),
    fc.integer({ min: 0, max: 0xffff }),
    fc.integer(),
    fc.array(token, { maxLength: 40 }),
    fc.boolean(),
  )
  .map(([major, minor, code, requestId, tokens, ended]) =>
    wire(major, minor, uint16(code), int32(requestId), GroupTag.operation, ...tokens, ...(ended ? [GroupTag.endOfAttributes] : [])),
  );

describe("generated IPP-shaped messages", () => {
  test(
    `${runs(0.2)} generated messages: only IppDecodeError, each within ${HANG_BOUND_MS} ms`,
    () => {
      fc.assert(
        fc.property(shapedMessage, (input) => {
          decodeChecked(input);
        }),
        settings(0.2),
      );
      expectBaseStillDecodes();
    },
    timeoutFor(0.2),
  );
});

// ---- Valid messages: encode -> decode gives the message back (see valid-messages.ts) ----

/** The decoder adds the received dateTime octets as `raw`; drop them to compare with what was encoded. */
function withoutRaw(message: IppMessage): string {
  return JSON.stringify(message, (key, value: unknown) => (key === "raw" ? undefined : value));
}

describe("generated valid messages round-trip", () => {
  test(
    `${runs(0.08)} valid messages decode to exactly what was encoded`,
    () => {
      fc.assert(
        fc.property(validMessage, (message) => {
          const encoded = encodeIppMessage(message);
          const result = decodeChecked(encoded);
          if (result instanceof IppDecodeError || result.kind !== "complete") throw new Error(`a valid message did not decode: ${String(result)}`);
          // Compared plainly, expect() only on a difference: the assertion objects cost more than the round trip.
          expectSame(result.bodyOffset, encoded.length);
          const decoded = withoutRaw(result.message);
          const original = withoutRaw(message);
          expectSame(decoded, original);
        }),
        settings(0.08),
      );
    },
    timeoutFor(0.08),
  );
});

// ---- Hostile shapes with a known answer ----

function refusalOf(input: Buffer): IppDecodeError | undefined {
  const result = decodeChecked(input);
  return result instanceof IppDecodeError ? result : undefined;
}

describe("hostile shapes", () => {
  test(
    `${runs(0.025)} nestings of random depth: refused exactly when deeper than 10`,
    () => {
      fc.assert(
        fc.property(fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 1_000 })), (depth) => {
          const refusal = refusalOf(request(GroupTag.job, nestedCollections(depth)));
          expect(refusal?.failure).toBe(depth > 10 ? "too-deep" : undefined);
        }),
        settings(0.025),
      );
      expectBaseStillDecodes();
    },
    timeoutFor(0.025),
  );

  test(
    `${runs(0.025)} length fields set to 0x8000-0xFFFF: refused as too long, never read as negative`,
    () => {
      fc.assert(
        fc.property(fc.constantFrom(...lengthFields), fc.integer({ min: 0x8000, max: 0xffff }), (offset, length) => {
          const input = Buffer.from(baseInput);
          input.writeUInt16BE(length, offset);
          expect(refusalOf(input)?.failure).toBe("value-too-long");
        }),
        settings(0.025),
      );
      expectBaseStillDecodes();
    },
    timeoutFor(0.025),
  );

  test(
    `${runs(0.025)} repeated attributes among others: always refused as duplicates`,
    () => {
      const attributeNames = fc.stringMatching(/^[a-z][a-z-]{0,12}$/);
      fc.assert(
        fc.property(attributeNames, fc.uniqueArray(attributeNames, { maxLength: 8 }), fc.boolean(), (repeated, between, inCollection) => {
          const names = [repeated, ...between.filter((other) => other !== repeated), repeated];
          // The first and last carry different values: "alice" then "root" must never read as root.
          const values = names.map((member, index) => (index === 0 ? "alice" : index === names.length - 1 ? "root" : "v"));
          const entries = names.map((member, index) =>
            inCollection
              ? wire(field(ValueTag.memberAttrName, "", member), field(ValueTag.keyword, "", values[index] as string))
              : field(ValueTag.keyword, member, values[index] as string),
          );
          const input = inCollection
            ? request(GroupTag.job, field(ValueTag.begCollection, "media-col"), ...entries, field(ValueTag.endCollection, ""))
            : request(GroupTag.job, ...entries);
          expect(refusalOf(input)?.failure).toBe("duplicate-attribute");
        }),
        settings(0.025),
      );
    },
    timeoutFor(0.025),
  );

  test(
    `${runs(0.025)} floods of additional values: refused exactly above 1,024 values`,
    () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 3_000 }), fc.constantFrom(ValueTag.noValue, ValueTag.keyword, ValueTag.integer), (count, tag) => {
          const value = tag === ValueTag.integer ? int32(7) : tag === ValueTag.keyword ? Buffer.from("k") : Buffer.alloc(0);
          const values = Array.from({ length: count }, (_, index) => field(tag, index === 0 ? "flood" : "", value));
          expect(refusalOf(request(GroupTag.job, Buffer.concat(values)))?.failure).toBe(count > 1_024 ? "too-many-values" : undefined);
        }),
        settings(0.025),
      );
    },
    timeoutFor(0.025),
  );
});
