import { expect, test, type APIRequestContext } from '@playwright/test';
import { open, screenshot, setSwitches, vmPath } from '../support/localConsole';

/**
 * Confirmed fixes in the local console, against the simulator's writes: a VM paused by a user
 * (fixture scenarios/paused-by-user-vm-dev.yaml) is unpaused from its diagnosis, with the exact
 * request shown first, an Event recorded, and Undo; bob (a viewer of vm-dev) sees the button
 * disabled with the reason.
 */
const NS = 'vm-dev';
const VM = 'fedora-paused-review';
const TAB = vmPath(NS, VM, 'ai-troubleshooting');
const API = '/api/kubernetes';
const UNPAUSE = `/apis/subresources.kubevirt.io/v1/namespaces/${NS}/virtualmachineinstances/${VM}/unpause`;

const vmStatus = async (request: APIRequestContext): Promise<string> =>
  (
    await (
      await request.get(`${API}/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachines/${VM}`)
    ).json()
  ).status?.printableStatus;

/** Runs are repeatable: a VM left running by an earlier run is paused again (as admin). */
const ensurePaused = async (request: APIRequestContext) => {
  if ((await vmStatus(request)) === 'Running') {
    await request.put(`${API}${UNPAUSE.replace(/unpause$/, 'pause')}`, { data: {} });
  }
  await expect.poll(() => vmStatus(request)).toBe('Paused');
};

test.beforeEach(async ({ request }) => {
  await setSwitches(request, { lightspeed: false });
  await ensurePaused(request);
});

test('Apply "Unpause" shows the exact request, unpauses the VM, records an Event and offers Undo', async ({
  page,
  request,
}, testInfo) => {
  const writes: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/kubernetes/') && r.method() !== 'GET')
      writes.push(`${r.method()} ${new URL(r.url()).pathname}`);
  });
  await open(page, TAB);
  const fix = page.getByTestId('kv-ls-fix').filter({ hasText: 'Unpause the VM' });
  await expect(fix).toContainText('rule vm.paused-user');
  const apply = fix.getByTestId('kv-ls-fix-apply');
  await expect(apply).toBeEnabled();
  await apply.click();

  const modal = page.getByTestId('kv-ls-apply-fix-modal');
  await expect(modal.getByTestId('kv-ls-fix-request-line').first()).toHaveText(`PUT ${UNPAUSE}`);
  await screenshot(page, testInfo, 'apply-fix-confirm');
  await modal.getByTestId('kv-ls-fix-confirm').dblclick();

  await expect(modal.getByTestId('kv-ls-fix-result')).toBeVisible();
  await expect(modal.getByTestId('kv-ls-fix-vm-status')).toHaveText('VM status now: Running');
  await expect(modal.getByTestId('kv-ls-fix-event')).toHaveText(
    'Event AIFixApplied recorded on the VM.',
  );
  expect(writes.filter((w) => w === `PUT ${API}${UNPAUSE}`)).toHaveLength(1);
  expect(await vmStatus(request)).toBe('Running');

  const events = await (
    await request.get(`${API}/api/v1/namespaces/${NS}/events?fieldSelector=reason%3DAIFixApplied`)
  ).json();
  expect(
    events.items.some(
      (e: { involvedObject: { name: string }; message: string }) =>
        e.involvedObject.name === VM && e.message.includes('of rule vm.paused-user (unpause)'),
    ),
  ).toBe(true);

  const undo = modal.getByTestId('kv-ls-fix-undo');
  await expect(undo).toBeEnabled();
  await expect(modal.getByTestId('kv-ls-fix-undo-request')).toContainText(
    `PUT ${UNPAUSE.replace(/unpause$/, 'pause')}`,
  );
  await screenshot(page, testInfo, 'apply-fix-applied');
  await undo.click();
  await expect(modal.getByText('Undone: Pause')).toBeVisible();
  await expect.poll(() => vmStatus(request)).toBe('Paused');
});

test('as bob (no update on VMs) "Apply…" is disabled with the reason', async ({
  page,
  request,
}, testInfo) => {
  await setSwitches(request, { lightspeed: false, user: 'bob' });
  await open(page, TAB);
  const fix = page.getByTestId('kv-ls-fix').filter({ hasText: 'Unpause the VM' });
  await expect(fix.getByTestId('kv-ls-fix-apply')).toBeDisabled();
  await expect(fix.getByTestId('kv-ls-fix-denied-reason')).toHaveText(
    `You are not allowed to update virtualmachineinstances/unpause (subresources.kubevirt.io) in namespace ${NS}.`,
  );
  await fix.scrollIntoViewIfNeeded();
  await screenshot(page, testInfo, 'apply-fix-denied');
  await setSwitches(request);
});
