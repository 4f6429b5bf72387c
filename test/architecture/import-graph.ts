// Reads the project's own relative imports into a graph, so architecture tests can check
// which folder depends on which without a bundler or a third-party graph tool.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

export const projectRoot = resolve(import.meta.dirname, "../..");

/** Product code: what ships in the package and runs in production. */
export const productFolders = ["core", "server", "drivers", "kiosk", "console", "ui-shared", "bin"] as const;

const sourceFile = /\.(ts|js|mjs)$/;
const testFile = /\.test\.(ts|js)$/;
// `import … from "x"`, `export … from "x"`, `import("x")` and side-effect `import "x"`.
const specifierPattern = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm;

export function sourceFilesUnder(folder: string, options: { includeTests?: boolean } = {}): string[] {
  const absolute = join(projectRoot, folder);
  const found: string[] = [];
  for (const name of readdirSync(absolute)) {
    if (name === "node_modules" || name === "generated" || name === "dist") continue;
    const path = join(absolute, name);
    if (statSync(path).isDirectory()) {
      found.push(...sourceFilesUnder(join(folder, name), options));
    } else if (sourceFile.test(name) && !name.endsWith(".d.ts") && (options.includeTests || !testFile.test(name))) {
      found.push(join(folder, name));
    }
  }
  return found;
}

/** The project files one file imports, as paths relative to the project root. */
export function relativeImportsOf(file: string): string[] {
  const text = readFileSync(join(projectRoot, file), "utf8");
  const imports: string[] = [];
  for (const match of text.matchAll(specifierPattern)) {
    const specifier = match[1]!;
    if (!specifier.startsWith(".")) continue;
    // TypeScript sources import their siblings as ".js"; the file on disk may be ".ts".
    const target = relative(projectRoot, resolve(projectRoot, dirname(file), specifier));
    imports.push(target.replace(/\.js$/, ".ts").replace(/\.mjs$/, ".mjs"));
  }
  return imports;
}

export function topFolderOf(path: string): string {
  return path.split("/")[0]!;
}

/** Every cycle's first closing edge found by depth-first search, as the chain of files. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, "open");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === "open") cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}
