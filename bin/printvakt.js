#!/usr/bin/env node
// Entry point of the `printvakt` command: runs the compiled CLI (built by `npm install`).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";

// Before anything compiles WebAssembly: Prisma's query compiler is a WebAssembly module, and V8
// optimises all of it a second time in the background (TurboFan), which kept about 14 MiB more
// resident for no measurable gain per query (issue 13: idle memory, bench/README.md).
setFlagsFromString("--liftoff-only");

const compiled = new URL("../dist/server/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  process.stderr.write("printvakt: not built yet; run `npm install` (or `npm run build`) in the package folder\n");
  process.exit(1);
}
const { main } = await import(compiled.href);
await main(process.argv);
