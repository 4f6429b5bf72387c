// `printer add --language/--color/--duplex/--media`: what a raw printer understands, declared by
// the admin because the port cannot tell, and shown by `printer list` (issue 14, review F3).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runPrintvakt } from "../support/printvakt-cli.js";

let dataDir: string;
const cli = (args: string[]) => runPrintvakt(args, { env: { PRINTVAKT_DATA_DIR: dataDir } });

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "printvakt-cli-caps-"));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("declared printer capabilities", () => {
  test("a raw printer declared PCL XL, duplex, A4 and A3 is listed with exactly that", async () => {
    const added = await cli(["printer", "add", "Raw XL", "--uri", "socket://10.0.0.9:9100", "--language", "pclxl", "--duplex", "--media", "iso_a4_210x297mm,iso_a3_297x420mm"]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain("declared: pclxl monochrome duplex iso_a4_210x297mm,iso_a3_297x420mm (declared)");
    const listed = await cli(["printer", "list"]);
    expect(listed.stdout.split("\n")).toContain("Raw XL\tsocket://10.0.0.9:9100\tunknown\tpclxl monochrome duplex iso_a4_210x297mm,iso_a3_297x420mm (declared)");
  });

  test("an LPD queue takes the same declaration as a raw port", async () => {
    const added = await cli(["printer", "add", "LPD PCL", "--uri", "lpd://10.0.0.14/laser", "--language", "pcl5", "--duplex"]);
    expect(added.code, added.stderr).toBe(0);
    expect((await cli(["printer", "list"])).stdout).toContain("LPD PCL\tlpd://10.0.0.14/laser\tunknown\tpcl5 monochrome duplex iso_a4_210x297mm (declared)");
  });

  test("a colour PostScript printer without --media gets A4", async () => {
    expect((await cli(["printer", "add", "Raw PS", "--uri", "socket://10.0.0.10:9100", "--language", "postscript", "--color"])).code).toBe(0);
    expect((await cli(["printer", "list"])).stdout).toContain("Raw PS\tsocket://10.0.0.10:9100\tunknown\tpostscript color simplex iso_a4_210x297mm (declared)");
  });

  test("an unknown language, a bad paper name, or a declaration for an IPP printer is refused and nothing is added", async () => {
    const language = await cli(["printer", "add", "Bad 1", "--uri", "socket://10.0.0.11:9100", "--language", "lips"]);
    expect(language.code).not.toBe(0);
    expect(language.stderr).toContain("--language must be one of pdf, postscript, pclxl, pcl5, pwg-raster, urf");
    const media = await cli(["printer", "add", "Bad 2", "--uri", "socket://10.0.0.11:9100", "--language", "pcl5", "--media", "A4; rm -rf /"]);
    expect(media.stderr).toContain("is not a PWG media name");
    const ipp = await cli(["printer", "add", "Bad 3", "--uri", "ipp://10.0.0.12/ipp/print", "--language", "pdf"]);
    expect(ipp.stderr).toContain("an IPP printer reports its own capabilities");
    const listed = (await cli(["printer", "list"])).stdout;
    for (const name of ["Bad 1", "Bad 2", "Bad 3"]) expect(listed).not.toContain(name);
  });

  test("a raw printer added without a declaration is listed as unknown: its documents go unchecked", async () => {
    expect((await cli(["printer", "add", "Raw plain", "--uri", "socket://10.0.0.13:9100"])).code).toBe(0);
    expect((await cli(["printer", "list"])).stdout).toContain("Raw plain\tsocket://10.0.0.13:9100\tunknown\tcapabilities unknown");
  });
});
