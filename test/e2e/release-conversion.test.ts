// Conversion at release, end to end with real parts (issue 14, review F3): jobs held in one format
// are released at kiosks beside printers that take another — ippeveprinter PDF-only and PWG-only,
// raw 9100 ports declared PCL XL, PostScript and PCL 5 — and arrive in the printer's language with
// every page. Hostile documents are stopped by the sandbox and stay held with the reason.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addKiosk } from "../../server/admin/kiosks.js";
import { addPrinter } from "../../server/admin/printers.js";
import { addUser } from "../../server/admin/users.js";
import { findJob } from "../../server/store/jobs.js";
import { auditDetails } from "../support/database-rows.js";
import { pdfExponentialForms, pdfGiantPage } from "../support/hostile-documents.js";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server.js";
import { startIppEvePrinter, type IppEvePrinter } from "../support/ippeveprinter.js";
import { connectKiosk, type KioskClient } from "../support/kiosk-client.js";
import { makePdf } from "../support/pdf.js";
import { asCli } from "../support/printer-destination.js";
import { colouredPixels, languageOf, pageCount } from "../support/printed-pages.js";
import { printJob } from "../support/print-requests.js";
import { pwgRasterPage, urfPage } from "../support/raster-headers.js";
import { runCommand } from "../support/processes.js";
import { startRawPrinter, type RawPrinter } from "../support/raw-printer.js";
import { requireTool } from "../support/tools.js";

const admin = { label: "admin:test", role: "admin" as const };
const SIX_PAGES = makePdf({ pages: 6, text: "Rapport åäö\nsex sidor A4" });
let server: InProcessServer;
let intake: IppEvePrinter;
let pdfOnly: IppEvePrinter;
let pwgOnly: IppEvePrinter;
let urfOnly: IppEvePrinter;
const raw: Record<"pclxl" | "postscript" | "pcl5", RawPrinter> = {} as never;
const kiosks: Record<string, { token: string; agentToken: string | undefined }> = {};
const clients: KioskClient[] = [];
const jobs: Record<string, number> = {};

/** Ghostscript makes the raster documents a phone or the Windows class driver would send. */
function gsRender(device: string[], input: Buffer = SIX_PAGES): Buffer {
  return execFileSync(requireTool("gs"), ["-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sOutputFile=-", ...device, "-"], { input, maxBuffer: 64 * 1024 * 1024 });
}

const A5_PAGES = makePdf({ pages: 2, text: "Broschyr A5", pageSize: [420, 595] });

/** Two A4 pages, a red and a blue square: a colour document. */
const COLOUR_PAGES = gsRender(["-sDEVICE=pdfwrite", "-sPAPERSIZE=a4"], Buffer.from("%!PS\n1 0 0 setrgbcolor 100 100 300 300 rectfill showpage\n0 0 1 setrgbcolor 100 100 300 300 rectfill showpage\n"));

async function submit(key: string, document: Buffer, format: string): Promise<void> {
  const answer = await printJob(server.port, { user: "alice", title: key, document, format });
  expect(answer.status, key).toBe("successful-ok");
  jobs[key] = answer.jobId!;
}

async function lp(key: string, options: string[], document = SIX_PAGES): Promise<void> {
  const file = path.join(server.dataDir, `${key}.pdf`);
  await writeFile(file, document);
  const result = await runCommand(requireTool("lp"), ["-h", `127.0.0.1:${server.port}`, "-d", "secure", "-U", "alice", "-t", key, ...options, file], { env: { HOME: server.dataDir, LC_ALL: "C" } });
  expect(result.exitCode, result.stderr).toBe(0);
  jobs[key] = Number(/request id is secure-(\d+)/.exec(result.stdout)![1]);
}

/** Badges alice at a kiosk, releases the given jobs and waits for each one's end. */
async function release(kiosk: string, keys: string[]): Promise<{ session: Record<string, unknown>; results: Record<string, unknown>[]; ends: Record<string, unknown>[] }> {
  const agent = await connectKiosk(server.baseUrl, kiosks[kiosk]!.agentToken!, "agent");
  const screen = await connectKiosk(server.baseUrl, kiosks[kiosk]!.token, "screen");
  clients.push(agent, screen);
  expect(await agent.emit("card:present", { card: "1111111" })).toMatchObject({ ok: true, outcome: "session" });
  const session = await screen.next("session:started");
  if (keys.length === 0) {
    await screen.emit("session:logout", { sessionId: session.sessionId });
    return { session, results: [], ends: [] };
  }
  const ids = keys.map((key) => jobs[key]!);
  const ack = await screen.emit("session:release", { sessionId: session.sessionId, jobIds: ids, idempotencyKey: `${kiosk}-${keys.join("-")}` });
  const results = ack.results as Record<string, unknown>[];
  const ends: Record<string, unknown>[] = [];
  for (const result of results) {
    if (result.outcome !== "accepted") continue;
    ends.push(await screen.next("job:progress", (event) => event.jobId === result.jobId && (event.state === "printed" || event.state === "failed"), 60_000));
  }
  await screen.emit("session:logout", { sessionId: session.sessionId });
  return { session, results, ends };
}

