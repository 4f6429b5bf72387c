// Page counts and formats of documents made by real producers (ghostscript, qpdf), fed to the
// inspector in chunks of every size, as they arrive from a socket. pdfinfo (poppler) is the judge
// of how many pages a PDF has.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, test } from "vitest";
import { makePdf } from "../../test/support/pdf.js";
import { makePwgRaster } from "../../test/support/pwg-raster.js";
import { requireTool } from "../../test/support/tools.js";
import { DocumentInspector, type Inspection } from "./document-inspector.js";

const run = promisify(execFile);
let scratch: string;

function inspect(document: Buffer, chunkSize: number): Inspection {
  const inspector = new DocumentInspector();
  for (let at = 0; at < document.length; at += chunkSize) inspector.push(document.subarray(at, at + chunkSize));
  return inspector.finish();
}

/** The same answer whether the bytes come one at a time, in odd pieces or all at once. */
function inspectInPieces(document: Buffer): Inspection {
  const answers = [1, 7, 64, 100, 1000, 4096, 65536, document.length].map((size) => inspect(document, size));
  for (const answer of answers) expect(answer).toEqual(answers[0]);
  return answers[0]!;
}

async function pdfinfoPages(file: string): Promise<number> {
  const { stdout } = await run(requireTool("pdfinfo"), [file]);
  return Number(/^Pages:\s+(\d+)/m.exec(stdout)![1]);
}

async function ghostscript(device: string, input: string, output: string, extra: string[] = []): Promise<Buffer> {
  await run(requireTool("gs"), ["-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", `-sDEVICE=${device}`, ...extra, `-sOutputFile=${output}`, input]);
  return readFile(output);
}

async function qpdf(args: string[]): Promise<void> {
  // Exit code 3 is "succeeded with warnings".
  await run(requireTool("qpdf"), args).catch((error: { code?: number }) => {
    if (error.code !== 3) throw error;
  });
}

let sevenPages: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "printvakt-inspector-"));
  sevenPages = join(scratch, "seven.pdf");
  await writeFile(sevenPages, makePdf({ pages: 7, text: "seven" }));
});

