/** Helpers for browser tests against the local console: dev switches, OLS traffic, screenshots. */
import type { APIRequestContext, Page, TestInfo } from '@playwright/test';
import { expect } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export interface DevSwitches {
  user: 'admin' | 'alice' | 'bob';
  lightspeed: boolean;
  mcpRegistered: boolean;
  olsFailure: string;
  aiEnabled: boolean;
}

export const DEFAULT_SWITCHES: DevSwitches = {
  user: 'admin',
  lightspeed: true,
  mcpRegistered: true,
  olsFailure: 'none',
  aiEnabled: true,
};

export const setSwitches = async (request: APIRequestContext, patch: Partial<DevSwitches> = {}) => {
  const res = await request.post('/api/dev/state', { data: { ...DEFAULT_SWITCHES, ...patch } });
  expect(res.ok()).toBe(true);
  await request.delete('/api/dev/ols-requests');
};

interface OlsTraffic {
  forwarded: {
    path: string;
    body: { query?: string; attachments?: { attachment_type: string; content: string }[] };
  }[];
  blocked: string[];
}

export const olsTraffic = async (request: APIRequestContext): Promise<OlsTraffic> =>
  (await request.get('/api/dev/ols-requests')).json();

export const SEARCH_PATH = '/k8s/all-namespaces/virtualization-search-vms';

export const vmPath = (namespace: string, name: string, tab = '') =>
  `/k8s/ns/${namespace}/kubevirt.io~v1~VirtualMachine/${name}${tab ? `/${tab}` : ''}`;

/** Opens a page and waits until the console shell has loaded the plugin. */
export const open = async (page: Page, url: string) => {
  await page.goto(url);
  await page.waitForFunction(
    () => (window as unknown as { __shellReady?: boolean }).__shellReady === true,
  );
};

const SCREENSHOT_DIR = path.resolve(__dirname, '../../test-results/screenshots');

/** Screenshots of each flow are kept as test artifacts. */
export const screenshot = async (page: Page, testInfo: TestInfo, name: string) => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
};
