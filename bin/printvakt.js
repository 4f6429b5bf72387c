#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=2
// Entry point of the `printvakt` command: runs the compiled CLI (built by `npm install`).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";

// Before anything compiles WebAssembly: Prisma's query compiler is a WebAssembly module, and V8
// optimises all of it a second time in the background (TurboFan), which kept about 14 MiB more
// resident for no measurable gain per query (issue 13: idle memory, bench/README.md).
setFlagsFromString("--liftoff-only");
// The shebang (and `npm start`) give V8 a 2 MiB young generation instead of its default 16 MiB per
// semi-space: a server that streams a job in 64 KiB chunks gains nothing from the larger nursery.
// 16 → 4 MiB held about 10 MiB less when idle and about 22 MiB less while ingesting a 1 GiB job;
// 4 → 2 MiB another 4 MiB idle (both semi-spaces stay committed), with the same CPU per ingested GB
// and per badge (bench/README.md, issue 13). It has to be a command-line flag: V8 sizes the heap
// before any script runs, so setFlagsFromString here would be too late.

const compiled = new URL("../dist/server/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  process.stderr.write("printvakt: not built yet; run `npm install` (or `npm run build`) in the package folder\n");
  process.exit(1);
}
const { main } = await import(compiled.href);
await main(process.argv);
