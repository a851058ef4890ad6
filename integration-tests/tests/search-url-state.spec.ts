import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { vmKeys } from '../support/demoCluster';
import { open, SEARCH_PATH, setSwitches } from '../support/localConsole';

test.beforeEach(async ({ request }) => setSwitches(request));

const rowKeys = async (page: Page) =>
  (
    await page
      .getByRole('grid', { name: 'VirtualMachines', exact: true })
      .getByTestId('vm-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-vm-key') ?? ''))
  ).sort();

test('the query lives in the URL: reload and Back restore it, a removed chip stays removed', async ({
  page,
}) => {
  await open(page, SEARCH_PATH);
  const search = page.getByRole('textbox', { name: 'Search VirtualMachines' });
  await search.fill('running vms in team-a');
  await search.press('Enter');
  await expect(page).toHaveURL(/[?&]q=running/);
  const teamARunning = vmKeys(
    (vm) => vm.metadata.namespace === 'team-a' && vm.status?.printableStatus === 'Running',
  );
  await expect.poll(() => rowKeys(page)).toEqual(teamARunning);

  await page.reload();
  await expect(page.getByTestId('search-chip')).toHaveCount(2);
  await expect.poll(() => rowKeys(page)).toEqual(teamARunning);

  // Removing a chip moves focus to what is left, and Enter does not bring the chip back.
  await page.getByRole('button', { name: /Remove filter Status/ }).click();
  await expect(page.getByTestId('search-chip')).toHaveCount(1);
  await expect(page.locator(':focus')).not.toHaveJSProperty('tagName', 'BODY');
  await search.press('Enter');
  await expect(page.getByTestId('search-chip')).toHaveCount(1);
  const teamA = vmKeys((vm) => vm.metadata.namespace === 'team-a');
  await expect.poll(() => rowKeys(page)).toEqual(teamA);

  await page.goBack();
  await expect(page.getByTestId('search-chip')).toHaveCount(2);
  await expect.poll(() => rowKeys(page)).toEqual(teamARunning);
});

test('a misspelled word adds no filter and is named with the nearest known word', async ({
  page,
}) => {
  await open(page, SEARCH_PATH);
  const search = page.getByRole('textbox', { name: 'Search VirtualMachines' });
  await search.fill('runnign vms in team-a');
  await search.press('Enter');
  await expect(page.getByTestId('search-not-understood')).toContainText(
    'runnign (did you mean running?)',
  );
  // Only the namespace filters: every VM of team-a, not none.
  await expect
    .poll(() => rowKeys(page))
    .toEqual(vmKeys((vm) => vm.metadata.namespace === 'team-a'));
});