beforeAll(async () => {
  // Jobs are taken while the fleet is one printer that takes PDF, PWG raster, URF and JPEG, duplex
  // and colour: what a queue in front of mixed printers holds after a fleet change (review F2).
  [intake, pdfOnly, pwgOnly, urfOnly] = await Promise.all([
    // -s PPM,COLOR-PPM: a colour printer (ippeveprinter is monochrome without a colour speed).
    startIppEvePrinter({ formats: ["application/pdf", "image/pwg-raster", "image/urf", "image/jpeg"], duplex: true, extraArgs: ["-s", "10,10"] }),
    startIppEvePrinter({ formats: ["application/pdf"] }),
    startIppEvePrinter({ formats: ["image/pwg-raster"] }),
    // ippeveprinter lists pwg-raster-document-resolution-supported 300dpi,600dpi and urf-supported RS600.
    startIppEvePrinter({ formats: ["image/urf"], extraArgs: ["-s", "10,10"] }),
  ]);
  for (const language of ["pclxl", "postscript", "pcl5"] as const) raw[language] = await startRawPrinter();
  server = await startInProcessServer({
    PRINTVAKT_PRINTER_NETWORKS: "127.0.0.0/8",
    PRINTVAKT_RAW_PRINTER_PORTS: "1024-65535",
    PRINTVAKT_CONVERT_CPU: "10s",
    PRINTVAKT_CONVERT_TIMEOUT: "15s",
    // Below the 64 MiB hold-back: a conversion stopped for its size has sent nothing.
    PRINTVAKT_CONVERT_MAX_OUTPUT: "48MiB",
  });
  const db = server.context.db;
  await addUser(db, admin, server.context, { username: "alice", displayName: "Alice Åström", cards: ["1111111"] });
  await addPrinter(db, admin, { name: "Intake", uri: intake.uri }, asCli(server.context));
  await server.refreshPrinters();

  await submit("pdf-to-pwg", SIX_PAGES, "application/pdf");
  await submit("pdf-as-is", SIX_PAGES, "application/pdf");
  await submit("pwg-to-pdf", gsRender(["-sDEVICE=pwgraster", "-r150", "-dcupsColorSpace=18", "-dcupsBitsPerColor=8"]), "image/pwg-raster");
  await submit("urf-to-pdf", gsRender(["-sDEVICE=urf", "-r150"]), "image/urf");
  await submit("jpeg-to-pdf", gsRender(["-sDEVICE=jpeg", "-r50", "-dFirstPage=1", "-dLastPage=1"]), "image/jpeg");
  for (const language of ["pclxl", "postscript", "pcl5"]) await submit(`pdf-to-${language}`, SIX_PAGES, "application/pdf");
  await submit("pdf-to-urf", SIX_PAGES, "application/pdf");
  await submit("colour-to-urf", COLOUR_PAGES, "application/pdf");
  await submit("colour-pwg-to-pdf", gsRender(["-sDEVICE=pwgraster", "-r100", "-dcupsColorSpace=19", "-dcupsBitsPerColor=8"], COLOUR_PAGES), "image/pwg-raster");
  await submit("endless-forms", pdfExponentialForms(), "application/pdf");
  await submit("giant-page", pdfGiantPage(), "application/pdf");
  await lp("duplex-colour", ["-o", "sides=two-sided-long-edge", "-o", "print-color-mode=color"]);
  // ippeveprinter has Letter, Legal, A4, #10 and DL: no A5.
  for (const key of ["a5-to-pdf", "a5-to-pwg"]) await lp(key, ["-o", "media=iso_a5_148x210mm"], A5_PAGES);

  await addPrinter(db, admin, { name: "PDF only", uri: pdfOnly.uri }, asCli(server.context));
  await addPrinter(db, admin, { name: "PWG only", uri: pwgOnly.uri }, asCli(server.context));
  await addPrinter(db, admin, { name: "URF only", uri: urfOnly.uri }, asCli(server.context));
  await addPrinter(db, admin, { name: "Raw PCL XL", uri: raw.pclxl.uri, declared: { language: "pclxl" } }, asCli(server.context));
  await addPrinter(db, admin, { name: "Raw PostScript", uri: raw.postscript.uri, declared: { language: "postscript", color: true, duplex: true } }, asCli(server.context));
  await addPrinter(db, admin, { name: "Raw PCL 5", uri: raw.pcl5.uri, declared: { language: "pcl5" } }, asCli(server.context));
  await server.refreshPrinters();
  for (const printer of ["PDF only", "PWG only", "URF only", "Raw PCL XL", "Raw PostScript", "Raw PCL 5"]) {
    kiosks[printer] = await addKiosk(db, admin, { name: `Kiosk ${printer}`, printer, releaseOnBadge: false }, "cli");
  }
}, 120_000);

