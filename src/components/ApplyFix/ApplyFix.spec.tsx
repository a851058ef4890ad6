import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { consoleFetch } from '@openshift-console/dynamic-plugin-sdk';
import type { Suggestion } from '../../kubevirt/diagnosis';
import type { VmState } from '../../kubevirt/fixes';
import type { VirtualMachine, VirtualMachineInstance } from '../../kubevirt/types';
import { AppliableFixes } from './AppliableFixes';
import type { FixClient } from './fixClient';
import { resetFixesEnabledCache } from './useFixesEnabled';

const vm = (
  printableStatus: string,
  resourceVersion = '41',
  runStrategy = 'Always',
): VirtualMachine => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name: 'web', namespace: 'vm-dev', uid: 'vm-uid', resourceVersion },
  spec: { runStrategy },
  status: { printableStatus },
});
const vmi = (paused: boolean): VirtualMachineInstance => ({
  metadata: { name: 'web', namespace: 'vm-dev' },
  status: {
    phase: 'Running',
    conditions: paused ? [{ type: 'Paused', status: 'True', reason: 'PausedByUser' }] : [],
  },
});
const PAUSED: VmState = { vm: vm('Paused'), vmi: vmi(true) };
const RUNNING: VmState = { vm: vm('Running', '42'), vmi: vmi(false) };
const UNPAUSE: Suggestion = {
  title: 'Unpause the VM',
  description: 'The VM was paused deliberately.',
  commands: ['virtctl unpause vm web -n vm-dev'],
  risk: 'low',
  ruleId: 'vm.paused-user',
};
const STOP: Suggestion = {
  ...UNPAUSE,
  title: 'Stop the VM',
  commands: ['virtctl stop web -n vm-dev'],
  ruleId: 'vm.crash-loop',
};
const UNPAUSE_PATH =
  '/apis/subresources.kubevirt.io/v1/namespaces/vm-dev/virtualmachineinstances/web/unpause';

const httpError = (code: number, message: string, causes?: string[]) =>
  Object.assign(new Error(message), {
    name: 'HttpError',
    code,
    json: {
      message,
      ...(causes ? { details: { causes: causes.map((m) => ({ message: m })) } } : {}),
    },
  });

const fakeClient = (overrides: Partial<FixClient> = {}): jest.Mocked<FixClient> =>
  ({
    checkAccess: jest.fn(async () => ({ allowed: true })),
    send: jest.fn(async () => ({})),
    recordEvent: jest.fn(async () => ({})),
    whoAmI: jest.fn(async () => 'admin'),
    ...overrides,
  }) as jest.Mocked<FixClient>;

const renderFixes = async (client: FixClient, state: VmState = PAUSED, suggestions = [UNPAUSE]) => {
  const view = render(
    <AppliableFixes
      suggestions={suggestions}
      state={state}
      diagnosisSummary="The VM is paused"
      client={client}
    />,
  );
  await act(async () => undefined);
  const rerender = (next: VmState, summary = 'No problems found') =>
    view.rerender(
      <AppliableFixes
        suggestions={suggestions}
        state={next}
        diagnosisSummary={summary}
        client={client}
      />,
    );
  return { ...view, rerender };
};

beforeEach(() => {
  resetFixesEnabledCache();
  jest.mocked(consoleFetch).mockRejectedValue(new Error('no plugin-config.json'));
});

