// Dependencies point one way: server → core ← drivers, kiosk. These tests read the real
// import statements of every product file, so a new import in the wrong direction fails here.
import { describe, expect, test } from "vitest";
import { findCycles, productFolders, relativeImportsOf, sourceFilesUnder, topFolderOf } from "./import-graph.js";

/** Which top-level folders each product folder may import from (besides itself). */
const allowedImports: Record<string, readonly string[]> = {
  core: [],
  drivers: ["core"],
  kiosk: ["core", "drivers", "ui-shared"],
  server: ["core", "drivers"],
  console: ["ui-shared"],
  // Browser code both static pages load (served at /ui-shared); it imports nothing.
  "ui-shared": [],
  bin: ["dist"],
};

// The one command-line entry runs every command, the kiosk agent's too; nothing else in the
// server may reach into the kiosk.
const cliHostsKioskAgent = (file: string, target: string): boolean =>
  file.startsWith("server/cli/") && target.startsWith("kiosk/agent/");

const productFiles = productFolders.flatMap((folder) => sourceFilesUnder(folder));

describe("dependencies point one way", () => {
  test("the product has files to check (the walk itself works)", () => {
    expect(productFiles.length).toBeGreaterThan(100);
    expect(productFiles).toContain("core/errors.ts");
    expect(relativeImportsOf("drivers/card-readers/hid-keyboard-reader.ts").length).toBeGreaterThan(0);
  });

  test("each folder imports only from the folders below it", () => {
    const wrongWay: string[] = [];
    for (const file of productFiles) {
      const from = topFolderOf(file);
      for (const target of relativeImportsOf(file)) {
        const to = topFolderOf(target);
        if (to === from || allowedImports[from]!.includes(to) || cliHostsKioskAgent(file, target)) continue;
        wrongWay.push(`${file} → ${target}`);
      }
    }
    expect(wrongWay).toEqual([]);
  });

  test("shipped code never imports test helpers", () => {
    const intoTests = productFiles.flatMap((file) =>
      relativeImportsOf(file).filter((target) => target.startsWith("test/")).map((target) => `${file} → ${target}`),
    );
    expect(intoTests).toEqual([]);
  });

  test("no circle of imports among product files", () => {
    const graph = new Map(productFiles.map((file) => [file, relativeImportsOf(file)]));
    expect(findCycles(graph)).toEqual([]);
  });

  test("the cycle finder finds a circle when there is one", () => {
    const graph = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts"]],
      ["d.ts", ["a.ts"]],
    ]);
    expect(findCycles(graph)).toEqual([["a.ts", "b.ts", "c.ts", "a.ts"]]);
  });
});
