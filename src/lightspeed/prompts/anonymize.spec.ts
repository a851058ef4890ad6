import { diagnoseVm } from '../../kubevirt/diagnosis';
import {
  loadAllScenarios,
  loadClusterObjects,
  scenarioSnapshot,
} from '../../kubevirt/diagnosis/testing/scenarios';
import { makeFixtureCluster } from '../../kubevirt/testing/fixtureCluster';
import type { LightspeedRequest } from '../types';
import { anonymizeRequest, collectPromptNames, createNameMasker } from './anonymize';
import { buildDiagnoseConditionPrompt, buildSearchPrompt, buildTroubleshootErrorPrompt } from '.';

const STATIC = { capability: 'static' as const };

const sentText = (request: LightspeedRequest) =>
  [request.query, ...(request.attachments ?? []).map((a) => a.content)].join('\n');

/** Every occurrence of `name` as a whole name (not inside a longer one). */
const containsName = (text: string, name: string) =>
  new RegExp(
    `(?<![A-Za-z0-9_.-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_-])`,
  ).test(text);

describe('createNameMasker', () => {
  const names = new Map([
    ['db', 'VM' as const],
    ['db-data', 'NAME' as const],
    ['team-a', 'NAMESPACE' as const],
    ['worker-1.example.com', 'NODE' as const],
  ]);

  it('replaces whole names only, the longest first, and restores them', () => {
    const masker = createNameMasker(names);
    const text =
      'VM team-a/db uses PVC db-data on worker-1.example.com; "db." ends a sentence; mydb and db_x are other words.';
    const masked = masker.mask(text);
    expect(masked).toBe(
      'VM NAMESPACE_1/VM_1 uses PVC NAME_1 on NODE_1; "VM_1." ends a sentence; mydb and db_x are other words.',
    );
    expect(masker.restore(masked)).toBe(text);
  });

  it('restores placeholders whatever case the model wrote them in, and leaves unknown ones', () => {
    const masker = createNameMasker(names);
    expect(masker.restore('oc get vm vm_1 -n Namespace_1; VM_9 stays')).toBe(
      'oc get vm db -n team-a; VM_9 stays',
    );
  });

  it('never turns placeholder-shaped text of the user into a name', () => {
    const texts = ['the user wrote VM_1 and NAME_A2 on purpose'];
    const masker = createNameMasker(names, texts);
    const masked = masker.mask(texts[0] + ' about db');
    expect(masked).toMatch(/about VM_B1$/);
    expect(masker.restore(masked)).toBe(texts[0] + ' about db');
  });

  it('masks nothing without names', () => {
    expect(createNameMasker(new Map()).mask('team-a/db')).toBe('team-a/db');
  });
});

describe('collectPromptNames', () => {
  it('takes object, namespace, node and reference names, not system namespaces or local volume names', () => {
    const names = collectPromptNames({
      vm: {
        kind: 'VirtualMachine',
        metadata: { name: 'web', namespace: 'team-a', ownerReferences: [{ name: 'web-pool' }] },
        spec: {
          template: {
            spec: {
              volumes: [
                { name: 'rootdisk', dataVolume: { name: 'web-root' } },
                {
                  name: 'cloudinitdisk',
                  cloudInitNoCloud: { secretRef: { name: 'web-userdata' } },
                },
              ],
              networks: [{ name: 'default', multus: { networkName: 'net-ns/vlan10' } }],
            },
          },
        },
      },
      vmi: { metadata: { name: 'web', namespace: 'team-a' }, status: { nodeName: 'worker-2' } },
      events: [{ involvedObject: { name: 'virt-launcher-web-x7', namespace: 'openshift-cnv' } }],
      criteria: { namespaces: ['team-b', 'prod-*'] },
    });
    expect(Object.fromEntries(names)).toEqual({
      web: 'VM',
      'team-a': 'NAMESPACE',
      'web-pool': 'NAME',
      'web-root': 'NAME',
      'web-userdata': 'NAME',
      'net-ns': 'NAME',
      vlan10: 'NAME',
      'worker-2': 'NODE',
      'virt-launcher-web-x7': 'NAME',
      'team-b': 'NAMESPACE',
    });
  });

  it('is bounded on deep or huge input', () => {
    let deep: Record<string, unknown> = { metadata: { name: 'leaf' } };
    for (let i = 0; i < 10_000; i += 1) deep = { nested: deep };
    const wide = {
      items: Array.from({ length: 200_000 }, (_, i) => ({ metadata: { name: `n${i}` } })),
    };
    expect(collectPromptNames(deep).size).toBe(0);
    expect(collectPromptNames(wide).size).toBeLessThanOrEqual(50_001);
  });
});

describe('anonymizeRequest over real prompts', () => {
  const pool = loadClusterObjects();
  const scenarios = loadAllScenarios();

  it.each(scenarios.map((s) => [s.file, s] as const))(
    'static prompts for %s send no VM, namespace, node or referenced name, and restore exactly',
    (_file, scenario) => {
      const snapshot = scenarioSnapshot(scenario, [...pool, ...scenario.objects]);
      const diagnosis = diagnoseVm(snapshot);
      const input = {
        vm: snapshot.vm,
        vmi: snapshot.vmi,
        pod: snapshot.pods[0],
        events: snapshot.events,
        findings: diagnosis.findings,
        error: { title: 'VM not running', message: diagnosis.rootCause?.summary ?? 'unknown' },
        condition: snapshot.vm.status?.conditions?.[0] ?? { type: 'Ready', status: 'False' },
      };
      for (const request of [
        buildTroubleshootErrorPrompt(input, STATIC),
        buildDiagnoseConditionPrompt(input, STATIC),
      ]) {
        const { request: sent, masker } = anonymizeRequest(request, input);
        const text = sentText(sent);
        const leaked = masker.names.filter(({ name }) => containsName(text, name));
        expect(leaked).toEqual([]);
        expect(masker.names.map((n) => n.name)).toEqual(
          expect.arrayContaining([scenario.name, scenario.namespace]),
        );
        expect(masker.restore(sent.query)).toBe(request.query);
        (sent.attachments ?? []).forEach((attachment, i) =>
          expect(masker.restore(attachment.content)).toBe(request.attachments?.[i].content),
        );
      }
    },
  );

  it('search prompts mask the namespaces of the query and criteria', () => {
    const input = {
      userText: 'running vms in team-a on worker-1',
      criteria: { namespaces: ['team-a'], nodes: ['worker-1'] },
    };
    const { request } = anonymizeRequest(buildSearchPrompt(input, STATIC), input);
    expect(sentText(request)).not.toMatch(/team-a|worker-1/);
  });

  it('every fixture VM and its VMI: names gone from the sent text', () => {
    for (const { vm, vmi } of makeFixtureCluster()) {
      const input = { vm, vmi, error: { title: 'x', message: `${vm.metadata?.name} failed` } };
      const { request } = anonymizeRequest(buildTroubleshootErrorPrompt(input, STATIC), input);
      const text = sentText(request);
      for (const name of [vm.metadata?.name, vm.metadata?.namespace, vmi?.status?.nodeName]) {
        if (name && !/^(default|openshift-.*|kube-.*)$/.test(name))
          expect(containsName(text, name)).toBe(false);
      }
    }
  });
});