afterAll(async () => {
  for (const client of clients) client.close();
  await server?.stop();
  await Promise.all([intake?.stop(), pdfOnly?.stop(), pwgOnly?.stop(), urfOnly?.stop(), ...Object.values(raw).map((printer) => printer.stop())]);
});

function changesOf(session: Record<string, unknown>, key: string): string[] | undefined {
  return (session.jobs as { id: number; changes: string[] }[]).find((job) => job.id === jobs[key])?.changes;
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe("conversion at release", () => {
  test("a PDF-only monochrome printer gets PDF as it is, and grey PDF made from PWG raster, URF and JPEG, every page there", async () => {
    const { ends } = await release("PDF only", ["pdf-as-is", "pwg-to-pdf", "urf-to-pdf", "jpeg-to-pdf", "colour-pwg-to-pdf"]);
    expect(ends.map((end) => end.state)).toEqual(["printed", "printed", "printed", "printed", "printed"]);
    const documents = await pdfOnly.waitForDocuments(5, 30_000);
    const byTitle = new Map(documents.map((document) => [document.env.IPP_JOB_NAME, document]));
    expect(byTitle.get("pdf-as-is")!.sha256).toBe(sha256(SIX_PAGES));
    const [asIs] = await auditDetails(server.context.db, `job:${jobs["pdf-as-is"]}`, "job.released");
    expect(asIs!.convertedTo).toBeUndefined();
    expect(colouredPixels(COLOUR_PAGES)).toBeGreaterThan(0);
    expect(colouredPixels(byTitle.get("colour-pwg-to-pdf")!.bytes)).toBe(0);
    for (const [title, pages] of [["pwg-to-pdf", 6], ["urf-to-pdf", 6], ["jpeg-to-pdf", 1], ["colour-pwg-to-pdf", 2]] as const) {
      const document = byTitle.get(title)!;
      expect(languageOf(document.bytes), title).toBe("pdf");
      expect(document.contentType, title).toBe("application/pdf");
      expect(pageCount(document.bytes), title).toBe(pages);
    }
  });

  test("a PWG-only printer gets PWG raster with 6 pages at its best resolution; the kiosk was told a job prints one-sided in black and white there", async () => {
    const { session, ends } = await release("PWG only", ["pdf-to-pwg"]);
    expect(changesOf(session, "duplex-colour")).toEqual(["one-sided", "monochrome"]);
    expect(ends.map((end) => end.state)).toEqual(["printed"]);
    const [document] = await pwgOnly.waitForDocuments(1, 30_000);
    expect(document!.bytes.subarray(0, 4).toString("latin1")).toBe("RaS2");
    expect(document!.contentType).toBe("image/pwg-raster");
    expect(pageCount(document!.bytes)).toBe(6);
    // pwg-raster-document-resolution-supported is 300dpi,600dpi: the best of them.
    // ... and sGray, 8 bits, for this monochrome printer.
    expect(pwgRasterPage(document!.bytes)).toMatchObject({ xdpi: 600, ydpi: 600, colorSpace: 18, bitsPerPixel: 8 });
  });

  test("a URF-only colour printer gets sRGB Apple raster at the resolution of its urf-supported RS entry, every page there", async () => {
    const { ends } = await release("URF only", ["pdf-to-urf", "colour-to-urf"]);
    expect(ends.map((end) => end.state)).toEqual(["printed", "printed"]);
    const documents = await urfOnly.waitForDocuments(2, 30_000);
    const byTitle = new Map(documents.map((document) => [document.env.IPP_JOB_NAME, document]));
    for (const [title, pages] of [["pdf-to-urf", 6], ["colour-to-urf", 2]] as const) {
      const document = byTitle.get(title)!;
      expect(languageOf(document.bytes), title).toBe("urf");
      expect(document.contentType, title).toBe("image/urf");
      // SRGB24: 24 bits per pixel, colour space 1 (sRGB).
      expect(urfPage(document.bytes), title).toMatchObject({ xdpi: 600, bitsPerPixel: 24, colorSpace: 1 });
      expect(pageCount(document.bytes), title).toBe(pages);
    }
  });

  test("an A5 job at printers without A5: the kiosk says it is scaled to fit on A4, the printers are asked for A4 and get A4 pages", async () => {
    const atPdf = await release("PDF only", ["a5-to-pdf"]);
    const atPwg = await release("PWG only", ["a5-to-pwg"]);
    for (const [{ session, ends }, key] of [[atPdf, "a5-to-pdf"], [atPwg, "a5-to-pwg"]] as const) {
      const job = (session.jobs as { id: number; paper: string; changes: string[]; fitPaper: string | null }[]).find((shown) => shown.id === jobs[key]);
      expect(job, key).toMatchObject({ paper: "A5", changes: ["paper-size"], fitPaper: "A4" });
      expect(ends.map((end) => end.state), key).toEqual(["printed"]);
    }
    const pdf = (await pdfOnly.waitForDocuments(6, 30_000)).find((document) => document.env.IPP_JOB_NAME === "a5-to-pdf")!;
    expect(pdf.env.IPP_MEDIA).toBe("iso_a4_210x297mm");
    expect(languageOf(pdf.bytes)).toBe("pdf");
    expect(pageCount(pdf.bytes)).toBe(2);
    expect(pdf.bytes.toString("latin1")).toMatch(/\/MediaBox\s*\[0 0 595\.\d* 841\.\d*\]/);
    const pwg = (await pwgOnly.waitForDocuments(2, 30_000)).find((document) => document.env.IPP_JOB_NAME === "a5-to-pwg")!;
    expect(pwg.env.IPP_MEDIA).toBe("iso_a4_210x297mm");
    expect(pageCount(pwg.bytes)).toBe(2);
    expect(pwgRasterPage(pwg.bytes)).toMatchObject({ pageSizePoints: [595, 842], xdpi: 600 });
  });

  test.each([
    ["pclxl", "Raw PCL XL", ") HP-PCL XL"],
    ["postscript", "Raw PostScript", "%!PS"],
    ["pcl5", "Raw PCL 5", "\x1bE"],
  ] as const)("a raw port declared %s gets that language with 6 pages", async (language, printer, marker) => {
    const { ends } = await release(printer, [`pdf-to-${language}`]);
    expect(ends.map((end) => end.state)).toEqual(["printed"]);
    const [received] = await raw[language].waitForJobs(1);
    expect(received!.subarray(0, 512).toString("latin1")).toContain(marker);
    expect(languageOf(received!)).toBe(language);
    expect(pageCount(received!)).toBe(6);
    const [entry] = await auditDetails(server.context.db, `job:${jobs[`pdf-to-${language}`]}`, "job.released");
    expect(entry).toMatchObject({ printer, convertedTo: { pclxl: "application/vnd.hp-pclxl", postscript: "application/postscript", pcl5: "application/vnd.hp-pcl" }[language] });
  });

  test("what a raw printer was declared to do decides what the kiosk says will change", async () => {
    expect(changesOf((await release("Raw PCL 5", [])).session, "duplex-colour")).toEqual(["one-sided", "monochrome"]);
    expect(changesOf((await release("Raw PostScript", [])).session, "duplex-colour")).toEqual([]);
  });

  test("a PDF of endlessly nested forms is stopped by the sandbox limits, nothing reaches the printer, and the job stays held with the reason", async () => {
    const before = (await pwgOnly.documents()).length;
    const { ends } = await release("PWG only", ["endless-forms"]);
    expect(ends).toEqual([expect.objectContaining({ state: "failed", code: expect.stringMatching(/^conversion-(too-large|limit|timeout)$/) })]);
    expect((await pwgOnly.documents()).length).toBe(before);
    const job = await findJob(server.context.db, jobs["endless-forms"]!);
    expect(job).toMatchObject({ state: "held" });
    expect(job!.stateReason).toMatch(/converting/i);
  });

  // Rasterised, the page is gigabytes: the converter is killed at PRINTVAKT_CONVERT_MAX_OUTPUT (or
  // its CPU time), within the hold-back, so the printer was never contacted.
  test("a 200-inch page is stopped at the output limit; the printer gets nothing and the job stays held", async () => {
    const before = (await pwgOnly.documents()).length;
    const { ends } = await release("PWG only", ["giant-page"]);
    expect(ends).toEqual([expect.objectContaining({ state: "failed", code: expect.stringMatching(/^conversion-(too-large|limit|timeout)$/) })]);
    expect(await findJob(server.context.db, jobs["giant-page"]!)).toMatchObject({ state: "held" });
    expect((await pwgOnly.documents()).length).toBe(before);
    expect((await pwgOnly.requests()).filter((request) => request.operation === "Print-Job")).toHaveLength(before);
  });

  test("an endless job at a raw port: nothing is sent at all, since nothing was converted", async () => {
    const { ends } = await release("Raw PCL XL", ["endless-forms"]);
    expect(ends).toEqual([expect.objectContaining({ state: "failed", code: expect.stringMatching(/^conversion-(too-large|limit|timeout)$/) })]);
    expect(raw.pclxl.connectionsWithData()).toBe(1);
    expect(await findJob(server.context.db, jobs["endless-forms"]!)).toMatchObject({ state: "held" });
  });
});
