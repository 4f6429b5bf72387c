// Builds the ipptool work folder: the PWG .test files plus every document they name, which Debian does not ship.
import { existsSync, rmSync } from "node:fs";
import { access, copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { makePdf, type PageSize } from "./pdf.js";
import { makePwgRaster, type PwgRasterType } from "./pwg-raster.js";

export const PWG_TEST_DIR = "/usr/share/cups/ipptool";
const FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));

const POINTS: Record<"a4" | "letter" | "4x6", readonly [number, number]> = {
  a4: [595, 842],
  letter: [612, 792],
  "4x6": [288, 432],
};
const PWG_MEDIA: Record<keyof typeof POINTS, string> = {
  a4: "iso_a4_210x297mm",
  letter: "na_letter_8.5x11in",
  "4x6": "na_index-4x6_4x6in",
};

function makePostScript(size: keyof typeof POINTS, pages: number, text: string): Buffer {
  const [width, height] = POINTS[size];
  const lines = [`%!PS-Adobe-3.0`, `%%BoundingBox: 0 0 ${width} ${height}`, `%%Pages: ${pages}`, `%%EndComments`];
  for (let page = 1; page <= pages; page++) {
    lines.push(
      `%%Page: ${page} ${page}`,
      `<< /PageSize [${width} ${height}] >> setpagedevice`,
      `/Helvetica findfont 20 scalefont setfont`,
      `72 ${height - 96} moveto (${text} - page ${page} of ${pages}) show`,
      `showpage`,
    );
  }
  lines.push("%%EOF", "");
  return Buffer.from(lines.join("\n"), "latin1");
}

// "pwg-raster-samples-600dpi/srgb-8/document-a4-srgb-8-600dpi.pwg" and friends (ipp-everywhere.test).
function pwgSample(name: string): Buffer | undefined {
  const match = /^pwg-raster-samples-(\d+)dpi\/(black-1|sgray-8|srgb-8|srgb-16|cmyk-8)\/(.+)-\2-\1dpi\.pwg$/.exec(name);
  if (match === null) return undefined;
  const dpi = Number(match[1]);
  const type = match[2]!.replace("-", "_") as PwgRasterType;
  const documentName = match[3]!;
  const size: keyof typeof POINTS = documentName.endsWith("4x6") ? "4x6" : documentName.endsWith("letter") ? "letter" : "a4";
  const [widthPoints, heightPoints] = POINTS[size];
  const pages = documentName.startsWith("document-") ? 3 : 1;
  return makePwgRaster({ type, dpi, widthPoints, heightPoints, pages, pageSizeName: PWG_MEDIA[size] });
}

/** The bytes for a document a PWG .test file names in a FILE line; undefined when the name is unknown. */
export async function documentFor(name: string): Promise<Buffer | undefined> {
  const pdf = (pageSize: PageSize, pages: number, text: string) => makePdf({ pageSize, pages, text });
  switch (name) {
    case "testfile.pdf":
      return pdf("a4", 1, "Printvakt ipptool test file");
    case "document-a4.pdf":
      return pdf("a4", 3, "Printvakt A4 test document");
    case "document-letter.pdf":
      return pdf("letter", 3, "Printvakt US Letter test document");
    case "document-a4.ps":
      return makePostScript("a4", 3, "Printvakt A4 test document");
    case "document-letter.ps":
      return makePostScript("letter", 3, "Printvakt US Letter test document");
    case "../data/testprint.ps":
      return makePostScript("a4", 1, "Printvakt test print");
    case "color.jpg":
    case "gray.jpg":
      return readFile(join(FIXTURES, name));
    default:
      return pwgSample(name);
  }
}

/** Names in FILE lines of a .test file ($filename, the -f document, excluded). */
export async function namedDocuments(testFile: string): Promise<string[]> {
  const text = await readFile(testFile, "utf8");
  const names = new Set<string>();
  for (const match of text.matchAll(/^\s*FILE\s+"?([^"\s]+)"?\s*$/gm)) {
    if (!match[1]!.startsWith("$")) names.add(match[1]!);
  }
  return [...names];
}

/** Writes every document the .test file names (unless already there) into its folder, failing on a name we do not know how to make. */
export async function writeNamedDocuments(testFile: string): Promise<void> {
  const folder = dirname(testFile);
  for (const name of await namedDocuments(testFile)) {
    const target = resolve(folder, name);
    if (await access(target).then(() => true, () => false)) continue; // another .test file named it too
    const bytes = await documentFor(name);
    if (bytes === undefined) {
      throw new Error(`${basename(testFile)} names the document "${name}", which test/support/ipptool-documents.ts cannot make yet`);
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes);
  }
}

let prepared: Promise<string> | undefined;

const WORK_DIR_PREFIX = "printvakt-ipptool-";

// Test workers are usually killed rather than exited, so their folders are swept by the next run instead.
async function removeFoldersOfDeadProcesses(): Promise<void> {
  for (const name of await readdir(tmpdir())) {
    const pid = new RegExp(`^${WORK_DIR_PREFIX}(\\d+)-`).exec(name)?.[1];
    if (pid === undefined || existsSync(`/proc/${pid}`)) continue;
    await rm(join(tmpdir(), name), { recursive: true, force: true });
  }
}

/**
 * A folder (made once per process) holding a copy of every PWG .test file, the documents they name,
 * and testfile.pdf as the default document; ../data/testprint.ps sits beside it as the CUPS tests expect.
 */
export function ipptoolWorkDir(): Promise<string> {
  prepared ??= (async () => {
    const keep = process.env.PRINTVAKT_KEEP_TEST_DIRS !== undefined;
    if (!keep) await removeFoldersOfDeadProcesses();
    const root = await mkdtemp(join(tmpdir(), `${WORK_DIR_PREFIX}${process.pid}-`));
    if (!keep) process.once("exit", () => rmSync(root, { recursive: true, force: true }));
    const tests = join(root, "tests");
    await mkdir(tests);
    const names = (await readdir(PWG_TEST_DIR)).filter((name) => name.endsWith(".test"));
    if (names.length === 0) throw new Error(`no .test files in ${PWG_TEST_DIR}: run scripts/install-test-deps.sh`);
    for (const name of names) await copyFile(join(PWG_TEST_DIR, name), join(tests, name));
    for (const name of names) await writeNamedDocuments(join(tests, name));
    await writeFile(join(tests, "testfile.pdf"), (await documentFor("testfile.pdf"))!);
    return tests;
  })();
  return prepared;
}
