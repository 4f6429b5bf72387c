// Real conversions in the real sandbox (Ghostscript, cups-filters, bubblewrap): the right language
// and page count out, and hostile documents stopped by the limits with nothing useful leaked.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readlinkSync } from "node:fs";
import { Readable } from "node:stream";
import { beforeAll, describe, expect, test } from "vitest";
import { POSTSCRIPT_ENDLESS_LOOP, POSTSCRIPT_MEMORY_HOG, POSTSCRIPT_READS_PASSWD, pdfExponentialForms, pdfGiantPage } from "../../test/support/hostile-documents.js";
import { makePdf } from "../../test/support/pdf.js";
import { languageOf, pageCount } from "../../test/support/printed-pages.js";
import { requireTool } from "../../test/support/tools.js";
import { PrintvaktError } from "../../core/errors.js";
import { planConversion, TOOL_PATHS, type ConversionPlan } from "./converters.js";
import { PCL5, PCL_XL, PDF, POSTSCRIPT, PWG_RASTER, URF } from "./languages.js";
import { runConversion, type ConverterSettings } from "./run-converter.js";

const MiB = 1024 * 1024;
const SETTINGS: ConverterSettings = {
  limits: { cpuSeconds: 20, memoryBytes: 1024 * MiB, tmpBytes: 256 * MiB },
  user: { uid: 65534, gid: 65534 },
  wallTimeMs: 60_000,
  maxOutputBytes: 256 * MiB,
};
const SIX_PAGES = makePdf({ pages: 6, text: "Rapport åäö\nsex sidor" });

function steps(from: string, to: string, colour = true): Extract<ConversionPlan, { kind: "convert" }> {
  const plan = planConversion(from, { formats: [to], colour }, false);
  if (plan.kind !== "convert") throw new Error(`no conversion from ${from} to ${to}`);
  return plan;
}

async function convert(input: Buffer, plan: Extract<ConversionPlan, { kind: "convert" }>, settings: ConverterSettings = SETTINGS): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of runConversion(Readable.from([input]), plan.steps, settings)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function failure(promise: Promise<unknown>): Promise<PrintvaktError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(PrintvaktError);
  return error as PrintvaktError;
}

beforeAll(() => {
  for (const tool of ["gs", "bwrap", "prlimit", "setpriv", "qpdf"]) requireTool(tool);
  // The CUPS filters live outside PATH.
  for (const path of Object.values(TOOL_PATHS)) if (!existsSync(path)) throw new Error(`${path} is missing (Debian package cups-filters): run scripts/install-test-deps.sh`);
});

describe("conversions of a 6-page A4 PDF", () => {
  const TARGETS: [string, string, boolean][] = [
    [PWG_RASTER, "pwg-raster", true],
    [URF, "urf", true],
    [PCL_XL, "pclxl", false],
    [PCL_XL, "pclxl", true],
    [PCL5, "pcl5", false],
    [POSTSCRIPT, "postscript", true],
  ];
  test.each(TARGETS)("to %s (colour %s) comes out in that language with 6 pages", async (target, language, colour) => {
    const output = await convert(SIX_PAGES, steps(PDF, target, colour));
    expect(languageOf(output)).toBe(language);
    expect(pageCount(output)).toBe(6);
  });

  test("PWG raster and URF back to PDF (rastertopdf), and PWG raster on to PCL XL through PDF", async () => {
    const raster = await convert(SIX_PAGES, steps(PDF, PWG_RASTER));
    const urf = await convert(SIX_PAGES, steps(PDF, URF));
    for (const source of [raster, urf]) {
      const pdf = await convert(source, steps(languageOf(source) === "urf" ? URF : PWG_RASTER, PDF));
      expect(languageOf(pdf)).toBe("pdf");
      expect(pageCount(pdf)).toBe(6);
    }
    const pclxl = await convert(raster, steps(PWG_RASTER, PCL_XL, false));
    expect(languageOf(pclxl)).toBe("pclxl");
    expect(pageCount(pclxl)).toBe(6);
  });

  test("a monochrome printer gets grey: sgray_8 PWG raster (cupsColorSpace 18)", async () => {
    const output = await convert(SIX_PAGES, steps(PDF, PWG_RASTER, false));
    // PWG page header: cupsColorSpace is the big-endian integer at byte 400 of the 1796-byte header.
    expect(output.readUInt32BE(4 + 400)).toBe(18);
  });
});

