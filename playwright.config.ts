import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './integration-tests/support/chromium';

/**
 * Browser tests run the real plugin bundle in Debian's Chromium against the local stack
 * (Kubernetes API simulator, cnv-mcp-server, OLS dev server, console shell) on ports of their own.
 * The stack holds global dev switches (user, Lightspeed, failures), so tests run one at a time.
 */
const CONSOLE_PORT = Number(process.env.KV_LS_E2E_PORT ?? 9400);

export default defineConfig({
  testDir: './integration-tests/tests',
  outputDir: './test-results/playwright',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${CONSOLE_PORT}`,
    testIdAttribute: 'data-test',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    viewport: { width: 1440, height: 900 },
    launchOptions: chromiumLaunchOptions,
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: 'npx tsx integration-tests/local-console/start.ts',
    url: `http://127.0.0.1:${CONSOLE_PORT}/api/dev/state`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      KV_LS_CONSOLE_PORT: String(CONSOLE_PORT),
      KV_LS_KUBE_PORT: String(CONSOLE_PORT + 1),
      KV_LS_MCP_PORT: String(CONSOLE_PORT + 2),
      KV_LS_OLS_PORT: String(CONSOLE_PORT + 3),
    },
  },
});
