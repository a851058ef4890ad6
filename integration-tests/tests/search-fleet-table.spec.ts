import type { Locator, Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { buildDemoCluster } from '../fixtures/demo-cluster';
import { demoVms } from '../support/demoCluster';
import { open, screenshot, SEARCH_PATH, setSwitches } from '../support/localConsole';

test.beforeEach(async ({ request }) => setSwitches(request));

const HEALTHS = ['error', 'attention', 'transitional', 'healthy', 'stopped'];

const table = (page: Page) => page.getByRole('grid', { name: 'VirtualMachines', exact: true });

/** How many VMs the table lists over all its pages: the pagination's "of N", else the rows. */
const listedCount = async (page: Page): Promise<number> => {
  const rows = table(page).getByTestId('vm-row');
  await expect(rows.first()).toBeVisible();
  const pagination = page.locator('.pf-v6-c-pagination').first();
  if ((await pagination.count()) === 0) return rows.count();
  const text = (await pagination.innerText()).replace(/\s+/g, ' ');
  const match = /\d+ - \d+ of (\d+)/.exec(text);
  return match ? Number(match[1]) : rows.count();
};

const countOf = async (item: Locator) => Number(await item.getAttribute('data-count'));

/** The fleet summary once every list is loaded and counted. */
const settledFleet = async (page: Page) => {
  const fleet = page.getByTestId('fleet-summary');
  await expect(fleet).toHaveAttribute('aria-busy', 'false');
  return fleet;
};

test('the fleet counts add up to the VMs listed, and a count filters with one click', async ({
  page,
}, testInfo) => {
  await open(page, SEARCH_PATH);
  const fleet = await settledFleet(page);
  const counts = await Promise.all(
    HEALTHS.map((h) => countOf(page.getByTestId(`fleet-health-${h}`))),
  );
  const sum = counts.reduce((a, b) => a + b, 0);
  // The admin sees every demo VM; the verdicts add up to them and to what the table lists.
  expect(sum).toBe(demoVms.length);
  expect(Number(await fleet.getAttribute('data-total'))).toBe(sum);
  expect(await listedCount(page)).toBe(sum);
  await screenshot(page, testInfo, 'search-fleet');

  const errors = counts[HEALTHS.indexOf('error')];
  expect(errors).toBeGreaterThan(0);
  await page.getByTestId('fleet-health-error').getByRole('button').click();
  await expect(page).toHaveURL(/[?&]health=error/);
  await expect(page.getByTestId('search-chip')).toHaveText(['Health: Error']);
  await expect.poll(() => listedCount(page)).toBe(errors);
  // every listed VM shows the error verdict
  const verdicts = await table(page)
    .locator('[data-health]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-health')));
  expect(new Set(verdicts)).toEqual(new Set(['error']));

  // A problem category narrows to its VMs; reload keeps the filter.
  const category = page
    .locator('[data-test^="fleet-category-"]:not([data-test="fleet-category-none"])')
    .first();
  const categoryCount = await countOf(category);
  await category.getByRole('button').click();
  await expect(page).toHaveURL(/[?&]category=/);
  await expect.poll(() => listedCount(page)).toBeLessThanOrEqual(categoryCount);
  await page.reload();
  await expect(page.getByTestId('search-chip')).toHaveCount(2);

  // Clicking the verdict again removes its filter.
  await page.getByTestId('fleet-health-error').getByRole('button').click();
  await expect(page).not.toHaveURL(/health=error/);
});

test('the fleet view counts only what a restricted user can see', async ({ page, request }) => {
  await setSwitches(request, { user: 'alice' });
  await open(page, SEARCH_PATH);
  const fleet = await settledFleet(page);
  const teamA = demoVms.filter((vm) => vm.metadata.namespace === 'team-a').length;
  expect(Number(await fleet.getAttribute('data-total'))).toBe(teamA);
  expect(await listedCount(page)).toBe(teamA);
});

