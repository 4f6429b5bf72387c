#!/usr/bin/env node
// Entry point of the `printvakt` command: runs the compiled CLI (built by `npm install`).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const compiled = new URL("../dist/server/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  process.stderr.write("printvakt: not built yet; run `npm install` (or `npm run build`) in the package folder\n");
  process.exit(1);
}
const { main } = await import(compiled.href);
await main(process.argv);
