import { defineConfig } from '@playwright/test';

// End-to-end tests load the built extension (.output/chrome-mv3) into Chromium through the
// fixtures in test/e2e/fixtures.ts; `npm run test:e2e` builds first. Tests start their own
// loopback servers, so there is no webServer here.
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  // One browser at a time: a persistent context with an extension is heavy, and CI has 2 cores.
  workers: 1,
  fullyParallel: false,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  // Generous: on a loaded 2-core machine one spec (browser launch, build-free) takes 5-20 s.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    trace: 'on-first-retry',
  },
});
