// Test runner settings: unit tests beside the code, system suites under test/.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["core/**/*.test.ts", "server/**/*.test.ts", "drivers/**/*.test.ts", "kiosk/**/*.test.ts", "prisma/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
