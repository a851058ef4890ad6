import { expect, test } from '@playwright/test';
import {
  olsTraffic,
  open,
  screenshot,
  SEARCH_PATH,
  setSwitches,
  vmPath,
} from '../support/localConsole';

test('Lightspeed absent: no AI control anywhere and not one OLS request', async ({
  page,
  request,
}, testInfo) => {
  await setSwitches(request, { lightspeed: false });
  await open(page, SEARCH_PATH);
  await expect(page.getByTestId('vm-row').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Ask Lightspeed' })).toHaveCount(0);
  await open(page, vmPath('diag-imagepull-tag', 'fedora-web-01', 'ai-troubleshooting'));
  await expect(page.getByText(/checks failed/)).toBeVisible();
  await expect(page.getByRole('button', { name: /Troubleshoot with AI/ })).toHaveCount(0);
  await screenshot(page, testInfo, 'capability-off');
  const traffic = await olsTraffic(request);
  expect(traffic.blocked).toEqual([]);
  expect(traffic.forwarded).toEqual([]);
});

test('admin kill switch: AI hidden and no OLS request', async ({ page, request }) => {
  await setSwitches(request, { aiEnabled: false });
  await open(page, SEARCH_PATH);
  await expect(page.getByTestId('vm-row').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Ask Lightspeed' })).toHaveCount(0);
  const traffic = await olsTraffic(request);
  expect(traffic.forwarded).toEqual([]);
});

test('MCP server not registered: the static prompt carries attachments and names no tool', async ({
  page,
  request,
}, testInfo) => {
  await setSwitches(request, { mcpRegistered: false });
  await open(page, vmPath('diag-storage-nosc', 'analytics-worker', 'ai-troubleshooting'));
  const alert = page.locator('.pf-v6-c-alert.pf-m-danger').first();
  await alert.getByRole('button', { name: /Troubleshoot with AI/ }).click();
  // Nothing leaves before the user has seen what will: the review shows the projected VM.
  await page.getByRole('button', { name: /Review what will be sent/ }).click();
  await expect(page.getByTestId('sent-content-review')).toContainText('kind: VirtualMachine');
  expect((await olsTraffic(request)).forwarded.filter((r) => r.path.includes('query'))).toEqual([]);
  await page.getByRole('button', { name: 'Send to OpenShift Lightspeed' }).click();
  await expect(page.getByTestId('lightspeed-answer').first()).toContainText('attachment', {
    timeout: 30_000,
  });
  await screenshot(page, testInfo, 'capability-static');

  const traffic = await olsTraffic(request);
  const sent = traffic.forwarded.find((r) => r.path.includes('query'));
  expect(sent?.body.attachments?.length).toBeGreaterThan(0);
  expect(sent?.body.query).not.toMatch(/diagnose_vm_error|search_virtual_machines|suggest_vm_fix/);
  // Redacted: the VM's cloud-init secrets never leave the browser.
  expect(JSON.stringify(sent?.body)).not.toContain('managedFields');
});

test('OLS failing: a clear error, the page keeps working, retry succeeds', async ({
  page,
  request,
}, testInfo) => {
  await setSwitches(request, { olsFailure: '500' });
  await open(page, SEARCH_PATH);
  const search = page.getByRole('textbox', { name: 'Search VirtualMachines' });
  await search.fill('vms with errors');
  await search.press('Enter');
  await page.getByRole('button', { name: 'Ask Lightspeed' }).click();
  const error = page.locator('.kv-ls-lightspeed-card .pf-v6-c-alert').first();
  await expect(error).toBeVisible({ timeout: 30_000 });
  await screenshot(page, testInfo, 'capability-ols-error');
  // The local search still works.
  await expect(page.getByTestId('vm-row').first()).toBeVisible();

  // OLS recovers; the retry answers.
  await request.post('/api/dev/state', { data: { olsFailure: 'none' } });
  await page.getByRole('button', { name: 'Retry the question' }).click();
  await expect(page.getByTestId('lightspeed-answer')).toContainText('no LLM', { timeout: 30_000 });
});
