// Documents written to hurt a converter: endless work, giant pages, file access. The sandbox and
// Ghostscript's -dSAFER must stop each with the job kept held.
import { assemble } from "./pdf.js";

/** PostScript that never ends: `{} loop` spins the interpreter forever. */
export const POSTSCRIPT_ENDLESS_LOOP = Buffer.from("%!PS-Adobe-3.0\n{} loop\nshowpage\n", "latin1");

/** PostScript that asks for 6 GB of strings: Ghostscript stops with a VMerror at the memory limit. */
export const POSTSCRIPT_MEMORY_HOG = Buffer.from("%!PS-Adobe-3.0\n/hog 100000 array def 0 1 99999 { hog exch 60000 string put } for\nshowpage\n", "latin1");

/** PostScript that tries to read /etc/passwd and print it (stopped by -dSAFER: invalidfileaccess). */
export const POSTSCRIPT_READS_PASSWD = Buffer.from(
  "%!PS-Adobe-3.0\n/Helvetica findfont 10 scalefont setfont\n72 720 moveto\n(/etc/passwd) (r) file 200 string readstring pop show\nshowpage\n",
  "latin1",
);

/**
 * A PDF whose one page draws form X1 ten times, which draws X2 ten times, ... down to X9: 10^9
 * drawing operations from a few hundred bytes ("billion laughs" for PDF). Endless in practice.
 */
export function pdfExponentialForms(levels = 9): Buffer {
  // 1 catalog, 2 pages, 3 font, 4 info, 5 page, 6 page content, 7.. forms X1..Xn.
  const objects: Buffer[] = [
    Buffer.from("<< /Type /Catalog /Pages 2 0 R >>", "latin1"),
    Buffer.from("<< /Type /Pages /Kids [5 0 R] /Count 1 >>", "latin1"),
    Buffer.from("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", "latin1"),
    Buffer.from("<< /Title (forms) >>", "latin1"),
    Buffer.from("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /X1 7 0 R >> >> /Contents 6 0 R >>", "latin1"),
    stream("q /X1 Do Q ".repeat(10), ""),
  ];
  for (let level = 1; level <= levels; level++) {
    const draws = level < levels ? `q 0.99 0 0 0.99 1 1 cm /X${level + 1} Do Q `.repeat(10) : "0 0 m 100 100 l S 0 0 10 10 re f ";
    const resources = level < levels ? `/Resources << /XObject << /X${level + 1} ${7 + level} 0 R >> >>` : "";
    objects.push(stream(draws, `/Type /XObject /Subtype /Form /BBox [0 0 595 842] ${resources}`));
  }
  return assemble(objects);
}

/**
 * A valid PDF with one page 200 × 200 inches (the largest PDF allows) filled with a diagonal
 * gradient, so no two raster lines are alike: gigabytes once rasterised, whatever the compression.
 */
export function pdfGiantPage(): Buffer {
  const side = 14_400;
  const shading = `/ShadingType 2 /ColorSpace /DeviceRGB /Coords [0 0 ${side} ${side}] /Function << /FunctionType 2 /Domain [0 1] /C0 [1 0 0] /C1 [0 0 1] /N 1 >> /Extend [true true]`;
  return assemble([
    Buffer.from("<< /Type /Catalog /Pages 2 0 R >>", "latin1"),
    Buffer.from("<< /Type /Pages /Kids [5 0 R] /Count 1 >>", "latin1"),
    Buffer.from("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", "latin1"),
    Buffer.from("<< /Title (giant) >>", "latin1"),
    Buffer.from(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${side} ${side}] /Resources << /Shading << /S0 << ${shading} >> >> >> /Contents 6 0 R >>`, "latin1"),
    stream("/S0 sh", ""),
  ]);
}

function stream(content: string, dictionary: string): Buffer {
  return Buffer.from(`<< ${dictionary} /Length ${content.length} >>\nstream\n${content}\nendstream`, "latin1");
}
