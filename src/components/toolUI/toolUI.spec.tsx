import { render, screen, within } from '@testing-library/react';
import type { FC } from 'react';
import { MemoryRouter } from 'react-router';
import {
  DependenciesToolUI,
  DiagnosisToolUI,
  EventsToolUI,
  ExplainStatusToolUI,
  SearchResultToolUI,
  SuggestFixToolUI,
} from './index';
import type { ToolUIProps } from './types';

const tool = (name: string, structuredContent: unknown): ToolUIProps => ({
  tool: { name, args: {}, content: 'text', status: 'success', structuredContent },
});

const renderUI = (Component: FC<ToolUIProps>, props: ToolUIProps) =>
  render(
    <MemoryRouter>
      <Component {...props} />
    </MemoryRouter>,
  );

const MALFORMED: unknown[] = [
  undefined,
  null,
  'a string',
  42,
  [],
  { vms: 'not a list' },
  { checks: [{ name: 7 }], findings: 'x', rootCause: 'x' },
  { dependencies: [null, 1, { kind: 5 }] },
  { events: [{}], suggestions: [{ title: {} }] },
];

const ALL: [string, FC<ToolUIProps>][] = [
  ['search', SearchResultToolUI],
  ['diagnosis', DiagnosisToolUI],
  ['explain', ExplainStatusToolUI],
  ['dependencies', DependenciesToolUI],
  ['events', EventsToolUI],
  ['fix', SuggestFixToolUI],
];

