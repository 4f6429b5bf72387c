// Test runner settings: unit tests beside the code, system suites under test/. Files named
// *.long.test.ts belong to the long tier (vitest.long.config.ts, `npm run test:long`), not to CI.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    exclude: ["**/node_modules/**", "dist/**", "**/*.long.test.ts"],
    include: ["core/**/*.test.ts", "server/**/*.test.ts", "drivers/**/*.test.ts", "kiosk/**/*.test.ts", "prisma/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
