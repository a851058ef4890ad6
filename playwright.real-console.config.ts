import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './integration-tests/support/chromium';
import { portsFrom } from './integration-tests/real-console/start';

/**
 * Browser flows in a real OpenShift console (bridge + frontend the user provides, with the real
 * kubevirt-plugin and lightspeed-console): `npm run test:real-console`. See README "Real console".
 */
const ports = portsFrom(process.env);

export default defineConfig({
  testDir: './integration-tests/real-console/tests',
  outputDir: './test-results/real-console',
  fullyParallel: false,
  workers: 1,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: [['list']],
  use: {
    testIdAttribute: 'data-test',
    screenshot: 'on',
    trace: 'retain-on-failure',
    viewport: { width: 1440, height: 900 },
    launchOptions: chromiumLaunchOptions,
  },
  projects: [{ name: 'real-console', use: { browserName: 'chromium' } }],
  webServer: {
    command: 'npx tsx integration-tests/real-console/start.ts',
    url: `http://127.0.0.1:${ports.bridge}/health`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
