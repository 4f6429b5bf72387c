// Runs `prisma generate` offline. Generating never runs the schema engine, but the prisma CLI
// still tries to download it unless PRISMA_SCHEMA_ENGINE_BINARY names an existing file.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const cli = require.resolve("prisma/build/index.js");
const environment = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
const result = spawnSync(process.execPath, [cli, "generate"], { stdio: ["ignore", "pipe", "inherit"], env: environment });
if (result.status !== 0) {
  process.stdout.write(result.stdout ?? "");
  process.exit(result.status ?? 1);
}

// The generated client imports the query compiler's WebAssembly as a module whose one export is the
// binary in base64: that module's source and its string (2.1 MiB each) then stay on the heap for the
// server's whole life, as the module map keeps every module loaded (issue 13: idle memory). Read
// the same file as text and decode it instead; both strings are garbage once the module is compiled.
const classFile = new URL("../server/store/generated/internal/class.ts", import.meta.url);
const generated = readFileSync(classFile, "utf8");
const importing = /const \{ wasm \} = await import\("(@prisma\/client\/runtime\/[^"]+\.wasm-base64\.mjs)"\)\n(\s*)return await decodeBase64AsWasm\(wasm\)/;
const match = importing.exec(generated);
if (match === null) {
  process.stderr.write("prisma-generate: the generated client no longer imports its WebAssembly as expected; see scripts/prisma-generate.mjs\n");
  process.exit(1);
}
const [, wasmModule, indent] = match;
const reading = [
  `const { readFile } = await import("node:fs/promises")`,
  `const { createRequire } = await import("node:module")`,
  `const source = await readFile(createRequire(import.meta.url).resolve(${JSON.stringify(wasmModule)}), "latin1")`,
  `return await decodeBase64AsWasm(source.slice(source.indexOf('"') + 1, source.lastIndexOf('"')))`,
].join(`\n${indent}`);
writeFileSync(classFile, generated.replace(importing, reading));
