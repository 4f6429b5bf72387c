// The agent's version for the handshake (the server audits it): the printvakt package's own version.
import { readFileSync } from "node:fs";

let cached: string | undefined;

/** Looks for printvakt's package.json above this module, whether it runs from source or from dist/. */
export function agentVersion(): string {
  if (cached !== undefined) return cached;
  let directory = new URL(".", import.meta.url);
  for (let depth = 0; depth < 5 && cached === undefined; depth++) {
    try {
      const manifest = JSON.parse(readFileSync(new URL("package.json", directory), "utf8")) as { name?: unknown; version?: unknown };
      if (manifest.name === "printvakt" && typeof manifest.version === "string") cached = manifest.version;
    } catch {
      // not here: one level up
    }
    directory = new URL("..", directory);
  }
  cached ??= "unknown";
  return cached;
}
