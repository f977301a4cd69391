import { defineConfig } from '@playwright/test'

// Browser tests drive Debian's Chromium against a real headless station started by the fixtures
// in support/. No browser is ever downloaded.
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.e2e.ts',
  outputDir: '../test-results/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  forbidOnly: !!process.env['CI'],
  reporter: [['list']],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
})
