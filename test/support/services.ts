// Makes sure the system services the real peers need (D-Bus, avahi) are up, once per test process.
import { fileURLToPath } from "node:url";
import { runCommand } from "./processes.js";

const SCRIPT = fileURLToPath(new URL("../../scripts/start-test-services.sh", import.meta.url));

let started: Promise<void> | undefined;

/** Runs scripts/start-test-services.sh (idempotent); throws with its message when it fails. */
export function ensureTestServices(): Promise<void> {
  started ??= (async () => {
    const result = await runCommand("sh", [SCRIPT], { timeoutMs: 60_000 });
    if (result.exitCode !== 0) {
      started = undefined; // let a later test try again rather than repeat a stale failure
      const output = `${result.stdout}${result.stderr}`.trim();
      throw new Error(`scripts/start-test-services.sh failed (exit ${String(result.exitCode)}): ${output}`);
    }
  })();
  return started;
}