describe("PDF", () => {
  test("a simple PDF: the root page tree's /Count", async () => {
    expect(inspectInPieces(await readFile(sevenPages))).toEqual({ sniffedFormat: "application/pdf", pages: 7 });
  });

  test("ghostscript's pdfwrite output (a different producer's layout)", async () => {
    const output = join(scratch, "gs.pdf");
    const document = await ghostscript("pdfwrite", sevenPages, output);
    expect(inspectInPieces(document).pages).toBe(await pdfinfoPages(output));
    expect(inspectInPieces(document).pages).toBe(7);
  });

  test("object streams and a cross-reference stream (PDF 1.5, qpdf --object-streams=generate)", async () => {
    const output = join(scratch, "objstm.pdf");
    await qpdf(["--object-streams=generate", "--compress-streams=y", sevenPages, output]);
    const document = await readFile(output);
    // The page tree is inside a compressed object stream: no plain "/Type /Pages" in the file.
    expect(document.includes("/Type /Pages")).toBe(false);
    expect(inspectInPieces(document).pages).toBe(await pdfinfoPages(output));
  });

  test("a linearized PDF (first-page trailer at the start)", async () => {
    const output = join(scratch, "linear.pdf");
    await qpdf(["--linearize", sevenPages, output]);
    expect(inspectInPieces(await readFile(output)).pages).toBe(7);
  });

  test("a page tree with intermediate nodes (qpdf splits 40 pages into a balanced tree)", async () => {
    const forty = join(scratch, "forty.pdf");
    await writeFile(forty, makePdf({ pages: 40 }));
    const output = join(scratch, "forty-gs.pdf");
    const document = await ghostscript("pdfwrite", forty, output);
    expect(inspectInPieces(document).pages).toBe(40);
  });

  test("an incremental update that removes pages: the last revision counts", async () => {
    // Pages 1-3 of the seven, written by qpdf as an incremental-looking rewrite is not possible; so
    // append a real update by hand: a new page tree root with /Count 2, new xref section, /Prev.
    const original = await readFile(sevenPages);
    const text = original.toString("latin1");
    const startxref = Number(/startxref\s+(\d+)/.exec(text.slice(text.lastIndexOf("startxref")))![1]);
    const size = Number(/\/Size\s+(\d+)/.exec(text)![1]);
    const kids = [...text.matchAll(/\/Kids\s*\[([^\]]*)\]/g)][0]![1]!.trim().split(/\s+R\s*/).filter(Boolean).slice(0, 2);
    const pagesObject = Number(/\/Pages\s+(\d+)\s+0\s+R/.exec(text)![1]);
    const update = `${pagesObject} 0 obj\n<< /Type /Pages /Kids [${kids.map((kid) => `${kid} R`).join(" ")}] /Count 2 >>\nendobj\n`;
    const updateOffset = original.length;
    const xrefOffset = updateOffset + update.length;
    const xref = `xref\n${pagesObject} 1\n${String(updateOffset).padStart(10, "0")} 00000 n \ntrailer\n<< /Size ${size} /Root 1 0 R /Prev ${startxref} >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
    const output = join(scratch, "updated.pdf");
    const document = Buffer.concat([original, Buffer.from(update + xref, "latin1")]);
    await writeFile(output, document);
    expect(await pdfinfoPages(output)).toBe(2);
    expect(inspectInPieces(document).pages).toBe(2);
  });

  test("a truncated PDF tells no page count rather than a guess", async () => {
    const output = join(scratch, "objstm-cut.pdf");
    await qpdf(["--object-streams=generate", sevenPages, output]);
    const document = await readFile(output);
    expect(inspectInPieces(document.subarray(0, 200)).pages).toBeNull();
  });

  test("1,000 mutations of a PDF with object streams each give a count or null, never an exception", async () => {
    const output = join(scratch, "objstm-fuzz.pdf");
    await qpdf(["--object-streams=generate", sevenPages, output]);
    const original = await readFile(output);
    let seed = 20261206;
    const random = (limit: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % limit;
    };
    const answers = new Set<string>();
    for (let round = 0; round < 1_000; round += 1) {
      const mutated = Buffer.from(original);
      for (let flips = 1 + random(8); flips > 0; flips -= 1) mutated[random(mutated.length)] = random(256);
      const cut = random(4) === 0 ? mutated.subarray(0, random(mutated.length)) : mutated;
      const { pages } = inspect(cut, 1 + random(5000));
      expect(pages === null || (Number.isInteger(pages) && pages > 0)).toBe(true);
      answers.add(String(pages));
    }
    // Most mutations miss the page tree: the true count stays the usual answer.
    expect(answers.has("7")).toBe(true);
  });

  test("object headers anywhere among binary page data are found however the chunks cut them", () => {
    // Binary runs with no token in them (content behind an indirect /Length), then the page tree
    // and the catalog at every offset around the 64-octet chunk edges the inspector passes over.
    const binary = (length: number) => Buffer.from(Array.from({ length }, (_, index) => 0x80 + ((index * 37) % 120)));
    for (let shift = 0; shift < 70; shift += 3) {
      const document = Buffer.concat([
        Buffer.from("%PDF-1.7\n1 0 obj\n<< /Length 9 0 R >>\nstream\n", "latin1"),
        binary(200 + shift),
        Buffer.from("\nendstream\nendobj\n", "latin1"),
        binary(130),
        Buffer.from(`\n${"7".repeat(shift % 20)} 2 0 obj\n<< /Type /Pages /Count 4 /Kids [] >>\nendobj\n`, "latin1"),
        binary(65 + shift),
        Buffer.from("\n3 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 3 0 R >>\nstartxref\n0\n%%EOF\n", "latin1"),
      ]);
      expect(inspectInPieces(document)).toEqual({ sniffedFormat: "application/pdf", pages: 4 });
    }
  });

  test("text that merely starts like a PDF has no pages", () => {
    expect(inspectInPieces(Buffer.from("%PDF-1.7\nnot really a pdf\n", "latin1"))).toEqual({ sniffedFormat: "application/pdf", pages: null });
  });
});

describe("PWG raster", () => {
  test("ghostscript's pwgraster output: one header per page", async () => {
    const output = join(scratch, "seven.pwg");
    const document = await ghostscript("pwgraster", sevenPages, output, ["-r75"]);
    expect(inspectInPieces(document)).toEqual({ sniffedFormat: "image/pwg-raster", pages: 7 });
  });

  test.each(["black_1", "sgray_8", "srgb_8"] as const)("the test suite's %s raster", (type) => {
    const document = makePwgRaster({ type, dpi: 150, widthPoints: 595, heightPoints: 842, pages: 3 });
    expect(inspectInPieces(document).pages).toBe(3);
  });

  test("a raster cut inside a page tells no page count", () => {
    const document = makePwgRaster({ type: "sgray_8", dpi: 150, widthPoints: 595, heightPoints: 842, pages: 2 });
    expect(inspect(document.subarray(0, document.length - 10), 4096).pages).toBeNull();
  });
});

describe("URF and JPEG", () => {
  test("ghostscript's URF output: the page count in the UNIRAST header", async () => {
    const output = join(scratch, "seven.urf");
    const document = await ghostscript("urf", sevenPages, output, ["-r75"]);
    expect(inspectInPieces(document)).toEqual({ sniffedFormat: "image/urf", pages: 7 });
  });

  test("a JPEG is one page", async () => {
    const output = join(scratch, "page.jpg");
    const document = await ghostscript("jpeg", join(scratch, "seven.pdf"), output, ["-r20", "-dFirstPage=1", "-dLastPage=1"]);
    expect(inspectInPieces(document)).toEqual({ sniffedFormat: "image/jpeg", pages: 1 });
  });

  test("plain text is no known format and has no page count", () => {
    expect(inspectInPieces(Buffer.from("Hej! Det här är vanlig text.\n".repeat(20)))).toEqual({ sniffedFormat: null, pages: null });
  });
});
