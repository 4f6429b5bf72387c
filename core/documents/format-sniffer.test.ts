// Format sniffing vectors: the first bytes of real document kinds and what they must be sent as.
import { describe, expect, test } from "vitest";
import { receivedFormat, resolveDocumentFormat, sniffDocumentFormat } from "./format-sniffer.js";

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part, "latin1") : Buffer.from(part))));
const UEL = "\x1b%-12345X";

const VECTORS: [string, Buffer, string | null][] = [
  ["a PDF", bytes("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), "application/pdf"],
  ["a PDF after blank lines", bytes("\r\n\n%PDF-1.4\n"), "application/pdf"],
  ["PCLm (a PDF with the %PCLm marker)", bytes("%PDF-1.7\n%PCLm 1.0\n"), "application/PCLm"],
  ["a PDF that mentions PCLm far from its header", bytes("%PDF-1.7\n", " ".repeat(200), "%PCLm"), "application/pdf"],
  ["PWG raster", bytes("RaS2PwgRaster\0", [0, 0, 0]), "image/pwg-raster"],
  ["CUPS raster v2 (same sync word, no PwgRaster class)", bytes("RaS2", "\0".repeat(64)), "application/vnd.cups-raster"],
  ["CUPS raster v3", bytes("RaS3", "\0".repeat(64)), "application/vnd.cups-raster"],
  ["Apple raster", bytes("UNIRAST\0", [0, 0, 0, 1]), "image/urf"],
  ["JPEG", bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), "image/jpeg"],
  ["PNG", bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), "image/png"],
  ["TIFF little-endian", bytes("II*\0"), "image/tiff"],
  ["PostScript", bytes("%!PS-Adobe-3.0\n"), "application/postscript"],
  ["PostScript after Ctrl-D", bytes("\x04%!PS-Adobe-3.0\n"), "application/postscript"],
  ["PJL entering PostScript", bytes(UEL, "@PJL JOB\r\n@PJL ENTER LANGUAGE = POSTSCRIPT\r\n%!PS"), "application/postscript"],
  ["PJL entering PCL", bytes(UEL, "@PJL\r\n@PJL ENTER LANGUAGE=PCL\r\n\x1bE"), "application/vnd.hp-pcl"],
  ["PJL entering PCL XL", bytes(UEL, "@PJL ENTER LANGUAGE=PCLXL\r\n) HP-PCL XL;2;0"), "application/vnd.hp-pclxl"],
  ["PJL entering PDF", bytes(UEL, "@PJL ENTER LANGUAGE=PDF\r\n%PDF-1.4"), "application/pdf"],
  ["PJL without a language", bytes(UEL, "@PJL SET COPIES=1\r\n"), "application/vnd.hp-pcl"],
  ["PCL reset", bytes("\x1bE\x1b&l0O"), "application/vnd.hp-pcl"],
  ["bare PCL XL", bytes(") HP-PCL XL;3;0"), "application/vnd.hp-pclxl"],
  ["plain text", bytes("Hello printer\n"), null],
  ["nothing", Buffer.alloc(0), null],
  ["a truncated JPEG marker", bytes([0xff, 0xd8]), null],
  ["PWG sync word cut short", bytes("RaS2Pwg"), "application/vnd.cups-raster"],
];

describe("sniffDocumentFormat", () => {
  test.each(VECTORS)("recognises %s", (_name, head, expected) => {
    expect(sniffDocumentFormat(head)).toBe(expected);
  });
});

describe("resolveDocumentFormat", () => {
  test("an octet-stream document that is a PDF is sent as application/pdf", () => {
    expect(resolveDocumentFormat("application/octet-stream", bytes("%PDF-1.7\n"))).toBe("application/pdf");
  });

  test("octet-stream is matched case-insensitively and without surrounding spaces", () => {
    expect(resolveDocumentFormat(" Application/Octet-Stream ", bytes("UNIRAST\0"))).toBe("image/urf");
  });

  test("an empty declared format is sniffed too", () => {
    expect(resolveDocumentFormat("", bytes([0xff, 0xd8, 0xff]))).toBe("image/jpeg");
  });

  test("an octet-stream document nobody recognises stays octet-stream", () => {
    expect(resolveDocumentFormat("application/octet-stream", bytes("just text"))).toBe("application/octet-stream");
  });

  test("a declared format is trusted, not second-guessed", () => {
    expect(resolveDocumentFormat("image/pwg-raster", bytes("%PDF-1.7\n"))).toBe("image/pwg-raster");
  });
});

describe("the format a received document is held as (review F11)", () => {
  test.each([
    ["application/pdf", "application/pdf", "application/pdf"],
    ["application/octet-stream", "application/pdf", "application/pdf"],
    ["", "image/urf", "image/urf"],
    // A PCLm file is a PDF: declared as one, it stays one.
    ["application/pdf", "application/PCLm", "application/pdf"],
    // A wrong label is replaced by what the bytes are; the queue then decides whether it takes that.
    ["application/pdf", "image/jpeg", "image/jpeg"],
    ["image/pwg-raster", "application/pdf", "application/pdf"],
    // Bytes of no known format (plain text labelled PDF) are held as nothing a printer is sent.
    ["application/pdf", null, "application/octet-stream"],
    ["application/octet-stream", null, "application/octet-stream"],
  ] as const)("declared %s, bytes %s: held as %s", (declared, sniffed, held) => {
    expect(receivedFormat(declared, sniffed)).toBe(held);
  });
});
