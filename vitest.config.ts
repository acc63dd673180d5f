import { defineConfig } from 'vitest/config';

/**
 * One command runs every test: pure (*.test.ts), Postgres integration (*.int.test.ts, template
 * database cloned per file) and browser (*.e2e.test.ts, Chromium via playwright-core: test/helpers/chromium-path.ts).
 */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'sandbox/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    // Generous: CI machines are small and browser journeys share two cores with Postgres.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // 2 cores: keep parallelism modest so Postgres and Chromium are not starved.
    maxWorkers: 3,
    reporters: ['default'],
  },
});
