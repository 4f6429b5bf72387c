// Conversion at release, measured: pages per second and peak memory of each path Printvakt runs
// (Ghostscript and cups-filters in the bubblewrap sandbox, as the server does) and of pass-through,
// side by side with CUPS's own cupsfilter on the same documents in the same run, and the ratio.
// Writes bench/results/convert.json. Measures only, asserts nothing.
// Run: npm run bench:convert [-- --pages 20 --rounds 3]
import { execFileSync, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { loadConfig } from "../server/config.js";
import { planConversion, type PrinterLanguages } from "../server/convert/converters.js";
import { converterSettings } from "../server/convert/document-converter.js";
import { JPEG, PCL_XL, PDF, POSTSCRIPT, PWG_RASTER, URF } from "../server/convert/languages.js";
import { runConversion } from "../server/convert/run-converter.js";
import { option } from "./options.js";
import { measured } from "./process-tree-memory.js";
import { writeBenchResults } from "./results-file.js";

const PAGES = option("pages", 20);
const ROUNDS = option("rounds", 3);
const GS = "/usr/bin/gs";
const CUPSFILTER = "/usr/sbin/cupsfilter";
const PXL_PPD = "/usr/share/ppd/cupsfilters/pxlcolor.ppd";
const MiB = 1024 * 1024;

/** An office page: a heading, twenty lines of text, a colour chart and a photo-like gradient. */
function officePage(page: number): string {
  const lines = Array.from({ length: 20 }, (_, line) => `72 ${700 - line * 18} moveto (Rad ${line + 1}: kvartalsrapport, budget och protokoll for sida ${page}) show`).join("\n");
  const bars = Array.from({ length: 6 }, (_, bar) => `${(bar * 0.15).toFixed(2)} 0.4 ${(1 - bar * 0.15).toFixed(2)} setrgbcolor ${72 + bar * 70} 120 50 ${60 + bar * 25} rectfill`).join("\n");
  const gradient = Array.from({ length: 40 }, (_, step) => `${(step / 40).toFixed(3)} 0.6 0.3 setrgbcolor 360 ${260 + step * 4} 180 4 rectfill`).join("\n");
  return `/Helvetica-Bold findfont 20 scalefont setfont 72 760 moveto (Sida ${page}) show\n/Helvetica findfont 11 scalefont setfont\n0 setgray\n${lines}\n${bars}\n${gradient}\nshowpage\n`;
}

function ghostscript(args: string[], input: Buffer): Buffer {
  return execFileSync(GS, ["-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sOutputFile=-", ...args, "-"], { input, maxBuffer: 1024 * MiB, stdio: ["pipe", "pipe", "ignore"] });
}

interface BenchPath {
  name: string;
  input: { file: string; format: string; pages: number };
  /** The printer Printvakt converts for; null: pass-through. */
  printer: PrinterLanguages | null;
  grey?: boolean;
  /** What CUPS runs for the same job: cupsfilter, or (PCL XL) cupsfilter then the PPD's gstopxl. */
  cups: string[];
}

/** Output bytes of a command (stdin closed); rejects on a non-zero exit with its first ERROR line. */
function runCommand(file: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"] });
    let bytes = 0;
    let errors = "";
    child.stdout.on("data", (chunk: Buffer) => (bytes += chunk.length));
    child.stderr.on("data", (chunk: Buffer) => (errors = (errors + chunk.toString("utf8")).slice(-20_000)));
    child.once("error", reject);
    child.once("close", (code) => {
      if (code === 0) return resolve(bytes);
      const reported = errors.split("\n").filter((line) => line.startsWith("ERROR")).join("; ");
      reject(new Error(`${path.basename(file)} exited with ${code} after ${bytes} bytes${reported ? `: ${reported}` : ""}`));
    });
  });
}

async function printvakt(entry: BenchPath, document: Buffer): Promise<number> {
  let bytes = 0;
  const settings = converterSettings(loadConfig({}));
  // Pass-through: the held document streams to the driver as it is.
  const plan = entry.printer === null ? null : planConversion(entry.input.format, entry.printer, entry.grey ?? false);
  if (plan !== null && plan.kind !== "convert") throw new Error(`${entry.name}: no conversion planned`);
  const output = plan === null ? Readable.from([document]).pipe(new PassThrough()) : runConversion(Readable.from([document]), plan.steps, settings);
  for await (const chunk of output) bytes += (chunk as Buffer).length;
  return bytes;
}

interface Side {
  pagesPerSecond: number;
  medianSeconds: number;
  peakMiB: number;
  outputBytes: number;
}

async function side(rounds: number, pages: number, work: () => Promise<number>): Promise<Side | { error: string }> {
  const times: number[] = [];
  let peakBytes = 0;
  let outputBytes = 0;
  try {
    for (let round = 0; round < rounds; round++) {
      const run = await measured(work);
      times.push(run.seconds);
      peakBytes = Math.max(peakBytes, run.peakBytes);
      outputBytes = run.result;
    }
  } catch (error) {
    return { error: String(error) };
  }
  const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
  return { pagesPerSecond: Number((pages / median).toFixed(2)), medianSeconds: Number(median.toFixed(4)), peakMiB: Number((peakBytes / MiB).toFixed(1)), outputBytes };
}

