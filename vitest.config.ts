import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (unit and integration tests, including serialport against PTY simulators)
 * and `e2e` (real headless Chromium through the browser host). `npm test` runs both.
 */
export default defineConfig({
  test: {
    // At the end of the run: no process the tests started may outlive them (test/support/no-survivors.ts).
    globalSetup: ['test/support/no-survivors.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/*.test.ts', '**/*.test.tsx'],
          exclude: ['**/node_modules/**', 'dist/**', 'test/e2e/**', 'test/kiosk-session/**'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts', 'test/kiosk-session/**/*.e2e.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One Chromium at a time on a 2-core machine.
          fileParallelism: false,
        },
      },
    ],
  },
});
