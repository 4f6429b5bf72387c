// The long tier (`npm run test:long`, nightly): the *.long.test.ts files (the SIGKILL crash loop, the
// ipptool run that waits out a held job) and the fuzz campaigns at 2,000,000 inputs. FUZZ_RUNS and
// CRASH_ROUNDS still override the sizes.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.long.test.ts", "test/fuzz/**/*.fuzz.test.ts"],
    exclude: ["**/node_modules/**", "dist/**"],
    env: { FUZZ_RUNS: process.env.FUZZ_RUNS ?? "2000000" },
    // Sized for the campaigns: the fuzz suites set their own per-test timeouts from FUZZ_RUNS.
    testTimeout: 6 * 3_600_000,
    hookTimeout: 120_000,
    pool: "forks",
    // One file at a time: each campaign is a CPU-bound single process, and timings must not compete.
    fileParallelism: false,
  },
});
