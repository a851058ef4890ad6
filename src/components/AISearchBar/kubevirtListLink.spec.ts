import { parseVmSearchQuery } from '../../kubevirt/search';
import type { VmSearchCriteria } from '../../kubevirt/search/criteria';
import type { VirtualMachine } from '../../kubevirt/types';
import {
  kubevirtListSearchHref,
  kubevirtListSearchParams,
  uncarriedChips,
} from './kubevirtListLink';

const NOW = new Date('2026-12-02T12:00:00Z');
const vm = (
  metadata: Partial<VirtualMachine['metadata']>,
  templateOs?: string,
): VirtualMachine => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name: 'v', namespace: 'n', ...metadata },
  spec: {
    template: {
      metadata: templateOs ? { annotations: { 'vm.kubevirt.io/os': templateOs } } : {},
      spec: {},
    },
  },
});
const RHEL_VM = vm({}, 'rhel9');
const WINDOWS_VM = vm({ labels: { 'os.template.kubevirt.io/win2k22': 'true' } });
/** Windows to our search (its template name says so), unknown to kubevirt-plugin's OS filter. */
const WINDOWS_BY_TEMPLATE_NAME = vm({
  labels: { 'vm.kubevirt.io/template': 'windows2k22-server-medium' },
});
const params = (criteria: VmSearchCriteria, listed: VirtualMachine[] = [RHEL_VM, WINDOWS_VM]) =>
  Object.fromEntries(kubevirtListSearchParams(criteria, NOW, listed));

describe('kubevirt-plugin VM list deep link', () => {
  it('maps exact names, labels, namespaces, statuses and nodes to its query parameters', () => {
    expect(
      params({
        nameContains: 'db',
        labels: [
          { key: 'app', operator: 'equals', value: 'web' },
          { key: 'tier', operator: 'exists' },
        ],
        namespaces: ['prod', 'stage'],
        statuses: ['ErrImagePull', 'CrashLoopBackOff'],
        nodes: ['worker-1'],
      }),
    ).toEqual({
      name: 'db',
      labels: 'app=web',
      'rowFilter-project': 'prod,stage',
      'rowFilter-status': 'CrashLoopBackOff,ErrImagePull',
      'rowFilter-node': 'worker-1',
    });
  });

  it('never narrows the list: a glob among the namespaces carries no namespace at all', () => {
    expect(params({ namespaces: ['prod', 'prod-*'] })).toEqual({});
    expect(params({ nodes: ['worker-?'] })).toEqual({});
  });

  it('carries status groups and exclusions as explicit statuses, never the health verdict', () => {
    // "broken" / "healthy" is the health verdict (stuck, attention…): no status set of the list says it.
    expect(params({ hasErrors: true })).toEqual({});
    expect(params({ hasErrors: false })).toEqual({});
    const broken = parseVmSearchQuery('broken vms', { now: NOW });
    expect(uncarriedChips(broken.chips, broken.criteria).map((chip) => chip.field)).toEqual([
      'hasErrors',
    ]);
    const notRunning = params({ excludeStatuses: ['Running'] })['rowFilter-status'].split(',');
    expect(notRunning).toContain('Stopped');
    expect(notRunning).not.toContain('Running');
    expect(params({ statusGroups: ['running'] })['rowFilter-status']).toBe('Running,Migrating');
  });

  it('carries vCPU and memory bounds in its "<operator> N [unit]" format', () => {
    expect(params({ minCpu: 5 })).toEqual({ 'rowFilter-cpu': 'GreaterOrEquals 5' });
    expect(params({ maxCpu: 2 })).toEqual({ 'rowFilter-cpu': 'LessOrEquals 2' });
    expect(params({ minMemoryBytes: 16 * 1024 ** 3 })).toEqual({
      'rowFilter-memory': 'GreaterOrEquals 16 GiB',
    });
    expect(params({ maxMemoryBytes: 512 * 1024 ** 2 })).toEqual({
      'rowFilter-memory': 'LessOrEquals 512 MiB',
    });
    // Not a whole number of KiB: its filter cannot say it exactly.
    expect(params({ minMemoryBytes: 1_000_000_001 })).toEqual({});
  });

  it('carries OS families it knows, and creation dates as RFC 3339 instants', () => {
    expect(params({ os: [{ family: 'rhel' }, { family: 'windows' }] })).toEqual({
      'rowFilter-os': 'RHEL,Windows',
    });
    expect(params({ os: [{ family: 'rhel', version: '9' }] })).toEqual({});
    expect(params({ os: [{ family: 'ubuntu' }] })).toEqual({});
    expect(params({ createdWithinMs: 3600_000, createdBeforeMs: 60_000 })).toEqual({
      'rowFilter-dateCreatedFrom': '2026-12-02T11:00:00Z',
      'rowFilter-dateCreatedTo': '2026-12-02T11:59:00Z',
    });
  });

  it('carries the OS only when kubevirt-plugin files every listed VM under it, else reports it', () => {
    const windows = parseVmSearchQuery('windows vms', { now: NOW });
    expect(params(windows.criteria, [WINDOWS_VM])).toEqual({ 'rowFilter-os': 'Windows' });
    expect(uncarriedChips(windows.chips, windows.criteria, [WINDOWS_VM])).toEqual([]);
    // Its filter would drop the template-named VM our table lists: the link leaves the OS out.
    expect(params(windows.criteria, [WINDOWS_VM, WINDOWS_BY_TEMPLATE_NAME])).toEqual({});
    expect(
      uncarriedChips(windows.chips, windows.criteria, [WINDOWS_VM, WINDOWS_BY_TEMPLATE_NAME]).map(
        (chip) => chip.field,
      ),
    ).toEqual(['os']);
    // Without the listed VMs nothing proves the list agrees.
    expect(uncarriedChips(windows.chips, windows.criteria).map((chip) => chip.field)).toEqual([
      'os',
    ]);
  });

  it('links to the bare search route when nothing maps', () => {
    expect(kubevirtListSearchHref({ statusChangedWithinMs: 3600_000 }, NOW)).toBe(
      '/k8s/all-namespaces/kubevirt.io~v1~VirtualMachine/search',
    );
  });

  it('names, chip by chip, what the link cannot carry', () => {
    const parsed = parseVmSearchQuery(
      'running vms in prod-* with label app=web without label tier',
      {
        now: NOW,
      },
    );
    const uncarried = uncarriedChips(parsed.chips, parsed.criteria).map((chip) => chip.field);
    expect(uncarried).toContain('namespaces');
    expect(uncarried).not.toContain('statuses');
    const carriedLabels = uncarriedChips(parsed.chips, parsed.criteria).filter(
      (chip) => chip.field === 'labels',
    );
    expect(
      carriedLabels.every((chip) => (chip.value as { operator: string }).operator !== 'equals'),
    ).toBe(true);
  });

  it('reports nothing when everything is carried', () => {
    const parsed = parseVmSearchQuery('running vms in prod', { now: NOW });
    expect(parsed.chips.length).toBeGreaterThan(0);
    expect(uncarriedChips(parsed.chips, parsed.criteria)).toEqual([]);
  });
});
