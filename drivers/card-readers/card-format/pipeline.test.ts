// Specification of parsePipeline: up-front validation, kind checks between steps, and the worked examples.
import { describe, expect, test } from "vitest";
import { PrintvaktError } from "../../../core/errors.js";
import { cardFormatReference, parsePipeline } from "./pipeline.js";

function parseError(text: string): PrintvaktError {
  try {
    parsePipeline(text);
  } catch (error) {
    if (error instanceof PrintvaktError) return error;
    throw error;
  }
  throw new Error(`"${text}" parsed without an error`);
}

function runError(text: string, raw: string): PrintvaktError {
  try {
    parsePipeline(text).run(raw);
  } catch (error) {
    if (error instanceof PrintvaktError) return error;
    throw error;
  }
  throw new Error(`"${raw}" went through "${text}" without an error`);
}

describe("worked examples from the field notes", () => {
  test("a byte-reversed MIFARE UID: 1c78f2bf → BFF2781C → 3220338716", () => {
    const pipeline = parsePipeline("reverse-bytes|hex2dec");
    expect(parsePipeline("reverse-bytes").run("1c78f2bf")).toBe("BFF2781C");
    expect(pipeline.run("1c78f2bf")).toBe("3220338716");
  });

  test("hex to decimal as some products store it: 946EBD28 → 2490285352", () => {
    expect(parsePipeline("hex2dec").run("946EBD28")).toBe("2490285352");
  });

  test("hex-coded ASCII then decimal: 3934364542443238 → 946EBD28 → 2490285352", () => {
    expect(parsePipeline("hex-ascii").run("3934364542443238")).toBe("946EBD28");
    expect(parsePipeline("hex-ascii|hex2dec").run("3934364542443238")).toBe("2490285352");
  });

  test("EM4100 3+5: 0013961168 → 213-02000", () => {
    expect(parsePipeline("em4100:3+5").run("0013961168")).toBe("213-02000");
  });

  test("a Wiegand frame behind the HID preamble is cut out with take-bits", () => {
    expect(parsePipeline("take-bits:14:26|wiegand:h10301").run("2004CA0A73")).toBe("101-1337");
  });
});

describe("parsing", () => {
  test("the empty pipeline passes the read through and expects plain decimal digits", () => {
    const pipeline = parsePipeline("");
    expect(pipeline.steps).toHaveLength(0);
    expect(pipeline.run("0013961168")).toBe("0013961168");
    expect(pipeline.defaultShape.source).toBe("^[0-9]{4,20}$");
  });

  test("spaces around steps are allowed and dropped from the source", () => {
    expect(parsePipeline(" reverse-bytes | hex2dec ").source).toBe("reverse-bytes|hex2dec");
  });

  test("an unknown step is named in the error", () => {
    const error = parseError("trim|hex2decimal");
    expect(error.code).toBe("bad-request");
    expect(error.message).toContain('step 2 "hex2decimal"');
    expect(error.message).toContain("unknown step");
  });

  test("a bad argument names the step and shows its usage", () => {
    const error = parseError("take-bytes:x");
    expect(error.message).toContain('step 1 "take-bytes:x"');
    expect(error.message).toContain("usage: take-bytes:N or take-bytes:START:LENGTH");
  });

  test.each([
    ["pad", "takes 1 argument"],
    ["pad:0", "between 1 and 64"],
    ["trim:x", "takes no argument"],
    ["strip-prefix:", "needs the prefix"],
    ["prefix:a b", "only letters, digits"],
    ["mifare:5", "UID size must be one of 4, 7, 10"],
    ["wiegand:h99999", 'unknown Wiegand format "h99999"'],
    ["wiegand:h10301:facility", 'may only be "card"'],
    ["em4100:4+4", "form must be one of 10, 3+5"],
    ["take-bits:3", "takes 2 arguments"],
    ["em4100:toString", "form must be one of"],
  ])("%s is refused: %s", (text, reason) => {
    expect(parseError(text).message).toContain(reason);
  });

  test("a step that cannot take what the step before gives is refused before any read", () => {
    const error = parseError("hex2dec|reverse-bytes");
    expect(error.message).toBe('card format step 2 "reverse-bytes" takes text or hex digits, but gets decimal digits from step 1 "hex2dec"');
  });

  test("the first step is checked against the reader's text", () => {
    expect(parseError("dec").message).toContain("but gets text from the reader");
  });

  test("a pipeline may not end with bits", () => {
    expect(parseError("binary").message).toContain("ends with bits; add dec or hex");
    expect(parsePipeline("binary|dec").run("1010")).toBe("10");
  });

  test("an empty step between two bars is refused", () => {
    expect(parseError("trim||hex2dec").message).toContain("step 2 is empty");
  });

  test("step names are not case-sensitive", () => {
    expect(parsePipeline("HEX2DEC").run("FF")).toBe("255");
  });
});

describe("running", () => {
  test("a step that cannot apply rejects the read with a bad-request naming the step", () => {
    const error = runError("trim|hex2dec", "12G4");
    expect(error.code).toBe("bad-request");
    expect(error.message).toBe('card format step 2 "hex2dec" rejected the read: the read is not hexadecimal');
    expect(error.details).toEqual({ step: 2, stepText: "hex2dec", reason: "the read is not hexadecimal" });
  });

  test("the message shown to people does not contain the read", () => {
    const error = runError("hex2dec", "12G4");
    expect(error.userMessage).not.toContain("12G4");
  });

  test("an absurdly long read is rejected before any step runs", () => {
    expect(runError("hex2dec", "F".repeat(300)).message).toContain("longer than 256");
  });
});

describe("default shape", () => {
  test.each([
    ["hex2dec", "^[0-9]{4,20}$"],
    ["dec2hex", "^[0-9A-F]{4,40}$"],
    ["mifare:4", "^[0-9A-F]{8}$"],
    ["reverse-bytes|mifare:7", "^[0-9A-F]{14}$"],
    ["em4100:10", "^[0-9]{10}$"],
    ["em4100:3+5", "^[0-9]{3}-[0-9]{5}$"],
    ["wiegand:h10301", "^[0-9]{1,3}-[0-9]{1,5}$"],
    ["wiegand:h10304:card", "^[0-9]{1,6}$"],
    ["wiegand:c1000", "^[0-9]{1,4}-[0-9]{1,7}$"],
    ["em4100:3+5|prefix:7", "^[0-9]+(-[0-9]+)+$"],
  ])("%s expects %s", (text, shape) => {
    expect(parsePipeline(text).defaultShape.source).toBe(shape);
  });
});

describe("describe", () => {
  test("lists every step with the kinds flowing between them, and the shape", () => {
    expect(parsePipeline("reverse-bytes|hex2dec").describe()).toBe(
      [
        "1. reverse-bytes: reverse the byte order (little-endian MIFARE UIDs): 1C78F2BF → BFF2781C (text → hex digits)",
        "2. hex2dec: read hex digits, write the same number in decimal: 946EBD28 → 2490285352 (hex digits → decimal digits)",
        "shape: ^[0-9]{4,20}$",
      ].join("\n"),
    );
  });

  test("the reference lists every step's usage", () => {
    const reference = cardFormatReference();
    for (const usage of ["strip-prefix:X", "hex-ascii", "take-bits:START:LENGTH", "em4100:10 or em4100:3+5", "mifare:4"]) {
      expect(reference).toContain(usage);
    }
  });
});