const dir = await mkdtemp(path.join(os.tmpdir(), "printvakt-bench-convert-"));
try {
  const postscript = Buffer.from(`%!PS-Adobe-3.0\n<< /PageSize [595 842] >> setpagedevice\n${Array.from({ length: PAGES }, (_, page) => officePage(page + 1)).join("")}`, "latin1");
  const documents: Record<string, Buffer> = { "document.pdf": ghostscript(["-sDEVICE=pdfwrite"], postscript) };
  documents["document.pwg"] = ghostscript(["-sDEVICE=pwgraster", "-r300", "-dcupsColorSpace=19", "-dcupsBitsPerColor=8"], documents["document.pdf"]!);
  documents["document.urf"] = ghostscript(["-sDEVICE=urf", "-r300", "-dcupsColorSpace=19", "-dcupsBitsPerColor=8"], documents["document.pdf"]!);
  documents["photo.jpg"] = ghostscript(["-sDEVICE=jpeg", "-r150", "-dFirstPage=1", "-dLastPage=1"], documents["document.pdf"]!);
  for (const [name, bytes] of Object.entries(documents)) await writeFile(path.join(dir, name), bytes);
  const file = (name: string) => path.join(dir, name);
  const pdf = { file: file("document.pdf"), format: PDF, pages: PAGES };
  const at300 = [{ x: 300, y: 300 }];
  const cupsfilter = (input: string, format: string, to: string, ...options: string[]) => [CUPSFILTER, "-i", format, "-m", to, ...options.flatMap((value) => ["-o", value]), input];

  const paths: BenchPath[] = [
    { name: "PDF → PWG raster (300 dpi, sRGB)", input: pdf, printer: { formats: [PWG_RASTER], colour: true, pwgResolutions: at300 }, cups: cupsfilter(pdf.file, PDF, PWG_RASTER, "printer-resolution=300dpi") },
    { name: "PDF → URF (300 dpi, sRGB)", input: pdf, printer: { formats: [URF], colour: true, urfResolutions: [300] }, cups: cupsfilter(pdf.file, PDF, URF, "printer-resolution=300dpi") },
    // CUPS's PCL XL queue: pdftopdf by cupsfilter, then the PPD's gstopxl (Ghostscript pxlcolor), as cupsd chains them.
    { name: "PDF → PCL XL (colour)", input: pdf, printer: { formats: [PCL_XL], colour: true }, cups: ["/bin/sh", "-c", `${CUPSFILTER} -p ${PXL_PPD} -i ${PDF} -m application/vnd.cups-pdf "$1" 2>/dev/null | CUPS_SERVERBIN=/usr/lib/cups PPD=${PXL_PPD} /usr/lib/cups/filter/gstopxl 1 bench bench 1 "" 2>/dev/null`, "sh", pdf.file] },
    { name: "PDF → PostScript", input: pdf, printer: { formats: [POSTSCRIPT], colour: true }, cups: cupsfilter(pdf.file, PDF, "application/vnd.cups-postscript") },
    { name: "PWG raster → PDF", input: { file: file("document.pwg"), format: PWG_RASTER, pages: PAGES }, printer: { formats: [PDF], colour: true }, cups: cupsfilter(file("document.pwg"), PWG_RASTER, PDF) },
    { name: "URF → PDF", input: { file: file("document.urf"), format: URF, pages: PAGES }, printer: { formats: [PDF], colour: true }, cups: cupsfilter(file("document.urf"), URF, PDF) },
    { name: "JPEG → PDF", input: { file: file("photo.jpg"), format: JPEG, pages: 1 }, printer: { formats: [PDF], colour: true }, cups: cupsfilter(file("photo.jpg"), JPEG, PDF) },
    { name: "colour → grey (PDF → PWG raster, 300 dpi sGray)", input: pdf, printer: { formats: [PWG_RASTER], colour: false, pwgResolutions: at300 }, cups: cupsfilter(pdf.file, PDF, PWG_RASTER, "printer-resolution=300dpi", "print-color-mode=monochrome") },
    // Pass-through: Printvakt streams the held PDF as it is; a CUPS PDF queue still runs pdftopdf.
    { name: "pass-through (PDF to a PDF printer)", input: pdf, printer: null, cups: cupsfilter(pdf.file, PDF, PDF) },
  ];

  const results = [];
  for (const entry of paths) {
    const document = documents[path.basename(entry.input.file)]!;
    const ours = await side(ROUNDS, entry.input.pages, () => printvakt(entry, document));
    const theirs = await side(ROUNDS, entry.input.pages, () => runCommand(entry.cups[0]!, entry.cups.slice(1)));
    const ratio = "pagesPerSecond" in ours && "pagesPerSecond" in theirs ? Number((ours.pagesPerSecond / theirs.pagesPerSecond).toFixed(2)) : null;
    results.push({ path: entry.name, pages: entry.input.pages, inputBytes: document.length, printvakt: ours, cupsfilter: theirs, speedRatio: ratio });
    const show = (value: Side | { error: string }) => ("error" in value ? `error: ${value.error}` : `${value.pagesPerSecond} pages/s, peak ${value.peakMiB} MiB`);
    console.log(`${entry.name}: Printvakt ${show(ours)} | cupsfilter ${show(theirs)} | ratio ${ratio ?? "-"}`);
  }

  console.log(`written to ${await writeBenchResults("convert", {
    ghostscript: execFileSync(GS, ["--version"], { encoding: "utf8" }).trim(),
    method: `${PAGES}-page A4 office document (text, colour chart, gradient) and its PWG raster/URF at 300 dpi, a 150 dpi JPEG; each side run ${ROUNDS} times one after the other, median wall time; peak = the summed resident size of all child processes, sampled every 50 ms; Printvakt runs in its bubblewrap sandbox with the server's default limits; pass-through starts no process (peak 0: the document streams through the server's own memory); speedRatio = Printvakt pages/s ÷ cupsfilter pages/s`,
    results,
  })}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
