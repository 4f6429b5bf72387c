// Loads Prisma's schema engine compiled to WebAssembly, for writing new migrations offline at
// development time (scripts/create-migration.ts). The server never loads it: see server/store/migrate.ts.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

type SchemaEngineModule = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");
export type SchemaEngine = Awaited<ReturnType<SchemaEngineModule["SchemaEngine"]["new"]>>;

// Node's global WebAssembly, typed just as far as we use it (the DOM lib would bring far more).
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: Record<string, unknown>): Promise<{ exports: Record<string, unknown> }>;
  Module: { imports(module: object): { module: string }[] };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let loaded: Promise<SchemaEngineModule> | undefined;

// The package's entry imports the .wasm as an ES module, which Node 20 cannot do without a flag.
// So we compile the .wasm ourselves and hand it the JS glue's exports as its imports.
async function loadModule(): Promise<SchemaEngineModule> {
  const require = createRequire(import.meta.url);
  const glueFile = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const glue: SchemaEngineModule = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const wasmBytes = await readFile(path.join(path.dirname(glueFile), "schema_engine_bg.wasm"));
  const compiled = await wasmApi.compile(wasmBytes);
  const imports: Record<string, unknown> = {};
  for (const entry of wasmApi.Module.imports(compiled)) imports[entry.module] = glue;
  const instance = await wasmApi.instantiate(compiled, imports);
  const exports = instance.exports as Record<string, unknown> & { __wbindgen_start?: () => void };
  (glue as unknown as { __wbg_set_wasm(value: unknown): void }).__wbg_set_wasm(exports);
  exports.__wbindgen_start?.();
  return glue;
}

export async function openSchemaEngine(adapterFactory: SqlMigrationAwareDriverAdapterFactory, log: (message: string) => void = () => {}): Promise<SchemaEngine> {
  loaded ??= loadModule();
  const module = await loaded;
  const adapter = bindMigrationAwareSqlAdapterFactory(adapterFactory);
  return module.SchemaEngine.new({ datamodels: undefined }, (message: string) => log(message), adapter);
}
