import { diagnoseVm } from '../diagnosis/diagnose';
import type { K8sObject } from '../diagnosis/model';
import {
  loadAllScenarios,
  loadClusterObjects,
  scenarioSnapshot,
} from '../diagnosis/testing/scenarios';
import { encodeBase64 } from '../redaction';
import { REDACTION_CORPUS } from '../testing/redactionCorpus';
import { isKubernetesObject, projectForAI } from '.';

const vm = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name: 'db', namespace: 'team-a', uid: 'u-1', ...extra },
  spec: { runStrategy: 'Always', template: { spec } },
  status: { printableStatus: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
});

const text = (value: unknown) => JSON.stringify(value);

describe('projectForAI', () => {
  it('keeps what the diagnosis reads: every scenario diagnoses the same from projected objects', () => {
    const scenarios = loadAllScenarios();
    const pool = [...loadClusterObjects(), ...scenarios.flatMap((s) => s.objects)];
    const projected = pool.map((o) => projectForAI(o) as K8sObject);
    const differences = scenarios.flatMap((scenario) => {
      const original = scenarioSnapshot(scenario, pool);
      const before = diagnoseVm(original).rootCause;
      // Launcher logs come from pods/log, not from the pod object (the scenario keeps them in an
      // annotation the projection rightly drops): the projected snapshot gets the same logs.
      const after = diagnoseVm({
        ...scenarioSnapshot(scenario, projected),
        ...(original.launcherLogs ? { launcherLogs: original.launcherLogs } : {}),
      }).rootCause;
      if (before?.ruleId === after?.ruleId && before?.category === after?.category) return [];
      // The one rule that reads user data itself: the summary states the fact it found.
      const vmText = text(
        projected.find((o) => o.kind === 'VirtualMachine' && o.metadata?.name === scenario.name),
      );
      if (before?.ruleId === 'vm.cloudinit-shutdown' && vmText.includes('it powers the guest off'))
        return [];
      return [`${scenario.file}: ${before?.ruleId} → ${after?.ruleId}`];
    });
    expect(scenarios.length).toBeGreaterThan(30);
    expect(differences).toEqual([]);
  });

  it('describes cloud-init user data instead of sending it', () => {
    const userData =
      '#cloud-config\nusers:\n  - name: admin\nrh_subscription:\n  activation-key: AK-93jd8\nruncmd:\n  - echo hi\n';
    const out = projectForAI(
      vm({
        domain: { devices: {} },
        volumes: [
          {
            name: 'cloudinit',
            cloudInitNoCloud: { userData, networkDataSecretRef: { name: 'net-secret' } },
          },
          { name: 'cfg', cloudInitConfigDrive: { userDataBase64: encodeBase64(userData) } },
        ],
      }),
    );
    const volumes = (out as { spec: { template: { spec: { volumes: unknown[] } } } }).spec.template
      .spec.volumes;
    expect(volumes[0]).toEqual({
      name: 'cloudinit',
      cloudInitNoCloud: {
        userData:
          '[not sent: user data: cloud-config, 7 lines; modules users, rh_subscription, runcmd]',
        networkDataSecretRef: { name: 'net-secret' },
      },
    });
    expect(text(volumes[1])).toContain('user data (base64): cloud-config, 7 lines');
    expect(text(out)).not.toContain('AK-93jd8');
    expect(text(out)).not.toContain('admin');
  });

  it('says when base64 user data cannot be decoded, and sends none of it', () => {
    const out = text(
      projectForAI(
        vm({ volumes: [{ name: 'c', cloudInitNoCloud: { userDataBase64: '%%%not-base64%%%' } }] }),
      ),
    );
    expect(out).toContain('binary or not decodable');
    expect(out).not.toContain('not-base64');
  });

  it('counts environment variables and arguments without their values', () => {
    const env = Array.from({ length: 10_000 }, (_, i) => ({ name: `V${i}`, value: `value-${i}` }));
    const pod = {
      kind: 'Pod',
      metadata: { name: 'virt-launcher-db', namespace: 'team-a' },
      spec: {
        containers: [
          { name: 'compute', image: 'virt-launcher:4.22', env, args: ['--password', 'hunter2'] },
        ],
      },
    };
    const out = projectForAI(pod) as { spec: { containers: Record<string, unknown>[] } };
    expect(out.spec.containers[0]).toEqual({
      name: 'compute',
      image: 'virt-launcher:4.22',
      env: '[not sent: 10000 environment variables — values not sent]',
      args: '[not sent: 2 arguments]',
    });
  });

  it('keeps scheme, host and path of a DataVolume source URL, never credentials or query', () => {
    const dv = {
      kind: 'DataVolume',
      metadata: { name: 'root', namespace: 'team-a' },
      spec: {
        source: {
          http: {
            url: 'https://user:p@ss@w0rd@images.example.com/rhel9.qcow2?X-Amz-Signature=abc123def#frag',
            secretRef: 'creds',
          },
        },
        storage: { resources: { requests: { storage: '30Gi' } }, storageClassName: 'fast' },
      },
    };
    const out = projectForAI(dv) as { spec: { source: { http: Record<string, unknown> } } };
    expect(out.spec.source.http).toEqual({
      url: 'https://images.example.com/rhel9.qcow2 [credentials and query not sent]',
      secretRef: 'creds',
    });
    expect(text(out)).toContain('30Gi');
  });

  it('sends Secret and ConfigMap key names only', () => {
    const out = text(
      projectForAI({
        kind: 'Secret',
        type: 'Opaque',
        metadata: { name: 's', namespace: 'n' },
        data: { password: encodeBase64('x9!k'), user: 'YWRtaW4=' },
      }),
    );
    expect(out).toContain('2 keys (password, user) — values not sent');
    expect(out).not.toContain('YWRtaW4=');
  });

  it('drops annotations it does not know and says how many, keeps KubeVirt ones', () => {
    const out = projectForAI(
      vm(
        {},
        {
          annotations: {
            'kubectl.kubernetes.io/last-applied-configuration': '{"stringData":{"password":"p"}}',
            'vm.kubevirt.io/os': 'rhel9',
            'example.com/deploy-token': 'abc',
            'kubevirt.io/latest-observed-api-version': 'v1',
          },
        },
      ),
    ) as { metadata: { annotations: Record<string, string> } };
    expect(out.metadata.annotations).toEqual({
      'vm.kubevirt.io/os': 'rhel9',
      '…': '[not sent: 3 other annotations]',
    });
  });

  it('drops fields no shape names (an unknown kind keeps identity and status only)', () => {
    const out = projectForAI({
      apiVersion: 'example.com/v1',
      kind: 'Backup',
      metadata: { name: 'b', namespace: 'n' },
      spec: { credentials: 'secret' },
      status: { phase: 'Failed', message: 'bucket missing', internalToken: 'xyz' },
      extra: 'drop me',
    });
    expect(out).toEqual({
      apiVersion: 'example.com/v1',
      kind: 'Backup',
      metadata: { name: 'b', namespace: 'n' },
      spec: '[not sent: spec of a kind the plugin does not read]',
      status: { phase: 'Failed', message: 'bucket missing' },
    });
  });

  it('projects lists item by item and recognises events without a kind', () => {
    const out = projectForAI({
      kind: 'EventList',
      items: [
        {
          involvedObject: { kind: 'VirtualMachine', name: 'db' },
          reason: 'FailedMount',
          message: 'm',
          secret: 'x',
        },
      ],
    });
    expect(out).toEqual({
      apiVersion: undefined,
      kind: 'EventList',
      items: [
        {
          involvedObject: { kind: 'VirtualMachine', name: 'db' },
          reason: 'FailedMount',
          message: 'm',
        },
      ],
    });
  });

  it('stays bounded on huge, deep and cyclic input', () => {
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 10_000; i += 1) deep = (deep.nested = {}) as Record<string, unknown>;
    const cyclic: Record<string, unknown> = { kind: 'VirtualMachine', metadata: { name: 'c' } };
    (cyclic.spec as unknown) = { template: { spec: { affinity: cyclic } } };
    const huge = vm({}, { labels: { big: 'x'.repeat(10_000_000) } });
    expect(() => projectForAI(vm({ affinity: root }))).not.toThrow();
    expect(() => projectForAI(cyclic)).not.toThrow();
    expect(text(projectForAI(huge)).length).toBeLessThan(10_000);
  });

  it('removes every secret of the redaction corpus that sits in a Kubernetes object', () => {
    const leaks = REDACTION_CORPUS.filter((entry) => isKubernetesObject(entry.input)).flatMap(
      (entry) => {
        const out = text(projectForAI(entry.input));
        return entry.secrets
          .filter((secret) => out.includes(secret))
          .map((secret) => `${entry.name}: ${secret}`);
      },
    );
    expect(leaks).toEqual([]);
  });
});
