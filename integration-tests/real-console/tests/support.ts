/**
 * Reaching the real-console stack from browser tests: one bridge per demo user (see ../stack.ts),
 * the stack's request logs, and a recorder of every JSON object the browser receives (HTTP bodies
 * and WebSocket frames), to prove what reaches the browser and what does not.
 */
import type { APIRequestContext, Page } from '@playwright/test';
import { DEMO_USERS } from '../../fixtures/demo-cluster';
import { portsFrom } from '../start';

const ports = portsFrom(process.env);

export type Bridge = 'admin' | 'alice' | 'bob' | 'admin-no-lightspeed';

export const bridgeUrl = (bridge: Bridge): string => {
  const index =
    bridge === 'admin-no-lightspeed'
      ? DEMO_USERS.length
      : DEMO_USERS.findIndex((user) => user.name === bridge);
  return `http://127.0.0.1:${ports.bridge + index}`;
};

const CONTROL = `http://127.0.0.1:${ports.plugins}/__stack`;

export interface KubeRequest {
  method: string;
  path: string;
  status: number;
  user?: string;
  websocket?: boolean;
}

export const resetStackLogs = async (request: APIRequestContext) =>
  request.delete(`${CONTROL}/kube-requests`);
export const kubeRequests = async (request: APIRequestContext): Promise<KubeRequest[]> =>
  (await request.get(`${CONTROL}/kube-requests`)).json();
export const olsRequests = async (
  request: APIRequestContext,
): Promise<{ path: string; body: { query?: string } }[]> =>
  (await request.get(`${CONTROL}/ols-requests`)).json();

export const setOlsMode = async (request: APIRequestContext, mode: Record<string, unknown>) =>
  request.post(`${CONTROL}/ols-mode`, { data: mode });

export const vmUrl = (bridge: Bridge, namespace: string, name: string, tab = '') =>
  `${bridgeUrl(bridge)}/k8s/ns/${namespace}/kubevirt.io~v1~VirtualMachine/${name}${tab ? `/${tab}` : ''}`;

/**
 * A returning user of both plugins, so that their first-visit UI does not cover the page:
 * - lightspeed-console auto-opens its chat until the user has closed it once (the user preference
 *   `lightspeed.hasClosedChat`, openshift/lightspeed-console main `src/hooks/useFirstTimeUser.ts`);
 *   with bridge's `--user-settings-location=localstorage` the console keeps user preferences in the
 *   `console-user-settings` localStorage item (openshift/console release-4.22
 *   `packages/console-shared/src/hooks/useUserPreference.ts`), so it is seeded there.
 * - kubevirt-plugin's "Welcome to OpenShift Virtualization" modal (release-4.22
 *   `src/views/welcome/WelcomeModal.tsx`) opens on the VM pages until `dontShowWelcomeModal` is set
 *   in its user-settings ConfigMap; it is closed the way a user does, with its Close button.
 * - The console's Core platform perspective (`console.lastPerspective: admin`, openshift/console
 *   release-4.22 packages/console-app/src/consts.ts), which the VM pages belong to. Non-admin users
 *   otherwise start in the Developer perspective, whose PerspectiveNav renders a DragDropSort; with
 *   @patternfly/react-drag-drop 6.4.3 (what a console built against the public npm registry gets
 *   instead of the 6.5.0 prerelease in console's yarn.lock) that portals into `#root`, which the
 *   console page does not have (its root is `#app`), and React error #200 blanks the whole page.
 */
export const asReturningUser = async (page: Page) => {
  await page.addInitScript(() => {
    const key = 'console-user-settings';
    let settings: Record<string, unknown> = {};
    try {
      settings = JSON.parse(window.localStorage.getItem(key) ?? '{}') ?? {};
    } catch {
      settings = {};
    }
    const defaults = { 'lightspeed.hasClosedChat': true, 'console.lastPerspective': 'admin' };
    window.localStorage.setItem(key, JSON.stringify({ ...defaults, ...settings }));
  });
  await page.addLocatorHandler(page.getByRole('dialog', { name: 'Welcome modal' }), (dialog) =>
    dialog.getByRole('button', { name: 'Close' }).click(),
  );
};

/** Opens a console page and waits until kubevirt-plugin's VM tabs are there. */
export const openVm = async (page: Page, url: string) => {
  await page.goto(url);
  await page.locator('[data-test-id^="horizontal-link-"]').first().waitFor({ timeout: 90_000 });
};

/** Every JSON document the page receives over HTTP or WebSocket, parsed. */
export const recordReceivedJson = (page: Page): unknown[] => {
  const received: unknown[] = [];
  const keep = (text: string) => {
    for (const line of text.split('\n')) {
      if (!line.trim().startsWith('{') && !line.trim().startsWith('[')) continue;
      try {
        received.push(JSON.parse(line));
      } catch {
        // Not JSON (or partial): not an object the console could store.
      }
    }
  };
  page.on('response', (response) => {
    if (!(response.headers()['content-type'] ?? '').includes('json')) return;
    response.text().then(keep, () => undefined);
  });
  page.on('websocket', (ws) =>
    ws.on('framereceived', ({ payload }) =>
      keep(typeof payload === 'string' ? payload : payload.toString()),
    ),
  );
  return received;
};

/** Secrets and ConfigMaps in received documents that carry `data`, `stringData` or `binaryData`. */
export const objectsWithData = (received: unknown[]): string[] => {
  const found: string[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    const kind = record.kind;
    if (
      (kind === 'Secret' || kind === 'ConfigMap') &&
      ['data', 'stringData', 'binaryData'].some((key) => key in record)
    ) {
      const metadata = (record.metadata ?? {}) as { namespace?: string; name?: string };
      found.push(`${kind} ${metadata.namespace}/${metadata.name}`);
    }
    Object.values(record).forEach(visit);
  };
  received.forEach(visit);
  return found;
};
