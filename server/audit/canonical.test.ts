// Specification of the canonical encoding the audit hash chain commits to.
import { describe, expect, test } from "vitest";
import { PrintvaktError } from "../../core/errors.js";
import { auditText, canonicalContent, canonicalJson, encodableText, isoMillis } from "./canonical.js";
import type { AuditContent } from "./entry.js";

const sample: AuditContent = {
  seq: 7,
  at: new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 6)),
  type: "job.released",
  actor: "user:alice",
  subject: "job:42",
  details: { printer: "Plan 2", pages: 3, kiosk: "lobby", note: "Åsa – anteckningar\n" },
};

function expectRefused(run: () => unknown, fragment: string): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(PrintvaktError);
  expect((thrown as PrintvaktError).code).toBe("internal");
  expect((thrown as PrintvaktError).message).toContain(fragment);
}

describe("canonical content", () => {
  test("is the exact byte string an auditor gets from any JCS or sorted-key JSON encoder", () => {
    // Produced independently with Python: json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    expect(canonicalContent(sample).toString("utf8")).toBe(
      '{"actor":"user:alice","at":"2025-01-02T03:04:05.006Z","details":{"kiosk":"lobby","note":"Åsa – anteckningar\\n","pages":3,"printer":"Plan 2"},"seq":7,"subject":"job:42","type":"job.released"}',
    );
  });

  test("does not depend on the order keys were inserted in, at any depth", () => {
    const reordered: AuditContent = {
      details: { note: "Åsa – anteckningar\n", kiosk: "lobby", pages: 3, printer: "Plan 2" },
      subject: "job:42",
      actor: "user:alice",
      type: "job.released",
      at: new Date(sample.at.getTime()),
      seq: 7,
    };
    expect(canonicalContent(reordered).equals(canonicalContent(sample))).toBe(true);
    expect(canonicalJson({ b: { y: 1, x: [{ d: 1, c: 2 }] }, a: null })).toBe(canonicalJson({ a: null, b: { x: [{ c: 2, d: 1 }], y: 1 } }));
    expect(canonicalJson({ b: { y: 1, x: 2 }, a: null })).toBe('{"a":null,"b":{"x":2,"y":1}}');
  });

  test("keeps array order, because order in a list is meaning", () => {
    expect(canonicalJson([3, 1, 2])).toBe("[3,1,2]");
  });

  test("ignores fields that are not content, such as prevHash and hash", () => {
    const entry = { ...sample, prevHash: "a".repeat(64), hash: "b".repeat(64) };
    expect(canonicalContent(entry).equals(canonicalContent(sample))).toBe(true);
  });

  test("sorts keys by UTF-16 code units as RFC 8785 says, not by code points", () => {
    // U+1F600 is the surrogate pair D83D DE00, which sorts before U+FFFD in UTF-16 but after it by code point.
    expect(canonicalJson({ "\uFFFD": 1, "\u{1F600}": 2 })).toBe('{"\u{1F600}":2,"\uFFFD":1}');
  });

  test("escapes control characters as JCS does and leaves other characters literal", () => {
    expect(canonicalJson("a\u001fb\tc\"d\\é")).toBe('"a\\u001fb\\tc\\"d\\\\é"');
  });

  test("does not normalize Unicode: NFC and NFD spellings hash differently", () => {
    const composed = "Å".normalize("NFC");
    const decomposed = "Å".normalize("NFD");
    expect(canonicalJson(composed)).not.toBe(canonicalJson(decomposed));
  });

  test("writes -0 as 0 and accepts the largest safe integers", () => {
    expect(canonicalJson({ n: -0 })).toBe('{"n":0}');
    expect(canonicalJson([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER])).toBe("[9007199254740991,-9007199254740991]");
  });

  test("writes `at` in UTC with milliseconds", () => {
    expect(isoMillis(new Date("2025-06-01T12:00:00+02:00"))).toBe("2025-06-01T10:00:00.000Z");
  });
});

