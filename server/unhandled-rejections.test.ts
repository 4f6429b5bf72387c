// A rejection nobody handles, in a real Node process: without the handler Node ends the process
// (exit 1); with it the process logs one counted line and carries on to a clean exit.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, test } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const compiled = pathToFileURL(path.join(root, "dist/server/unhandled-rejections.js")).href;
const loggerModule = pathToFileURL(path.join(root, "dist/server/logger.js")).href;

function runWithTwoLostPromises(installHandler: boolean) {
  const script = `
    const { countUnhandledRejections } = await import(${JSON.stringify(compiled)});
    const { createLogger } = await import(${JSON.stringify(loggerModule)});
    const counter = ${installHandler} ? countUnhandledRejections(createLogger("info")) : { count: "none" };
    Promise.reject(new Error("lost release outcome"));
    Promise.reject("a bare string");
    await new Promise((resolve) => setTimeout(resolve, 50));
    process.stdout.write("still serving, counted " + counter.count + "\\n");
  `;
  return spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
}

describe("unhandled rejections in the server process", () => {
  test("without the handler Node ends the process: the mechanism the handler exists for", () => {
    const run = runWithTwoLostPromises(false);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("lost release outcome");
    expect(run.stdout).not.toContain("still serving");
  });

  test("with it each one is logged as an error with a running count and the process keeps serving", () => {
    const run = runWithTwoLostPromises(true);
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines.at(-1)).toBe("still serving, counted 2");
    const logged = lines.slice(0, -1).map((line) => JSON.parse(line) as { level: number; unhandledRejections: number; err: unknown });
    expect(logged.map((entry) => [entry.level, entry.unhandledRejections])).toEqual([
      [50, 1],
      [50, 2],
    ]);
    expect(JSON.stringify(logged[0]!.err)).toContain("lost release outcome");
    expect(logged[1]!.err).toBe("a bare string");
  });
});
