import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { vmKeys } from '../support/demoCluster';
import { olsTraffic, open, screenshot, SEARCH_PATH, setSwitches } from '../support/localConsole';

test.beforeEach(async ({ request }) => setSwitches(request));

const rowKeys = async (
  page: Page,
  table = page.getByRole('grid', { name: 'VirtualMachines', exact: true }),
) =>
  (
    await table
      .getByTestId('vm-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-vm-key') ?? ''))
  ).sort();

test('natural-language search shows removable chips and exactly the matching rows', async ({
  page,
}, testInfo) => {
  await open(page, SEARCH_PATH);
  const search = page.getByRole('textbox', { name: 'Search VirtualMachines' });
  await search.fill('running vms in team-a');
  await search.press('Enter');

  const chips = page.getByTestId('search-chip');
  await expect(chips).toHaveCount(2);
  await expect(chips.filter({ hasText: 'team-a' })).toHaveCount(1);
  const expected = vmKeys(
    (vm) => vm.metadata.namespace === 'team-a' && vm.status?.printableStatus === 'Running',
  );
  await expect.poll(() => rowKeys(page)).toEqual(expected);
  await screenshot(page, testInfo, 'search-chips');

  // Removing the status chip widens the result to every VM of team-a.
  await page.getByRole('button', { name: /Remove filter Status/ }).click();
  await expect
    .poll(() => rowKeys(page))
    .toEqual(vmKeys((vm) => vm.metadata.namespace === 'team-a'));
});

test('a query nothing matches says so and offers to clear the filters', async ({ page }) => {
  await open(page, SEARCH_PATH);
  const search = page.getByRole('textbox', { name: 'Search VirtualMachines' });
  await search.fill('paused vms in team-b');
  await search.press('Enter');
  await expect(page.getByText('No VirtualMachines match')).toBeVisible();
  await page.getByRole('button', { name: 'Clear all filters' }).first().click();
  await expect(page.getByTestId('vm-row').first()).toBeVisible();
});

test('"Ask Lightspeed" streams an answer and shows the tool result as the VM table', async ({
  page,
  request,
}, testInfo) => {
  await open(page, SEARCH_PATH);
  const search = page.getByRole('textbox', { name: 'Search VirtualMachines' });
  await search.fill('vms with errors');
  await search.press('Enter');
  await page.getByRole('button', { name: 'Ask Lightspeed' }).click();

  await expect(page.getByTestId('lightspeed-answer')).toContainText('no LLM', { timeout: 30_000 });
  const found = page.getByRole('grid', { name: 'VirtualMachines found by Lightspeed' });
  await expect(found.getByTestId('vm-row').first()).toBeVisible();
  await screenshot(page, testInfo, 'search-ask-lightspeed');

  const traffic = await olsTraffic(request);
  const query = traffic.forwarded.find((r) => r.path.includes('streaming_query'))?.body.query ?? '';
  expect(query).toContain('search_virtual_machines');
});

test('"Open in VirtualMachines list" hands the criteria to the VM list', async ({ page }) => {
  await open(page, SEARCH_PATH);
  const search = page.getByRole('textbox', { name: 'Search VirtualMachines' });
  await search.fill('stopped vms in vm-prod');
  await search.press('Enter');
  await page.getByRole('link', { name: 'Open in VirtualMachines list' }).click();
  await expect(page).toHaveURL(/kubevirt\.io~v1~VirtualMachine\/search/);
  await expect(page.getByTestId('vm-list-filters')).toContainText('vm-prod');
});

test('a user who sees one namespace sees only its VMs', async ({ page, request }, testInfo) => {
  await setSwitches(request, { user: 'alice' });
  await open(page, SEARCH_PATH);
  await expect
    .poll(() => rowKeys(page))
    .toEqual(vmKeys((vm) => vm.metadata.namespace === 'team-a'));
  await screenshot(page, testInfo, 'search-rbac-alice');
});
