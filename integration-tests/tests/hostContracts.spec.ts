/**
 * Host contracts that differ from what a plugin would assume: OLS's per-user `/ols-access`, and the
 * console's watches delivering whole objects (so the browser must not watch Secrets or ConfigMaps).
 */
import { expect, test } from '@playwright/test';
import { olsTraffic, open, setSwitches, vmPath } from '../support/localConsole';

test('alice has no /ols-access: no AI control, one hint, and no OLS request after the first check', async ({
  page,
  request,
}) => {
  await setSwitches(request, { user: 'alice' });
  await open(page, vmPath('team-a', 'web-frontend-1', 'ai-troubleshooting'));
  await expect(page.locator('.kv-ls-diagnostics')).toBeVisible();
  await expect(page.getByRole('button', { name: /AI/ })).toHaveCount(0);
  const queries = async () =>
    (await olsTraffic(request)).forwarded.filter((r) => !r.path.endsWith('/authorized'));
  expect(await queries()).toEqual([]);
  // Navigating inside the console keeps the verdict: nothing is asked again.
  await page.getByRole('link', { name: 'VirtualMachines search' }).first().click();
  await expect(page.getByTestId('vm-row').first()).toBeVisible();
  await expect(page.getByTestId('kv-ls-ai-access-hint')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Ask Lightspeed' })).toHaveCount(0);
  expect(await queries()).toEqual([]);
});

test('no Secret or ConfigMap data reaches the browser on the AI troubleshooting tab', async ({
  page,
  request,
}) => {
  await setSwitches(request);
  const received: unknown[] = [];
  const keep = (text: string) => {
    for (const line of text.split('\n')) {
      try {
        received.push(JSON.parse(line));
      } catch {
        // not a JSON document
      }
    }
  };
  page.on('response', (response) => {
    if ((response.headers()['content-type'] ?? '').includes('json'))
      response.text().then(keep, () => undefined);
  });
  page.on('websocket', (ws) =>
    ws.on('framereceived', ({ payload }) => keep(typeof payload === 'string' ? payload : '')),
  );
  // A VM whose cloud-init Secret exists is not what this scenario has; one with SSH keys does.
  await open(page, vmPath('vm-prod', 'rhel9-web-01', 'ai-troubleshooting'));
  await expect(page.locator('.kv-ls-diagnostics')).toBeVisible();
  // A change to the referenced Secret: a watch on Secrets would now deliver the whole object.
  const changed = await request.post('/api/dev/kube/apply', {
    data: {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      metadata: { name: 'rhel9-web-01-ssh-key', namespace: 'vm-prod', labels: { rotated: 'yes' } },
      data: { key: 'c3NoLWVkMjU1MTkgQUFBQUMzTnphQzFsWkRJMU5URTVBQUFBSUZha2VLZXk=' },
    },
  });
  expect(changed.ok()).toBe(true);
  await page.waitForTimeout(2500);
  const kinds = new Set<string>();
  const withData: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (typeof record.kind === 'string') kinds.add(record.kind);
    if (
      (record.kind === 'Secret' || record.kind === 'ConfigMap' || record.kind === 'SecretList') &&
      ['data', 'stringData', 'binaryData'].some((key) => key in record)
    )
      withData.push(JSON.stringify(record.metadata));
    Object.values(record).forEach(visit);
  };
  received.forEach(visit);
  // The tab did read Secret metadata (the SSH key Secret is referenced)…
  expect([...kinds]).toEqual(expect.arrayContaining(['PartialObjectMetadataList']));
  // …and no object with data came in, by list or by watch.
  expect(withData).toEqual([]);
});
