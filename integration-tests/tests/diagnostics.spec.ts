import { expect, test } from '@playwright/test';
import { open, screenshot, setSwitches, vmPath } from '../support/localConsole';

test.beforeEach(async ({ request }) => setSwitches(request));

const DIAGNOSTICS = vmPath('diag-imagepull-tag', 'fedora-web-01', 'ai-troubleshooting');

test('Diagnostics tab of a broken VM shows failed checks with evidence, without AI', async ({
  page,
  request,
}, testInfo) => {
  await setSwitches(request, { lightspeed: false });
  await open(page, DIAGNOSTICS);
  await expect(page.getByRole('heading', { name: 'Diagnostics' })).toBeVisible();
  await expect(page.getByText(/checks failed/)).toBeVisible();
  await expect(page.getByTestId('finding').first()).toContainText('image');
  await expect(page.getByRole('button', { name: /Troubleshoot with AI/ })).toHaveCount(0);
  await screenshot(page, testInfo, 'diagnostics-no-ai');
});

test('"Get AI Diagnosis" on a condition answers with the real root cause', async ({
  page,
}, testInfo) => {
  await open(page, DIAGNOSTICS);
  await page
    .getByRole('button', { name: /Details of condition/ })
    .first()
    .click();
  await page.getByRole('button', { name: 'Get AI Diagnosis' }).click();
  await expect(page.getByTestId('lightspeed-answer').first()).toContainText(
    'Root cause: ImagePull',
    { timeout: 30_000 },
  );
  await screenshot(page, testInfo, 'diagnostics-ai-diagnosis');
});

test('the error alert\'s "Troubleshoot with AI" answers with the cause and the fixes', async ({
  page,
}, testInfo) => {
  await open(page, vmPath('diag-storage-nosc', 'analytics-worker', 'ai-troubleshooting'));
  const alert = page.locator('.pf-v6-c-alert.pf-m-danger').first();
  await expect(alert).toBeVisible();
  await alert.getByRole('button', { name: /Troubleshoot with AI/ }).click();
  await expect(page.getByTestId('lightspeed-answer').first()).toContainText('StorageProvisioning', {
    timeout: 30_000,
  });
  await screenshot(page, testInfo, 'diagnostics-troubleshoot');
});

test('the "Troubleshoot with AI" action opens the Lightspeed chat, where our tool UI renders the diagnosis', async ({
  page,
}, testInfo) => {
  await open(page, vmPath('diag-secret-cloudinit', 'web-frontend-02'));
  await page.getByTestId('actions-dropdown').click();
  await page.getByRole('menuitem', { name: /Troubleshoot with AI/ }).click();
  const chat = page.getByTestId('lightspeed-chat');
  // The machine prompt is sent hidden (hidePrompt); the chat shows the short question instead.
  await expect(chat.getByTestId('lightspeed-chat-entry-user').first()).toContainText(
    'Why is VirtualMachine diag-secret-cloudinit/web-frontend-02 not working',
  );
  await expect(chat.getByTestId('lightspeed-prompt')).toHaveCount(0);
  // ols.tool-ui: the diagnose_vm_error result is rendered by the plugin's component, not as text.
  await expect(chat.getByTestId('lightspeed-tool').first()).toContainText(
    'MissingSecretOrConfigMap',
    {
      timeout: 30_000,
    },
  );
  await screenshot(page, testInfo, 'chat-tool-ui');
});

test('with the MCP server unregistered the action sends redacted attachments instead', async ({
  page,
  request,
}) => {
  await setSwitches(request, { mcpRegistered: false });
  await open(page, vmPath('diag-secret-cloudinit', 'web-frontend-02'));
  await page.getByTestId('actions-dropdown').click();
  await page.getByRole('menuitem', { name: /Troubleshoot with AI/ }).click();
  const chat = page.getByTestId('lightspeed-chat');
  await expect(chat.getByTestId('lightspeed-attachments')).toContainText(
    'VirtualMachine web-frontend-02',
  );
});
