/**
 * @jest-environment ./src/lightspeed/testing/jsdomWithFetchEnvironment.ts
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { consoleFetch, useActiveNamespace } from '@openshift-console/dynamic-plugin-sdk';
import { useAICapability } from '../../lightspeed/capabilities/useAICapability';
import { olsStreamText, streamingResponse } from '../../lightspeed/testing/olsResponses';
import type { AICapability } from '../../lightspeed/types';
import { FIXTURE_NOW, makeFixtureCluster } from '../../kubevirt/testing/fixtureCluster';
import {
  holdOlsRequests,
  namedTools,
  olsCalls,
  sentOlsBodies,
  toolArguments,
} from '../../components/AIPromptCard/olsTestSupport';
import { capabilityResult } from '../testing/mockCapability';
import { serveVmEntries } from '../testing/watchMocks';
import VirtualMachinesSearchPage from './VirtualMachinesSearchPage';

jest.mock('../../lightspeed/capabilities/useAICapability', () => ({
  useAICapability: jest.fn(),
  LIGHTSPEED_PLUGIN_FLAG: 'LIGHTSPEED_PLUGIN',
}));

const QUESTION = 'which windows VMs in prod-web use the most memory';

const renderPage = (capability: AICapability) => {
  jest.mocked(useAICapability).mockReturnValue(capabilityResult(capability) as never);
  return render(
    <MemoryRouter>
      <VirtualMachinesSearchPage now={FIXTURE_NOW} />
    </MemoryRouter>,
  );
};

const ask = async () => {
  const user = userEvent.setup();
  await user.type(screen.getByRole('textbox', { name: 'Search VirtualMachines' }), QUESTION);
  await user.click(screen.getByRole('button', { name: 'Ask Lightspeed' }));
  await waitFor(() => expect(olsCalls().length).toBeGreaterThan(0));
  return sentOlsBodies()[0];
};

beforeEach(() => {
  jest.mocked(consoleFetch).mockReset();
  jest.mocked(useActiveNamespace).mockReturnValue(['#ALL_NS#', jest.fn()]);
  serveVmEntries(makeFixtureCluster({ now: FIXTURE_NOW }));
});

describe('VirtualMachinesSearchPage "Ask Lightspeed"', () => {
  it('off: no Ask Lightspeed button and no OLS request', async () => {
    holdOlsRequests();
    renderPage('off');
    await userEvent
      .setup()
      .type(screen.getByRole('textbox', { name: 'Search VirtualMachines' }), `${QUESTION}{Enter}`);
    expect(screen.queryByRole('button', { name: 'Ask Lightspeed' })).not.toBeInTheDocument();
    expect(consoleFetch).not.toHaveBeenCalled();
  });

  it('static: the search prompt carries the parsed filters as an attachment and names no tool', async () => {
    holdOlsRequests();
    renderPage('static');
    const body = await ask();
    expect(namedTools(body.query)).toEqual([]);
    expect(body.attachments?.length).toBeGreaterThan(0);
    expect(body.query).toContain(QUESTION);
  });

  it('mcp: names search_virtual_machines with the question, and shows its VMs as a table', async () => {
    jest.mocked(consoleFetch).mockResolvedValue(
      streamingResponse([
        olsStreamText([
          { event: 'start', data: { conversation_id: 'c1' } },
          {
            event: 'tool_call',
            data: { id: 't1', name: 'search_virtual_machines', args: { query: QUESTION } },
          },
          {
            event: 'tool_result',
            data: {
              id: 't1',
              name: 'search_virtual_machines',
              status: 'success',
              content: '1 VM',
              structured_content: {
                total: 2,
                vms: [
                  {
                    name: 'web-iis-01',
                    namespace: 'prod-web',
                    status: 'Running',
                    node: 'worker-4',
                  },
                  { name: 'web-iis-02', namespace: 'prod-web', status: 'ErrorUnschedulable' },
                  { name: 42, namespace: ['bad'] },
                ],
              },
            },
          },
          { event: 'token', data: { id: 0, token: 'Two Windows VMs match.' } },
          { event: 'end', data: {} },
        ]),
      ]),
    );
    renderPage('mcp');
    const body = await ask();
    expect(namedTools(body.query)).toContain('search_virtual_machines');
    expect(toolArguments(body.query)[0]).toMatchObject({ query: QUESTION });

    const table = await screen.findByRole('grid', { name: 'VirtualMachines found by Lightspeed' });
    const rows = within(table)
      .getAllByTestId('vm-row')
      .map((row) => row.getAttribute('data-vm-key'));
    expect(rows).toEqual(['prod-web/web-iis-01', 'prod-web/web-iis-02']);
  });
});
