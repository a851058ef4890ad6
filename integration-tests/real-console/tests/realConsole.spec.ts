/**
 * The plugin in a real OpenShift console 4.22 beside the real kubevirt-plugin and lightspeed-console
 * (run with `npm run test:real-console`; needs a console the user provides).
 */
import { expect, test } from '@playwright/test';
import {
  asReturningUser,
  bridgeUrl,
  kubeRequests,
  objectsWithData,
  olsRequests,
  openVm,
  recordReceivedJson,
  resetStackLogs,
  setOlsMode,
  vmUrl,
} from './support';

const BROKEN = { namespace: 'diag-imagepull-tag', name: 'fedora-web-01' };
const OUR_TAB = 'ai-troubleshooting';
const OUR_TAB_NAME = 'AI troubleshooting';

test.beforeEach(async ({ page, request }) => {
  await asReturningUser(page);
  await resetStackLogs(request);
  await setOlsMode(request, { toolsApproval: 'never' });
});

test("our VM tab is reachable and unique beside kubevirt-plugin's tabs", async ({ page }) => {
  await openVm(page, vmUrl('admin', BROKEN.namespace, BROKEN.name));
  const tabs = page.locator('[data-test-id^="horizontal-link-"]');
  const names = await tabs.allInnerTexts();
  const hrefs = await tabs.evaluateAll((links) => links.map((l) => l.getAttribute('href')));
  expect(new Set(names).size).toBe(names.length);
  expect(new Set(hrefs).size).toBe(hrefs.length);
  expect(names.filter((name) => name === OUR_TAB_NAME)).toHaveLength(1);
  await page.getByRole('link', { name: OUR_TAB_NAME, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/${OUR_TAB}$`));
  await expect(page.locator('.kv-ls-diagnostics')).toBeVisible();
  await expect(page.getByText(/checks failed/)).toBeVisible();
});

test('condition popover: "Get AI Diagnosis" answers through the bridge\'s plugin proxy', async ({
  page,
  request,
}) => {
  await openVm(page, vmUrl('admin', BROKEN.namespace, BROKEN.name, OUR_TAB));
  await page
    .getByRole('button', { name: /Details of condition/ })
    .first()
    .click();
  await page.getByRole('button', { name: 'Get AI Diagnosis' }).click();
  await expect(page.getByTestId('lightspeed-answer').first()).toContainText('ImagePull');
  expect((await olsRequests(request)).some((r) => r.path.endsWith('streaming_query'))).toBe(true);
});

test('error alert: "Troubleshoot with AI" answers with the cause', async ({ page }) => {
  await openVm(page, vmUrl('admin', 'diag-storage-nosc', 'analytics-worker', OUR_TAB));
  const alert = page.locator('.kv-ls-error-alert .pf-v6-c-alert').first();
  await alert.getByRole('button', { name: /Troubleshoot with AI/ }).click();
  await expect(page.getByTestId('lightspeed-answer').first()).toContainText('StorageProvisioning');
});

test('kubevirt-plugin\'s Actions menu offers "Troubleshoot with AI", which opens the real chat with our tool UI', async ({
  page,
}) => {
  await openVm(page, vmUrl('admin', 'diag-secret-cloudinit', 'web-frontend-02'));
  await page.getByTestId('actions-dropdown').click();
  await page.locator('[data-test-id="kv-ls-troubleshoot-with-ai"]').click();
  const chat = page.getByTestId('ols-plugin__popover');
  await expect(chat).toBeVisible();
  // The machine prompt is hidden; the short question is what the user sees.
  await expect(chat.getByTestId('ols-plugin__chat-entry-user').first()).toContainText(
    'web-frontend-02',
  );
  await expect(chat.locator('.kv-ls-tool-ui').first()).toBeVisible({ timeout: 60_000 });
});

test('no Secret or ConfigMap data ever reaches the browser (lists, watches, our reads)', async ({
  page,
}) => {
  const received = recordReceivedJson(page);
  await openVm(page, vmUrl('admin', 'diag-secret-cloudinit', 'web-frontend-02', OUR_TAB));
  await expect(page.locator('.kv-ls-diagnostics')).toBeVisible();
  await page.waitForTimeout(3000);
  expect(received.length).toBeGreaterThan(0);
  // kubevirt-plugin itself watches the data of its own two settings ConfigMaps in openshift-cnv
  // (release-4.22 src/utils/hooks/useFeatures/useFeaturesConfigMap.ts: kubevirt-ui-features;
  // src/utils/hooks/useKubevirtUserSettings: kubevirt-user-settings), so every console with
  // OpenShift Virtualization receives those two; nothing else may carry data.
  const kubevirtPluginOwn = [
    'ConfigMap openshift-cnv/kubevirt-ui-features',
    'ConfigMap openshift-cnv/kubevirt-user-settings',
  ];
  expect(objectsWithData(received).filter((found) => !kubevirtPluginOwn.includes(found))).toEqual(
    [],
  );
});

test('alice (no /ols-access): no AI control, one hint, and no OLS request after the first check', async ({
  page,
  request,
}) => {
  await openVm(page, vmUrl('alice', 'team-a', 'web-frontend-1', OUR_TAB));
  await expect(page.locator('.kv-ls-diagnostics')).toBeVisible();
  const afterCheck = (await olsRequests(request)).length;
  await expect(page.getByRole('button', { name: /AI/ })).toHaveCount(0);
  await page.goto(`${bridgeUrl('alice')}/k8s/all-namespaces/virtualization-search-vms`);
  await expect(page.getByTestId('kv-ls-ai-access-hint')).toBeVisible();
  expect((await olsRequests(request)).length).toBe(afterCheck);
});

test('without lightspeed-console: no AI control and zero OLS requests', async ({
  page,
  request,
}) => {
  await openVm(page, vmUrl('admin-no-lightspeed', BROKEN.namespace, BROKEN.name, OUR_TAB));
  await expect(page.locator('.kv-ls-diagnostics')).toBeVisible();
  await expect(page.getByRole('button', { name: /AI/ })).toHaveCount(0);
  expect(await olsRequests(request)).toEqual([]);
});

test('the simulator answers every request of these pages (no 404 a real cluster would not give)', async ({
  page,
  request,
}) => {
  await openVm(page, vmUrl('admin', BROKEN.namespace, BROKEN.name, OUR_TAB));
  await expect(page.locator('.kv-ls-diagnostics')).toBeVisible();
  await page.waitForTimeout(3000);
  const missing = (await kubeRequests(request))
    .filter((r) => r.status === 404)
    .map((r) => `${r.method} ${r.path}`);
  console.log(`404s:\n${missing.join('\n')}`);
  // Documented in the README: what a cluster without those operators also answers 404 — Prometheus
  // rules and the Prometheus proxy (no monitoring), OLM's packageserver group (the console asks it
  // for lightspeed-operator's PackageManifest; absent without the OperatorLifecycleManager
  // capability), the Samples operator's `openshift/java` ImageStream, and metal3's
  // `provisioning-configuration` (bare-metal platforms only).
  const expectedOnRealClusters = [
    /\/apis\/monitoring\.coreos\.com\//,
    /\/api\/prometheus/,
    /^GET \/apis\/packages\.operators\.coreos\.com\/v1$/,
    /^GET \/apis\/image\.openshift\.io\/v1\/namespaces\/openshift\/imagestreams\/java$/,
    /^GET \/apis\/metal3\.io\/v1alpha1\/provisionings\/provisioning-configuration$/,
    // The capability probe asks openshift-mcp-server's vm_guest_info about a VM that does not exist
    // (any answer of the tool proves the server is registered): a 404 on every cluster.
    /^GET \/apis\/kubevirt\.io\/v1\/namespaces\/[^/]+\/virtualmachineinstances\/kubevirt-lightspeed-probe$/,
  ];
  expect(missing.filter((line) => !expectedOnRealClusters.some((re) => re.test(line)))).toEqual([]);
});

test('with OLS tools_approval "always", the card shows the pending tool and Approve continues the answer', async ({
  page,
  request,
}) => {
  await setOlsMode(request, { toolsApproval: 'always' });
  await openVm(page, vmUrl('admin', BROKEN.namespace, BROKEN.name, OUR_TAB));
  await page
    .getByRole('button', { name: /Details of condition/ })
    .first()
    .click();
  await page.getByRole('button', { name: 'Get AI Diagnosis' }).click();
  const approvals = page.getByTestId('lightspeed-tool-approval');
  await expect(approvals.first()).toContainText('diagnose_vm_error');
  // OLS asks once per tool call, and the answer here takes two (diagnose_vm_error, then
  // get_vm_events): approve each one as it comes, until the answer is there.
  const answer = page.getByTestId('lightspeed-answer').first();
  const approve = approvals.getByRole('button', { name: /^Approve / });
  for (let asked = 0; asked < 5; asked += 1) {
    await expect(approve.first().or(answer)).toBeVisible();
    if (await answer.isVisible()) break;
    const button = await approve.first().elementHandle();
    await button?.click();
    // Decided: the button gives way to the "Approved" label (the next request may follow at once).
    await button?.waitForElementState('hidden');
  }
  await expect(answer).toContainText('ImagePull');
});

for (const query of [
  // vm-prod is a demo-cluster namespace with running and stopped VMs (prod-web exists only in the unit fixtures).
  'running vms in vm-prod',
  'windows vms',
  'vms with more than 4 cpus',
  'stopped vms',
]) {
  test(`"Open in VirtualMachines list" shows the same VMs as our table: ${query}`, async ({
    page,
  }) => {
    await page.goto(`${bridgeUrl('admin')}/k8s/all-namespaces/virtualization-search-vms`);
    // Type once the page has its VMs, as a user who sees the list does.
    await page.getByTestId('vm-row').first().waitFor();
    const box = page.getByRole('textbox', { name: 'Search VirtualMachines' });
    await box.fill(query);
    await box.press('Enter');
    // A chip the list cannot filter by exactly (its OS filter reads fewer sources than ours) is
    // left out of the link and named next to it: the list then shows at least our VMs.
    const uncarried = await page.getByTestId('kv-ls-list-link-uncarried').count();
    const ours = (
      await page
        .getByTestId('vm-row')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-vm-key')))
    ).sort();
    // Two empty lists would prove nothing (and kubevirt-plugin's list would have no link to wait for).
    expect(ours.length).toBeGreaterThan(0);
    await page.getByRole('link', { name: 'Open in VirtualMachines list' }).click();
    // Bare when the link carries nothing (every chip reported), else with its filters.
    await expect(page).toHaveURL(/kubevirt\.io~v1~VirtualMachine\/search(\?|$)/);
    // kubevirt-plugin's list links each VM as /k8s/ns/<ns>/kubevirt.io~v1~VirtualMachine/<name>.
    const links = page.locator('table a[href*="kubevirt.io~v1~VirtualMachine/"]');
    await links.first().waitFor({ timeout: 60_000 });
    const keysOnPage = async () =>
      (await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))).map((href) => {
        const match = /\/ns\/([^/]+)\/kubevirt\.io~v1~VirtualMachine\/([^/?#]+)/.exec(href);
        return match ? `${match[1]}/${match[2]}` : '';
      });
    // Its list pages (15 rows by default): read every page.
    const seen = new Set(await keysOnPage());
    const next = page.getByRole('button', { name: 'Go to next page' }).first();
    for (
      let pageNo = 0;
      pageNo < 50 && (await next.isVisible()) && (await next.isEnabled());
      pageNo += 1
    ) {
      const first = await links.first().getAttribute('href');
      await next.click();
      await expect(links.first()).not.toHaveAttribute('href', first ?? '');
      for (const key of await keysOnPage()) seen.add(key);
    }
    const theirs = [...seen].filter(Boolean).sort();
    if (uncarried === 0) expect(theirs).toEqual(ours);
    else expect(theirs).toEqual(expect.arrayContaining(ours));
  });
}
