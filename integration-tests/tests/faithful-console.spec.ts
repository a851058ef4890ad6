/**
 * The local console behaves like console 4.22 + kubevirt-plugin where the plugin depends on it:
 * the VM details tabs (kubevirt-plugin's own first, no two tabs sharing a name or an href), watches
 * (one list, then a WebSocket), the lazily loaded Actions menu, and access reviews.
 */
import type { Page, Request, WebSocket } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { open, setSwitches, vmPath } from '../support/localConsole';

test.beforeEach(async ({ request }) => setSwitches(request));

const KUBEVIRT_TABS = [
  'Overview',
  'Metrics',
  'YAML',
  'Configuration',
  'Events',
  'Console',
  'Snapshots',
  'Diagnostics',
];

const repeated = (values: string[]) => values.filter((v, i) => values.indexOf(v) !== i);

/** Every tab link of the VM details page as rendered: label and link target. */
const renderedTabs = (page: Page) =>
  page
    .getByTestId('vm-tabs')
    .locator('a')
    .evaluateAll((links) =>
      links.map((a) => ({
        name: (a.textContent ?? '').trim(),
        href: new URL((a as HTMLAnchorElement).href).pathname,
      })),
    );

test("no two VM tabs share a name or an href, and our tab shows the plugin's view", async ({
  page,
}) => {
  const base = vmPath('diag-imagepull-tag', 'fedora-web-01');
  await open(page, base);
  await expect(page.getByTestId('vm-title-status')).toBeVisible();
  const tabs = await renderedTabs(page);
  expect(tabs.slice(0, KUBEVIRT_TABS.length).map((t) => t.name)).toEqual(KUBEVIRT_TABS);
  expect(repeated(tabs.map((t) => t.name))).toEqual([]);
  expect(repeated(tabs.map((t) => t.href))).toEqual([]);

  const ours = tabs.slice(KUBEVIRT_TABS.length);
  expect(ours.length).toBeGreaterThan(0);
  for (const tab of ours) {
    await page.getByTestId('vm-tabs').getByRole('link', { name: tab.name, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${tab.href}$`));
    await expect(page.getByText(/checks failed|No problems found/)).toBeVisible();
    await expect(page.getByTestId('kubevirt-tab-stand-in')).toHaveCount(0);
  }
  // kubevirt-plugin's own Diagnostics tab still renders kubevirt-plugin's view.
  await page.getByTestId('vm-tabs').getByRole('link', { name: 'Diagnostics', exact: true }).click();
  await expect(page.getByTestId('kubevirt-tab-stand-in')).toHaveText(
    'kubevirt-plugin Diagnostics (stand-in)',
  );
});

test('a plugin tab reusing href "diagnostics" collides as on a cluster: the check above catches it', async ({
  page,
}) => {
  // The manifest as it was before the tab got its own href (what hid the bug on real clusters).
  await page.route(
    '**/api/plugins/kubevirt-lightspeed-plugin/plugin-manifest.json',
    async (route) => {
      const manifest = await (await route.fetch()).json();
      for (const e of manifest.extensions)
        if (e.type === 'console.tab/horizontalNav')
          e.properties.page = {
            name: '%plugin__kubevirt-lightspeed-plugin~Diagnostics%',
            href: 'diagnostics',
          };
      await route.fulfill({ json: manifest });
    },
  );
  await open(page, vmPath('diag-imagepull-tag', 'fedora-web-01'));
  await expect(page.getByTestId('vm-title-status')).toBeVisible();
  const tabs = await renderedTabs(page);
  // One name and one href on several links (React's duplicate keys even multiply the links, the
  // "7 links labelled Diagnostics" seen on clusters).
  expect([...new Set(repeated(tabs.map((t) => t.name)))]).toEqual(['Diagnostics']);
  expect([...new Set(repeated(tabs.map((t) => t.href)))]).toEqual([
    expect.stringMatching(/\/diagnostics$/),
  ]);
  // react-router renders the first route of a path: kubevirt-plugin's view, never ours.
  await page.goto(vmPath('diag-imagepull-tag', 'fedora-web-01', 'diagnostics'));
  await expect(page.getByTestId('kubevirt-tab-stand-in')).toHaveText(
    'kubevirt-plugin Diagnostics (stand-in)',
  );
  await expect(page.getByText(/checks failed/)).toHaveCount(0);
});

const NS = 'team-a';
const probeVm = (name: string, status: string, message = 'probe VM of the watch test') => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name, namespace: NS, labels: { 'kv-ls-test': 'watch' } },
  spec: { runStrategy: 'Halted', template: { spec: { domain: { devices: {} } } } },
  status: {
    printableStatus: status,
    conditions: [{ type: 'Ready', status: 'False', reason: 'ProbeReason', message }],
  },
});

const isVmListRequest = (r: Request) => {
  const u = new URL(r.url());
  return (
    r.resourceType() !== 'websocket' &&
    u.pathname === `/api/kubernetes/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachines`
  );
};

test('a list is read once, then watched over a WebSocket: changes show without reload', async ({
  page,
  request,
}) => {
  const name = `watch-probe-${test.info().workerIndex}-${Date.now()}`;
  const lists: string[] = [];
  page.on('request', (r) => {
    if (isVmListRequest(r)) lists.push(new URL(r.url()).search);
  });
  const socket = page.waitForEvent('websocket', (ws) =>
    ws.url().includes(`/api/kubernetes/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachines?`),
  );
  await open(page, `/k8s/ns/${NS}/kubevirt.io~v1~VirtualMachine`);
  await expect(page.getByTestId('vm-list-item').first()).toBeVisible();
  const ws: WebSocket = await socket;
  expect(new URL(ws.url()).protocol).toBe('ws:');
  expect(new URL(ws.url()).search).toMatch(/^\?watch=true&resourceVersion=\d+$/);
  expect(lists).toEqual(['?limit=250']);

  try {
    const added = ws.waitForEvent('framereceived', (f) => String(f.payload).includes(name));
    expect(
      (await request.post('/api/dev/kube/apply', { data: probeVm(name, 'Stopped') })).ok(),
    ).toBe(true);
    await added;
    const item = page.getByTestId('vm-list-item').filter({ hasText: `${NS}/${name}` });
    await expect(item.getByTestId('vm-list-status')).toHaveText('Stopped');
    await request.post('/api/dev/kube/apply', { data: probeVm(name, 'Running') });
    await expect(item.getByTestId('vm-list-status')).toHaveText('Running');
    await request.post('/api/dev/kube/delete', {
      data: { kind: 'VirtualMachine', namespace: NS, name },
    });
    await expect(item).toHaveCount(0);
    // Everything came over the WebSocket: the list was not read again.
    expect(lists).toEqual(['?limit=250']);
  } finally {
    await request.post('/api/dev/kube/delete', {
      data: { kind: 'VirtualMachine', namespace: NS, name },
    });
  }
});

test('our tab gets the VM from the object watch: a new condition shows without reload', async ({
  page,
  request,
}) => {
  const name = `object-probe-${Date.now()}`;
  await request.post('/api/dev/kube/apply', { data: probeVm(name, 'Stopped', 'first message') });
  try {
    const objectWatch = page.waitForEvent('websocket', (ws) =>
      ws.url().includes(`virtualmachines?watch=true&fieldSelector=metadata.name%3D${name}`),
    );
    await open(page, vmPath(NS, name));
    await objectWatch;
    const ours = (await renderedTabs(page)).slice(KUBEVIRT_TABS.length);
    await page.goto(ours[0].href);
    await expect(page.getByText('first message', { exact: true })).toBeVisible();
    await request.post('/api/dev/kube/apply', {
      data: probeVm(name, 'Stopped', 'second message from the cluster'),
    });
    await expect(page.getByText('second message from the cluster', { exact: true })).toBeVisible();
  } finally {
    await request.post('/api/dev/kube/delete', {
      data: { kind: 'VirtualMachine', namespace: NS, name },
    });
  }
});

test("the Actions menu loads providers on hover, waits for all of them, and lists kubevirt-plugin's actions first", async ({
  page,
}) => {
  await page.addInitScript(() =>
    window.localStorage.setItem('kv-ls-shell:pending-action-provider', 'true'),
  );
  await open(page, vmPath('diag-secret-cloudinit', 'web-frontend-02'));
  const toggle = page.getByTestId('actions-dropdown');
  await expect(toggle).toBeVisible();
  const providers = page.getByTestId('action-provider');
  await expect(providers).toHaveCount(0);

  await toggle.hover();
  // Our provider has answered loaded; the other plugin's has not.
  await expect(
    providers.and(page.locator('[data-plugin="kubevirt-lightspeed-plugin"][data-loaded="true"]')),
  ).toHaveCount(1);
  await expect(providers.and(page.locator('[data-plugin="shell-test-plugin"]'))).toHaveAttribute(
    'data-loaded',
    'false',
  );
  await toggle.click();
  const menu = page.getByTestId('actions-menu-items');
  await expect(menu.getByRole('menuitem', { name: /^Delete/ })).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: /Troubleshoot with AI/ })).toHaveCount(0);

  await page.evaluate(() =>
    (
      window as unknown as { __kvLsShell: { releasePendingActionProvider(): void } }
    ).__kvLsShell.releasePendingActionProvider(),
  );
  await expect(menu.getByRole('menuitem', { name: /Troubleshoot with AI/ })).toBeVisible();
  // Top-level entries in order (submenu toggles are buttons, actions menu items).
  const labels = await menu.locator('li').allTextContents();
  const at = (re: RegExp) => labels.findIndex((l) => re.test(l));
  expect(labels[0]).toMatch(/^Control/);
  expect(at(/^Delete/)).toBeGreaterThan(0);
  expect(at(/Troubleshoot with AI/)).toBeGreaterThan(at(/^Delete/));
  expect(at(/Stand-in action of another plugin/)).toBeGreaterThan(at(/^Delete/));
});

test('menu items are enabled by SelfSubjectAccessReviews, each review asked once', async ({
  page,
  request,
}) => {
  await setSwitches(request, { user: 'bob' });
  const reviews: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/kubernetes/apis/authorization.k8s.io/v1/selfsubjectaccessreviews'))
      reviews.push(r.postData() ?? '');
  });
  await open(page, vmPath('vm-dev', 'fedora-ci-runner-1'));
  const toggle = page.getByTestId('actions-dropdown');
  await toggle.click();
  const menu = page.getByTestId('actions-menu-items');
  // bob only reads vm-dev: kubevirt-plugin's write actions stay disabled.
  await expect(menu.getByRole('menuitem', { name: /^Edit labels/ })).toBeDisabled();
  expect(reviews.length).toBeGreaterThan(0);
  expect(reviews.some((r) => r.includes('"verb":"patch"'))).toBe(true);
  expect(repeated(reviews)).toEqual([]);
  const asked = reviews.length;
  await toggle.click();
  await toggle.click();
  await expect(menu.getByRole('menuitem', { name: /^Edit labels/ })).toBeDisabled();
  expect(reviews).toHaveLength(asked);
});
