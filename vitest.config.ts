import { defineConfig } from 'vitest/config';

/**
 * Three projects: `unit` (unit and integration tests, including serialport against PTY simulators),
 * `e2e` (real headless Chromium through the browser host) and `package` (the kiosk's .deb built
 * and installed into a clean Debian root; needs root). `npm test` runs them all.
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
          exclude: ['**/node_modules/**', 'dist/**', 'test/e2e/**', 'test/package/**', 'test/kiosk-session/**'],
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
      {
        test: {
          name: 'package',
          include: ['test/package/**/*.test.ts'],
          environment: 'node',
          // Building the package, making the Debian root (once, then cached) and lintian.
          testTimeout: 300_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
