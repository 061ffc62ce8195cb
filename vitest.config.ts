import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts", "tests/stores/**/*.test.ts"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "integration",
          // Browser tests (headless Chromium) reuse the same homeservers.
          include: ["tests/integration/**/*.test.ts", "tests/browser/**/*.test.ts"],
          // One pair of real homeservers for the whole run; files share them, so they take turns.
          globalSetup: ["tests/integration/global-setup.ts"],
          setupFiles: ["tests/support/quiet-console.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
