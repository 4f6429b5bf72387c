// Writes small valid PDF documents for tests (N pages of text), with no external tool.

export type PageSize = "a4" | "letter" | "4x6" | readonly [width: number, height: number];

export interface PdfOptions {
  /** Number of pages; default 1. */
  pages?: number;
  /** Text on every page (lines split on "\n"); each page also says "Page i of N". */
  text?: string;
  /** Default "a4". Sizes in points (1/72 inch). */
  pageSize?: PageSize;
  /** Document title in the Info dictionary. */
  title?: string;
  /** Make the file at least this many bytes (an unused stream is added), for size and throughput tests. */
  padToBytes?: number;
}

const SIZES: Record<"a4" | "letter" | "4x6", readonly [number, number]> = {
  a4: [595, 842],
  letter: [612, 792],
  "4x6": [288, 432],
};

// A PDF literal string in WinAnsiEncoding: Latin-1 letters (å, ä, ö) as octal escapes, the rest as "?".
function pdfString(text: string): string {
  let out = "(";
  for (const char of text) {
    const code = char.codePointAt(0) ?? 63;
    if (char === "\\" || char === "(" || char === ")") out += `\\${char}`;
    else if (code >= 0x20 && code < 0x7f) out += char;
    else if (code >= 0xa0 && code <= 0xff) out += `\\${code.toString(8).padStart(3, "0")}`;
    else out += "?";
  }
  return `${out})`;
}

function pageContent(lines: string[], height: number): string {
  const body = lines.map((line, index) => `${index === 0 ? "" : "0 -28 Td "}${pdfString(line)} Tj`).join("\n");
  return `BT\n/F1 20 Tf\n72 ${height - 96} Td\n${body}\nET\n`;
}

/** A valid PDF (qpdf --check passes) with `pages` pages of Helvetica text. */
export function makePdf(options: PdfOptions = {}): Buffer {
  const pages = options.pages ?? 1;
  if (!Number.isInteger(pages) || pages < 1) throw new Error(`makePdf: pages must be a positive integer, got ${pages}`);
  const size = options.pageSize ?? "a4";
  const [width, height] = typeof size === "string" ? SIZES[size as keyof typeof SIZES] : size;
  const text = options.text ?? "Printvakt test page";

  // Object numbers: 1 catalog, 2 page tree, 3 font, 4 info, then a page and its content per page.
  const objects: Buffer[] = [];
  const pageRefs: string[] = [];
  for (let i = 0; i < pages; i++) pageRefs.push(`${5 + 2 * i} 0 R`);
  objects.push(Buffer.from("<< /Type /Catalog /Pages 2 0 R >>", "latin1"));
  objects.push(Buffer.from(`<< /Type /Pages /Kids [${pageRefs.join(" ")}] /Count ${pages} >>`, "latin1"));
  objects.push(Buffer.from("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>", "latin1"));
  objects.push(Buffer.from(`<< /Title ${pdfString(options.title ?? text.split("\n")[0] ?? "")} /Producer (Printvakt tests) >>`, "latin1"));
  for (let i = 0; i < pages; i++) {
    const contentNumber = 6 + 2 * i;
    objects.push(
      Buffer.from(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] ` +
          `/Resources << /Font << /F1 3 0 R >> >> /Contents ${contentNumber} 0 R >>`,
        "latin1",
      ),
    );
    const content = Buffer.from(pageContent([...text.split("\n"), `Page ${i + 1} of ${pages}`], height), "latin1");
    objects.push(streamObject(content));
  }

  let pdf = assemble(objects);
  if (options.padToBytes !== undefined && pdf.length < options.padToBytes) {
    // The filler's own wrapping and xref entry take a few dozen bytes; 128 covers them.
    const filler = Buffer.alloc(Math.max(0, options.padToBytes - pdf.length) + 128, 0x20);
    pdf = assemble([...objects, streamObject(filler)]);
  }
  return pdf;
}

function streamObject(data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`<< /Length ${data.length} >>\nstream\n`, "latin1"), data, Buffer.from("\nendstream", "latin1")]);
}

// Numbers the objects from 1, and writes the cross-reference table with their byte offsets.
export function assemble(objects: Buffer[]): Buffer {
  const parts: Buffer[] = [Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(offset);
    const part = Buffer.concat([Buffer.from(`${index + 1} 0 obj\n`, "latin1"), body, Buffer.from("\nendobj\n", "latin1")]);
    parts.push(part);
    offset += part.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n`, "0000000000 65535 f \n"];
  for (const at of offsets) xref.push(`${String(at).padStart(10, "0")} 00000 n \n`);
  xref.push(`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${offset}\n%%EOF\n`);
  parts.push(Buffer.from(xref.join(""), "latin1"));
  return Buffer.concat(parts);
}