describe('AppliableFixes', () => {
  it('offers "Apply…" for the unpause suggestion after an access review of the exact subresource', async () => {
    const client = fakeClient();
    await renderFixes(client);
    expect(screen.getByTestId('kv-ls-fix')).toHaveTextContent(
      'Unpause the VM (Unpause, rule vm.paused-user)',
    );
    await waitFor(() => expect(screen.getByTestId('kv-ls-fix-apply')).toBeEnabled());
    expect(client.checkAccess).toHaveBeenCalledWith({
      group: 'subresources.kubevirt.io',
      resource: 'virtualmachineinstances',
      subresource: 'unpause',
      verb: 'update',
      namespace: 'vm-dev',
      name: 'web',
    });
  });

  it('disables the button with the reason when the SelfSubjectAccessReview denies it', async () => {
    const client = fakeClient({ checkAccess: jest.fn(async () => ({ allowed: false })) });
    await renderFixes(client);
    await waitFor(() => expect(screen.getByTestId('kv-ls-fix-apply')).toBeDisabled());
    expect(screen.getByTestId('kv-ls-fix-denied-reason')).toHaveTextContent(
      'You are not allowed to update virtualmachineinstances/unpause (subresources.kubevirt.io) in namespace vm-dev.',
    );
  });

  it('is hidden when the admin switched fixes off', async () => {
    jest.mocked(consoleFetch).mockResolvedValue({
      ok: true,
      text: async () => JSON.stringify({ fixes: { enabled: false } }),
    } as Response);
    await renderFixes(fakeClient());
    expect(screen.queryByTestId('kv-ls-fixes')).not.toBeInTheDocument();
  });

  it('shows the exact request, sends it once on a double click, records the Event, then offers Undo', async () => {
    const user = userEvent.setup();
    let finish: () => void = () => undefined;
    const client = fakeClient({
      send: jest.fn(() => new Promise<unknown>((resolve) => (finish = () => resolve({})))),
    });
    const { rerender } = await renderFixes(client);
    await waitFor(() => expect(screen.getByTestId('kv-ls-fix-apply')).toBeEnabled());
    await user.click(screen.getByTestId('kv-ls-fix-apply'));

    expect(screen.getByTestId('kv-ls-fix-request-line')).toHaveTextContent(`PUT ${UNPAUSE_PATH}`);
    expect(screen.getByTestId('kv-ls-fix-request-body')).toHaveTextContent('{}');
    await user.dblClick(screen.getByTestId('kv-ls-fix-confirm'));
    await act(async () => finish());
    expect(client.send).toHaveBeenCalledTimes(1);
    expect(client.send).toHaveBeenCalledWith(
      expect.objectContaining({ method: 'PUT', path: UNPAUSE_PATH }),
    );
    expect(client.recordEvent).toHaveBeenCalledTimes(1);
    expect(client.recordEvent.mock.calls[0][0]).toMatchObject({
      reason: 'AIFixApplied',
      involvedObject: { kind: 'VirtualMachine', name: 'web', namespace: 'vm-dev' },
      message: expect.stringContaining(
        'User "admin" applied the fix "Unpause the VM" of rule vm.paused-user',
      ),
    });
    expect(screen.getByTestId('kv-ls-fix-event')).toHaveTextContent(
      'Event AIFixApplied recorded on the VM.',
    );
    // No Undo until the watch shows the unpaused VM (a pause of a paused VMI would only fail).
    expect(screen.queryByTestId('kv-ls-fix-undo')).not.toBeInTheDocument();

    // The watch delivers the running VM: its suggestion is gone, the dialog stays with the result.
    rerender(RUNNING);
    expect(screen.getByTestId('kv-ls-fix-vm-status')).toHaveTextContent('VM status now: Running');
    expect(screen.getByTestId('kv-ls-fix-diagnosis')).toHaveTextContent(
      'Diagnosis now: No problems found',
    );
    expect(screen.getByTestId('kv-ls-fix-undo-request')).toHaveTextContent(
      'PUT /apis/subresources.kubevirt.io/v1/namespaces/vm-dev/virtualmachineinstances/web/pause',
    );
    await user.click(screen.getByTestId('kv-ls-fix-undo'));
    await act(async () => finish());
    expect(client.send).toHaveBeenCalledTimes(2);
    expect(client.send.mock.calls[1][0].path).toMatch(/\/web\/pause$/);
    expect(client.recordEvent.mock.calls[1][0]).toMatchObject({ reason: 'AIFixUndone' });
    await screen.findByText('Undone: Pause');
    expect(screen.queryByTestId('kv-ls-fix-undo')).not.toBeInTheDocument();
  });

  it('shows a JSON patch as a diff with its resourceVersion precondition', async () => {
    const user = userEvent.setup();
    await renderFixes(
      fakeClient(),
      { vm: vm('Running', '41', 'RerunOnFailure'), vmi: vmi(false) },
      [STOP],
    );
    await waitFor(() => expect(screen.getByTestId('kv-ls-fix-apply')).toBeEnabled());
    await user.click(screen.getByTestId('kv-ls-fix-apply'));
    expect(screen.getByTestId('kv-ls-fix-request-line')).toHaveTextContent(
      'PATCH /apis/kubevirt.io/v1/namespaces/vm-dev/virtualmachines/web',
    );
    expect(screen.getByTestId('kv-ls-fix-request-diff').textContent).toBe(
      [
        '= /metadata/resourceVersion == "41"',
        '= /spec/runStrategy == "RerunOnFailure"',
        '- /spec/runStrategy: "RerunOnFailure"',
        '+ /spec/runStrategy: "Halted"',
      ].join('\n'),
    );
  });

  it.each([
    [
      '422 (a changed VM)',
      httpError(422, 'the server rejected our request', [
        'testing value /metadata/resourceVersion failed: test failed',
      ]),
      'The VM changed after it was read (testing value /metadata/resourceVersion failed: test failed). Nothing was changed',
    ],
    [
      '409',
      httpError(409, 'VMI is not paused'),
      'The VM is not in the state this fix needs any more: VMI is not paused. Nothing was changed',
    ],
    [
      '403',
      httpError(
        403,
        'virtualmachineinstances.subresources.kubevirt.io "web" is forbidden: User "bob" cannot update',
      ),
      'Not allowed: virtualmachineinstances.subresources.kubevirt.io "web" is forbidden',
    ],
    [
      'a timeout',
      Object.assign(new Error('Call to /api/kubernetes/apis/x timed out after 20000ms.'), {
        name: 'TimeoutError',
      }),
      'The request was sent once and not repeated; its result is unknown',
    ],
  ])('reports %s clearly, records no Event and never re-sends', async (_label, error, message) => {
    const user = userEvent.setup();
    const client = fakeClient({ send: jest.fn(async () => Promise.reject(error)) });
    await renderFixes(client);
    await waitFor(() => expect(screen.getByTestId('kv-ls-fix-apply')).toBeEnabled());
    await user.click(screen.getByTestId('kv-ls-fix-apply'));
    await user.click(screen.getByTestId('kv-ls-fix-confirm'));
    expect(await screen.findByTestId('kv-ls-fix-error')).toHaveTextContent(message);
    expect(screen.queryByTestId('kv-ls-fix-confirm')).not.toBeInTheDocument();
    expect(client.send).toHaveBeenCalledTimes(1);
    expect(client.recordEvent).not.toHaveBeenCalled();
  });

  it('reports a failed Event without hiding that the change was made', async () => {
    const user = userEvent.setup();
    const client = fakeClient({
      recordEvent: jest.fn(async () => Promise.reject(httpError(403, 'events is forbidden'))),
    });
    await renderFixes(client);
    await waitFor(() => expect(screen.getByTestId('kv-ls-fix-apply')).toBeEnabled());
    await user.click(screen.getByTestId('kv-ls-fix-apply'));
    await user.click(screen.getByTestId('kv-ls-fix-confirm'));
    expect(await screen.findByTestId('kv-ls-fix-event')).toHaveTextContent(
      'The change was made, but its Event could not be recorded: events is forbidden',
    );
  });
});
