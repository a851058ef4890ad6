import type { ReactNode } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import type { ActionService, MenuOption } from '@openshift-console/dynamic-plugin-sdk';
import { ActionServiceProvider, useAccessReview } from '@openshift-console/dynamic-plugin-sdk';
import type { VirtualMachine } from '../../kubevirt/types';
import { VM_ACTION_CONTEXT_ID, VmActionsMenu } from './VmActionsMenu';

const vm: VirtualMachine = {
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name: 'web-01', namespace: 'team-a' },
  status: { printableStatus: 'Running' },
};

const serve = (service: Partial<ActionService>) =>
  jest
    .mocked(ActionServiceProvider)
    .mockImplementation((({ children }: { children: (s: ActionService) => ReactNode }) => (
      <>{children({ actions: [], options: [], loaded: true, error: undefined, ...service })}</>
    )) as never);

const renderMenu = () =>
  render(
    <MemoryRouter initialEntries={['/search']}>
      <Routes>
        <Route path="/search" element={<VmActionsMenu vm={vm} />} />
        <Route path="/console/:name" element={<p>console page</p>} />
      </Routes>
    </MemoryRouter>,
  );

const toggle = () => screen.getByRole('button', { name: 'Actions for team-a/web-01' });

beforeEach(() => {
  jest.mocked(ActionServiceProvider).mockClear();
  jest.mocked(useAccessReview).mockReturnValue([true, false]);
});

describe('VmActionsMenu', () => {
  it('mounts the action providers only once the kebab is hovered, with the VirtualMachine context', async () => {
    serve({});
    renderMenu();
    expect(ActionServiceProvider).not.toHaveBeenCalled();
    await userEvent.setup().hover(toggle());
    expect(ActionServiceProvider).toHaveBeenCalled();
    const { context } = jest.mocked(ActionServiceProvider).mock.calls[0][0] as {
      context: Record<string, unknown>;
    };
    expect(Object.keys(context)).toEqual([VM_ACTION_CONTEXT_ID]);
    expect(context[VM_ACTION_CONTEXT_ID]).toBe(vm);
  });

  it('lists the contributed actions, runs one and closes', async () => {
    const stop = jest.fn();
    const troubleshoot = jest.fn();
    const options: MenuOption[] = [
      { id: 'vm-action-stop', label: 'Stop', cta: stop },
      {
        id: 'ai',
        label: 'AI',
        children: [
          { id: 'kv-ls-troubleshoot-with-ai', label: 'Troubleshoot with AI', cta: troubleshoot },
        ],
      },
    ];
    serve({ options });
    renderMenu();
    const user = userEvent.setup();
    await user.click(toggle());
    expect(screen.getByTestId('vm-actions-menu')).toBeInTheDocument();
    await user.click(screen.getByRole('menuitem', { name: 'Troubleshoot with AI' }));
    expect(troubleshoot).toHaveBeenCalledTimes(1);
    expect(stop).not.toHaveBeenCalled();
    expect(toggle()).toHaveAttribute('aria-expanded', 'false');
    expect(toggle()).toHaveFocus();
  });

  it('follows a link action inside the console and disables what the user may not do', async () => {
    jest
      .mocked(useAccessReview)
      .mockImplementation(((review: { verb?: string }) =>
        review.verb === 'delete' ? [false, false] : [true, false]) as never);
    serve({
      options: [
        { id: 'open-console', label: 'Open web console', cta: { href: '/console/web-01' } },
        {
          id: 'delete',
          label: 'Delete',
          cta: jest.fn(),
          accessReview: { verb: 'delete', resource: 'virtualmachines', group: 'kubevirt.io' },
        },
      ],
    });
    renderMenu();
    const user = userEvent.setup();
    await user.click(toggle());
    expect(screen.getByRole('menuitem', { name: 'Delete' })).toBeDisabled();
    await user.click(screen.getByRole('menuitem', { name: 'Open web console' }));
    expect(screen.getByText('console page')).toBeInTheDocument();
  });

  it('says "Loading actions…" until every provider answered, and "No actions" when none has any', async () => {
    serve({ loaded: false });
    const { unmount } = renderMenu();
    const user = userEvent.setup();
    await user.click(toggle());
    expect(screen.getByRole('menuitem', { name: 'Loading actions…' })).toBeDisabled();
    unmount();

    serve({ loaded: true, options: [] });
    renderMenu();
    await user.click(toggle());
    expect(screen.getByRole('menuitem', { name: 'No actions' })).toBeDisabled();
  });

  it('closes on Escape and gives focus back to the kebab', async () => {
    serve({ options: [{ id: 'stop', label: 'Stop', cta: jest.fn() }] });
    renderMenu();
    const user = userEvent.setup();
    await user.click(toggle());
    expect(screen.getByRole('menuitem', { name: 'Stop' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(toggle()).toHaveAttribute('aria-expanded', 'false');
    expect(toggle()).toHaveFocus();
  });
});