describe("values the encoding refuses", () => {
  test("floats, NaN, Infinity and unsafe integers", () => {
    expectRefused(() => canonicalJson({ ratio: 0.5 }), "$.ratio is 0.5");
    expectRefused(() => canonicalJson([Number.NaN]), "$[0] is NaN");
    expectRefused(() => canonicalJson(Number.POSITIVE_INFINITY), "Infinity");
    expectRefused(() => canonicalJson(2 ** 53), "only safe integers");
  });

  test("undefined, functions, bigints, Dates, Buffers and class instances", () => {
    expectRefused(() => canonicalJson({ gone: undefined }), "$.gone is undefined");
    expectRefused(() => canonicalJson({ f: () => 1 }), "is function");
    expectRefused(() => canonicalJson({ big: 1n }), "is bigint");
    expectRefused(() => canonicalJson({ when: new Date() }), "not a plain object");
    expectRefused(() => canonicalJson({ bytes: Buffer.from("x") }), "not a plain object");
    expectRefused(() => canonicalJson({ map: new Map() }), "not a plain object");
  });

  test("holes in arrays and symbol keys, which JSON.stringify would silently change", () => {
    expectRefused(() => canonicalJson([1, , 3]), "$[1] is a hole");
    expectRefused(() => canonicalJson({ [Symbol("s")]: 1 }), "symbol keys");
  });

  test("U+0000 and unpaired surrogates, in values and in keys", () => {
    expectRefused(() => canonicalJson("a\u0000b"), "U+0000");
    expectRefused(() => canonicalJson("\uD800"), "unpaired surrogate");
    expectRefused(() => canonicalJson("x\uDC00"), "unpaired surrogate");
    expectRefused(() => canonicalJson({ "k\u0000": 1 }), "key with U+0000");
    expect(canonicalJson("\u{1F600}")).toBe('"\u{1F600}"'); // a proper pair is fine
  });

  test("nesting deeper than 32 levels", () => {
    let deep: unknown = 1;
    for (let level = 0; level < 40; level++) deep = [deep];
    expectRefused(() => canonicalJson(deep), "nested deeper");
    let shallow: unknown = 1;
    for (let level = 0; level < 31; level++) shallow = [shallow];
    expect(canonicalJson(shallow)).toContain("1");
  });

  test("content fields of the wrong kind", () => {
    expectRefused(() => canonicalContent({ ...sample, seq: 0 }), "seq must be a positive safe integer");
    expectRefused(() => canonicalContent({ ...sample, seq: 1.5 }), "seq must be a positive safe integer");
    expectRefused(() => canonicalContent({ ...sample, type: "" }), "type must be a non-empty string");
    expectRefused(() => canonicalContent({ ...sample, actor: 5 as unknown as string }), "actor must be a string or null");
    expectRefused(() => canonicalContent({ ...sample, details: [] as unknown as Record<string, never> }), "details must be an object");
    expectRefused(() => canonicalContent({ ...sample, at: new Date(Number.NaN) }), "at must be a valid Date");
    expectRefused(() => canonicalContent({ ...sample, at: new Date(Date.UTC(10000, 0, 1)) }), "0000-9999");
    expectRefused(() => canonicalContent({ ...sample, at: "2025-01-01" as unknown as Date }), "at must be a valid Date");
  });
});

describe("auditText", () => {
  test("replaces what the encoding refuses, so network text can always be logged", () => {
    const cleaned = auditText("al\u0000ice\uD800");
    expect(cleaned).toBe("al\uFFFDice\uFFFD");
    expect(() => canonicalJson(cleaned)).not.toThrow();
  });

  test("cuts long text without splitting a surrogate pair", () => {
    expect(auditText("x".repeat(1000))).toHaveLength(256);
    expect(auditText("ab\u{1F600}", 3)).toBe("ab");
    expect(auditText("ab\u{1F600}", 4)).toBe("ab\u{1F600}");
  });
});

test("text recorded as it arrived is made encodable: NUL and unpaired surrogates become U+FFFD, pairs stay", () => {
  const raw = "12\u00003\ud800x\udfff\ud83d\ude00";
  expect(() => canonicalJson({ rawEnding: raw })).toThrow(PrintvaktError);
  const shown = encodableText(raw);
  expect(shown).toBe("12\ufffd3\ufffdx\ufffd\ud83d\ude00");
  expect(canonicalJson({ rawEnding: shown })).toBe(`{"rawEnding":"${shown}"}`);
});