describe('ols.tool-ui renderers', () => {
  it.each(ALL)(
    '%s renders nothing for malformed structured content, without throwing',
    (_n, UI) => {
      for (const content of MALFORMED) {
        const { container, unmount } = renderUI(UI, tool('x', content));
        expect(container).toBeEmptyDOMElement();
        unmount();
      }
      const { container } = renderUI(UI, {});
      expect(container).toBeEmptyDOMElement();
    },
  );

  it('search: shows the VMs as a compact table, skipping entries without name or namespace', () => {
    renderUI(
      SearchResultToolUI,
      tool('search_virtual_machines', {
        total: 2,
        vms: [
          { name: 'db-01', namespace: 'prod-db', status: 'CrashLoopBackOff', node: 'worker-1' },
          {
            name: 'db-02',
            namespace: 'prod-db',
            status: 'Running',
            created: '2026-11-20T12:00:00Z',
          },
          { name: 'no-namespace' },
          'junk',
        ],
      }),
    );
    expect(screen.getByText('VirtualMachines found: 2')).toBeInTheDocument();
    const rows = screen.getAllByTestId('vm-row');
    expect(rows.map((r) => r.getAttribute('data-vm-key'))).toEqual([
      'prod-db/db-01',
      'prod-db/db-02',
    ]);
    expect(within(rows[0]).getByRole('link', { name: 'db-01' })).toHaveAttribute(
      'href',
      '/k8s/ns/prod-db/kubevirt.io~v1~VirtualMachine/db-01',
    );
    expect(within(rows[0]).getByText('CrashLoopBackOff')).toBeInTheDocument();
  });

  it('search: says so when nothing matched', () => {
    renderUI(SearchResultToolUI, tool('search_virtual_machines', { total: 0, vms: [] }));
    expect(screen.getByText('No VirtualMachines match.')).toBeInTheDocument();
  });

  it('diagnosis: root cause with category and rule id, checks failed first, findings with rule ids', () => {
    renderUI(
      DiagnosisToolUI,
      tool('diagnose_vm_error', {
        vm: { name: 'broken-vm', namespace: 'demo', printableStatus: 'Starting' },
        healthy: false,
        rootCause: {
          category: 'MissingSecretOrConfigMap',
          summary: 'Secret x is missing',
          ruleId: 'secret.missing',
        },
        checks: [
          { name: 'Images can be pulled', passed: true, message: 'OK' },
          { name: 'Referenced Secrets exist', passed: false, message: 'Secret x is missing' },
          { name: 'bad' },
        ],
        findings: [
          {
            ruleId: 'secret.missing',
            severity: 'critical',
            message: 'Secret x is missing',
            evidence: [],
          },
        ],
      }),
    );
    expect(screen.getByText('Diagnosis of demo/broken-vm')).toBeInTheDocument();
    expect(screen.getByText(/Root cause: Secret x is missing/)).toBeInTheDocument();
    expect(screen.getByText('MissingSecretOrConfigMap · secret.missing')).toBeInTheDocument();
    const checks = screen.getAllByTestId('check');
    expect(checks.map((c) => c.getAttribute('data-passed'))).toEqual(['false', 'true']);
    expect(screen.getByText('secret.missing', { selector: 'code' })).toBeInTheDocument();
  });

  it('diagnosis: a healthy VM says no problems were found', () => {
    renderUI(
      DiagnosisToolUI,
      tool('diagnose_vm_error', {
        healthy: true,
        rootCause: null,
        checks: [{ name: 'Images can be pulled', passed: true, message: 'OK' }],
      }),
    );
    expect(screen.getByText('No problems found')).toBeInTheDocument();
  });

  it('fix: shows the note when there is nothing to fix', () => {
    renderUI(
      SuggestFixToolUI,
      tool('suggest_vm_fix', { suggestions: [], note: 'The VM is healthy; nothing to fix.' }),
    );
    expect(screen.getByText('The VM is healthy; nothing to fix.')).toBeInTheDocument();
  });

  it('explain, dependencies, events and fix render readable lists', () => {
    renderUI(
      ExplainStatusToolUI,
      tool('explain_vm_status', {
        vm: { name: 'broken-vm', namespace: 'demo' },
        status: 'Starting',
        group: 'starting',
        meaning: 'The VM is waiting for its launcher pod.',
        conditions: [
          {
            source: 'VirtualMachine',
            type: 'Ready',
            status: 'False',
            reason: 'PodNotExists',
            explanation: 'No pod yet.',
          },
        ],
        whatHappensNext: 'It runs once the pod is scheduled.',
        nextSteps: ['Check the launcher pod events'],
      }),
    );
    expect(screen.getByText('Status: Starting')).toBeInTheDocument();
    expect(screen.getByText('The VM is waiting for its launcher pod.')).toBeInTheDocument();
    expect(
      screen.getByText('VirtualMachine · Ready=False · PodNotExists · No pod yet.'),
    ).toBeInTheDocument();
    expect(screen.getByText('Check the launcher pod events')).toBeInTheDocument();

    renderUI(
      DependenciesToolUI,
      tool('check_vm_dependencies', {
        dependencies: [
          { kind: 'Secret', name: 'cloudinit', present: false, purpose: 'cloud-init user data' },
          {
            kind: 'ConfigMap',
            name: 'cm',
            present: 'forbidden',
            state: 'Forbidden',
            required: true,
          },
          { kind: 'PersistentVolumeClaim', name: 'root', state: 'Bound' },
        ],
      }),
    );
    expect(
      screen.getByText('Secret cloudinit · missing · cloud-init user data'),
    ).toBeInTheDocument();
    expect(screen.getByText('PersistentVolumeClaim root · Bound')).toBeInTheDocument();
    expect(screen.getByText('ConfigMap cm · Forbidden')).toBeInTheDocument();

    renderUI(
      EventsToolUI,
      tool('get_vm_events', {
        events: [
          {
            type: 'Warning',
            reason: 'FailedMount',
            message: 'secret not found',
            count: 12,
            involvedObject: { kind: 'Pod', name: 'virt-launcher-x' },
          },
        ],
      }),
    );
    expect(
      screen.getByText(/Warning · Pod virt-launcher-x · FailedMount · secret not found · ×12/),
    ).toBeInTheDocument();

    renderUI(
      SuggestFixToolUI,
      tool('suggest_vm_fix', {
        suggestions: [
          {
            title: 'Create the Secret',
            description: 'Recreate it.',
            commands: ['oc create secret generic x -n demo'],
            risk: 'low',
            ruleId: 'secret.missing',
          },
        ],
      }),
    );
    expect(screen.getByText('Create the Secret')).toBeInTheDocument();
    expect(screen.getByText('oc create secret generic x -n demo')).toBeInTheDocument();
  });
});