const cpuColumn = async (page: Page) =>
  (
    await table(page)
      .locator('td[data-label="vCPU"]')
      .evaluateAll((cells) => cells.map((c) => c.textContent?.trim() ?? ''))
  ).map((text) => (/^\d+$/.test(text) ? Number(text) : undefined));

test('sorting by vCPU orders every listed VM and survives a reload', async ({ page }) => {
  await open(page, SEARCH_PATH);
  await expect(table(page).getByTestId('vm-row').first()).toBeVisible();
  const header = table(page).getByRole('columnheader', { name: 'vCPU' });
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  await expect(page).toHaveURL(/sort=cpu&order=desc/);

  // Read every page: the values never increase, and unknown sizes come last.
  const all: (number | undefined)[] = [];
  for (;;) {
    all.push(...(await cpuColumn(page)));
    const next = page.getByRole('button', { name: 'Go to next page' }).first();
    if ((await next.count()) === 0 || (await next.isDisabled())) break;
    const firstKey = await table(page).getByTestId('vm-row').first().getAttribute('data-vm-key');
    await next.click();
    await expect(table(page).getByTestId('vm-row').first()).not.toHaveAttribute(
      'data-vm-key',
      firstKey ?? '',
    );
  }
  expect(all).toHaveLength(demoVms.length);
  const known = all.filter((v): v is number => v !== undefined);
  expect(known.length).toBeGreaterThan(demoVms.length / 2);
  expect(new Set(known).size).toBeGreaterThan(2);
  expect([...known].sort((a, b) => b - a)).toEqual(known);
  expect(all.slice(0, known.length)).toEqual(known);

  await page.reload();
  await expect(table(page).getByRole('columnheader', { name: 'vCPU' })).toHaveAttribute(
    'aria-sort',
    'descending',
  );
  expect((await cpuColumn(page))[0]).toBe(known[0]);
});

interface DemoVmi {
  kind: string;
  metadata: { name: string; namespace: string };
  status?: { interfaces?: { ipAddress?: string }[] };
}

test('the IP column shows the address the VMI reports', async ({ page }) => {
  const vmi = (buildDemoCluster() as unknown as DemoVmi[]).find(
    (o) =>
      o.kind === 'VirtualMachineInstance' &&
      o.metadata.namespace === 'vm-prod' &&
      o.status?.interfaces?.[0]?.ipAddress,
  );
  expect(vmi).toBeDefined();
  const { name, namespace } = vmi!.metadata;
  const ip = vmi!.status!.interfaces![0].ipAddress!;
  await open(page, `${SEARCH_PATH}?q=${encodeURIComponent(`"${name}" in ${namespace}`)}`);
  const row = table(page).locator(`[data-vm-key="${namespace}/${name}"]`);
  await expect(row.locator('td[data-label="IP address"]')).toContainText(ip);
});

test('the row kebab shows the actions of the VirtualMachine context, ours included', async ({
  page,
}, testInfo) => {
  await open(page, SEARCH_PATH);
  const row = table(page).getByTestId('vm-row').first();
  const key = (await row.getAttribute('data-vm-key')) ?? '';
  const kebab = row.getByRole('button', { name: `Actions for ${key}` });
  await kebab.click();
  const menu = page.getByTestId('vm-actions-menu');
  await expect(menu.getByRole('menuitem', { name: 'Troubleshoot with AI' })).toBeVisible();
  // positioned under its kebab (not left at the end of the page)
  await expect(menu).toHaveCSS('opacity', '1');
  const [kebabBox, menuBox] = await Promise.all([kebab.boundingBox(), menu.boundingBox()]);
  expect(menuBox!.y).toBeGreaterThanOrEqual(kebabBox!.y + kebabBox!.height - 2);
  expect(menuBox!.y).toBeLessThan(kebabBox!.y + kebabBox!.height + 40);
  expect(menuBox!.x + menuBox!.width).toBeLessThanOrEqual(kebabBox!.x + kebabBox!.width + 2);
  await screenshot(page, testInfo, 'search-row-kebab');
  await page.keyboard.press('Escape');
  await expect(menu).not.toBeVisible();
  await expect(kebab).toBeFocused();
});
