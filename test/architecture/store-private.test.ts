// The store owns the database: outside server/store/ nothing imports Prisma's client, the generated
// client, a driver adapter or the libsql driver, and neither shipped code nor tests nor benchmarks
// reach for Database.prisma (they read through store functions or test/support/database-rows.ts).
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { packageRoot } from "../../server/paths.js";

const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;
const NEVER_SCANNED = new Set(["node_modules", "dist", ".git", "coverage"]);
const STORE = "server/store/";
/** This file names the forbidden modules in its own scanner test, so it is left out of the scan. */
const THIS_FILE = "test/architecture/store-private.test.ts";
/** Folders whose code ships and runs in the server, the CLI or the kiosk agent. */
const SHIPPED = ["bin/", "core/", "server/", "kiosk/", "drivers/"];

/** Folders of tests and benchmarks: they use the store as the product does. */
const TESTS_AND_BENCHMARKS = ["test/", "bench/"];
/** `x.prisma` on a Database (db.prisma, context.db.prisma, database.prisma) or `{ prisma } =`; not a file name like "schema.prisma". */
const REACHES_FOR_PRISMA = /\.prisma\b(?!["'/`])|\{\s*prisma\s*\}\s*=/;

/** Module specifiers only the store may import. */
const DATABASE_MODULES: { what: string; pattern: RegExp }[] = [
  { what: "Prisma's client", pattern: /^@prisma\/client(\/|$)/ },
  { what: "a Prisma driver adapter", pattern: /^@prisma\/adapter-/ },
  { what: "the libsql driver", pattern: /^@libsql\// },
  { what: "the generated Prisma client", pattern: /(^|\/)store\/generated(\/|$)/ },
];

async function sourceFiles(directory = packageRoot): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    if (NEVER_SCANNED.has(entry.name)) continue;
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) found.push(...(await sourceFiles(full)));
    else if (SOURCE.test(entry.name)) found.push(path.relative(packageRoot, full).split(path.sep).join("/"));
  }
  return found;
}

/** Every module a file names in import/export ... from, import(...) or require(...). */
function importedModules(text: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm;
  return [...text.matchAll(pattern)].map((match) => match[1]!);
}

/** A relative specifier resolved to a path from the package root, so "../store/generated" is caught too. */
function resolved(file: string, specifier: string): string {
  return specifier.startsWith(".") ? path.posix.join(path.posix.dirname(file), specifier) : specifier;
}

async function violations(files: string[], check: (file: string, text: string) => string[]): Promise<string[]> {
  const found: string[] = [];
  for (const file of files) found.push(...check(file, await readFile(path.join(packageRoot, file), "utf8")));
  return found;
}

describe("the store is the only way to the database", () => {
  test("the import scanner sees static, dynamic, side-effect and require imports", () => {
    const text = 'import { a } from "@prisma/client";\nexport * from "../store/generated/client.js";\nawait import("@libsql/client");\nimport "@prisma/adapter-libsql";\nrequire("x");';
    expect(importedModules(text)).toEqual(["@prisma/client", "../store/generated/client.js", "@libsql/client", "@prisma/adapter-libsql", "x"]);
  });

  test("no file outside server/store/ imports Prisma's client, a driver adapter, libsql or the generated client", async () => {
    const outside = (await sourceFiles()).filter((file) => !file.startsWith(STORE) && file !== THIS_FILE);
    expect(outside.length).toBeGreaterThan(100);
    const found = await violations(outside, (file, text) =>
      importedModules(text).flatMap((specifier) =>
        DATABASE_MODULES.filter(({ pattern }) => pattern.test(resolved(file, specifier))).map(({ what }) => `${file} imports ${what} (${specifier})`),
      ),
    );
    expect(found).toEqual([]);
  });

  test("the Database.prisma scanner sees every way of reaching the client, and not file names", () => {
    const reaching = ["await findJob(db.prisma, 1);", "context.db.prisma.job.count()", "const client = database.prisma;", "const { prisma } = db;"];
    const naming = ['path.join(root, "prisma", "schema.prisma")', "load('prisma/schema.prisma')", "build (`prisma/schema.prisma`)"];
    expect(reaching.filter((line) => !REACHES_FOR_PRISMA.test(line))).toEqual([]);
    expect(naming.filter((line) => REACHES_FOR_PRISMA.test(line))).toEqual([]);
  });

  test("no code outside the store (shipped, tests in any folder, benchmarks) uses Database.prisma", async () => {
    const scanned = (await sourceFiles()).filter((file) => [...SHIPPED, ...TESTS_AND_BENCHMARKS].some((folder) => file.startsWith(folder)) && !file.startsWith(STORE) && file !== THIS_FILE);
    expect(scanned.filter((file) => TESTS_AND_BENCHMARKS.some((folder) => file.startsWith(folder))).length).toBeGreaterThan(100);
    expect(scanned.some((file) => /\.test\.[a-z]+$/.test(file) && SHIPPED.some((folder) => file.startsWith(folder)))).toBe(true);
    const found = await violations(scanned, (file, text) => text.split("\n").flatMap((line, index) => (REACHES_FOR_PRISMA.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])));
    expect(found).toEqual([]);
  });

  test("nothing that ships loads Prisma's WebAssembly schema engine (migrations are plain SQL)", async () => {
    const shipped = (await sourceFiles()).filter((file) => SHIPPED.some((folder) => file.startsWith(folder)) && !/\.test\.[a-z]+$/.test(file));
    const found = await violations(shipped, (file, text) => importedModules(text).filter((specifier) => specifier.startsWith("@prisma/schema-engine")).map((specifier) => `${file} imports ${specifier}`));
    expect(found).toEqual([]);
    const manifest = JSON.parse(await readFile(path.join(packageRoot, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies)).not.toContain("@prisma/schema-engine-wasm");
  });
});