describe("hostile documents", () => {
  test("an endless PostScript loop is killed at the CPU limit", async () => {
    const error = await failure(convert(POSTSCRIPT_ENDLESS_LOOP, steps(POSTSCRIPT, PDF), { ...SETTINGS, limits: { ...SETTINGS.limits, cpuSeconds: 2 } }));
    expect(error.code).toBe("conversion-limit");
  });

  test("a document that needs more memory than allowed: Ghostscript's VMerror is the memory limit, not a broken document", async () => {
    const error = await failure(convert(POSTSCRIPT_MEMORY_HOG, steps(POSTSCRIPT, PDF), { ...SETTINGS, limits: { ...SETTINGS.limits, memoryBytes: 256 * MiB } }));
    expect(error.code).toBe("conversion-limit");
    expect(error.message).toMatch(/VMerror/);
  });

  test("a PDF of exponentially nested forms is stopped at the wall-time limit", async () => {
    const error = await failure(convert(pdfExponentialForms(), steps(PDF, PWG_RASTER), { ...SETTINGS, wallTimeMs: 3_000 }));
    expect(error.code).toBe("conversion-timeout");
  });

  test("a 200-inch page is stopped at the output limit", async () => {
    const error = await failure(convert(pdfGiantPage(), steps(PDF, PWG_RASTER), { ...SETTINGS, maxOutputBytes: 32 * MiB }));
    expect(error.code).toBe("conversion-too-large");
  });

  test("reading /etc/passwd is refused by -dSAFER and nothing of it comes out", async () => {
    const chunks: Buffer[] = [];
    const stream = runConversion(Readable.from([POSTSCRIPT_READS_PASSWD]), steps(POSTSCRIPT, PDF).steps, SETTINGS);
    const error = await failure((async () => {
      for await (const chunk of stream) chunks.push(chunk as Buffer);
    })());
    expect(error.code).toBe("conversion-failed");
    expect(error.message).toContain("invalidfileaccess");
    expect(Buffer.concat(chunks).toString("latin1")).not.toContain("root:");
  });

  test("the converter runs as nobody, in its own network namespace, and dies when its reader goes away", async () => {
    const stream = runConversion(Readable.from([POSTSCRIPT_ENDLESS_LOOP]), steps(POSTSCRIPT, PDF).steps, SETTINGS);
    stream.on("error", () => undefined);
    const pid = await waitFor(() => gsProcesses()[0]);
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    expect(/^Uid:\s+(\d+)/m.exec(status)?.[1]).toBe("65534");
    expect(/^Gid:\s+(\d+)/m.exec(status)?.[1]).toBe("65534");
    expect(readlinkSync(`/proc/${pid}/ns/net`)).not.toBe(readlinkSync("/proc/self/ns/net"));
    stream.destroy();
    await waitFor(() => (gsProcesses().includes(pid) ? undefined : true));
  });
});

/** Ghostscript processes of the sandbox user (nobody), newest first. */
function gsProcesses(): number[] {
  const out = execFileSync("ps", ["-o", "pid=", "-u", "65534", "-C", "gs", "--sort=-start_time"], { encoding: "utf8" }).trim();
  const byUser = execFileSync("ps", ["-o", "pid=,comm=", "-u", "65534"], { encoding: "utf8" }).trim().split("\n");
  const gs = new Set(byUser.filter((line) => line.trim().endsWith(" gs")).map((line) => Number(line.trim().split(/\s+/)[0])));
  return out.split("\n").map(Number).filter((pid) => gs.has(pid));
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error("waitFor: condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
