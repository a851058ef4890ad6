/**
 * Structural checks of the rendered chart (helm template → parsed YAML), and the two post-install
 * Job scripts run for real against a stub `oc` to prove the patches they send are right and
 * idempotent. Uses the helm binary from scripts/install-helm.sh (.tools/helm); CI installs it.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import {
  DEFAULT_RUNTIME_CONFIG,
  parseRuntimeConfig,
  RUNTIME_CONFIG_URL,
} from '../../src/lightspeed/capabilities/runtimeConfig';
import type { PluginRuntimeConfig } from '../../src/lightspeed/types';

const ROOT = path.resolve(__dirname, '..', '..');
const HELM = path.join(ROOT, '.tools', 'helm');
const CHART = __dirname;
const NS = 'kls-ns';
const PLUGIN = 'kubevirt-lightspeed-plugin';
const MCP = 'cnv-mcp-server';
const IMAGES = [
  '--set',
  'plugin.image=quay.io/example/plugin:1',
  '--set',
  'mcpServer.image=quay.io/example/mcp:1',
];

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  rules?: any[];
}

const hasHelm = fs.existsSync(HELM);
const hasJq = spawnSync('jq', ['--version']).status === 0;
if (!hasHelm) {
  console.warn(`chart.spec.ts skipped: ${HELM} not installed (run: bash scripts/install-helm.sh)`);
}
const describeHelm = hasHelm ? describe : describe.skip;
const testJq = hasJq ? test : test.skip;

const helmTemplate = (...args: string[]): { status: number; stdout: string; stderr: string } => {
  const r = spawnSync(HELM, ['template', 'kls', CHART, '-n', NS, ...args], { encoding: 'utf8' });
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
};

const render = (...args: string[]): K8sObject[] => {
  const r = helmTemplate(...IMAGES, ...args);
  if (r.status !== 0) throw new Error(`helm template failed: ${r.stderr}`);
  return parseAllDocuments(r.stdout)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
};

const get = (objects: K8sObject[], kind: string, name: string): K8sObject => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`${kind}/${name} not rendered`);
  return found;
};

const pluginConfigOf = (objects: K8sObject[]): PluginRuntimeConfig =>
  JSON.parse(get(objects, 'ConfigMap', `${PLUGIN}-config`).data!['plugin-config.json']);

const jobScript = (job: K8sObject): { script: string; env: Record<string, string> } => {
  const container = job.spec.template.spec.containers[0];
  const env: Record<string, string> = {};
  for (const e of container.env ?? []) env[e.name] = e.value;
  return { script: container.args.join('\n'), env };
};

/** Runs a Job's bash script with a stub `oc` that serves `current` and records every patch. */
const runJob = (
  job: K8sObject,
  current: unknown,
): { status: number; output: string; patches: string[] } => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kls-job-'));
  try {
    fs.writeFileSync(path.join(dir, 'current.json'), JSON.stringify(current));
    fs.writeFileSync(
      path.join(dir, 'oc'),
      [
        '#!/usr/bin/env bash',
        'case "$1" in',
        `  get) cat "${dir}/current.json" ;;`,
        `  patch) for a in "$@"; do prev=\${last:-}; last=$a; done; printf '%s\\n' "$last" >> "${dir}/patches"; [ "$prev" = "-p" ] ;;`,
        '  *) exit 3 ;;',
        'esac',
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    const { script, env } = jobScript(job);
    const r = spawnSync('bash', ['-c', script], {
      encoding: 'utf8',
      env: { ...process.env, ...env, HOME: dir, PATH: `${dir}:${process.env.PATH}` },
    });
    const patchFile = path.join(dir, 'patches');
    const patches = fs.existsSync(patchFile)
      ? fs.readFileSync(patchFile, 'utf8').trim().split('\n')
      : [];
    return { status: r.status ?? 1, output: r.stdout + r.stderr, patches };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

type JsonPatchOp = { op: 'add' | 'test'; path: string; value: unknown };

/** Applies the `add`/`test` JSON-patch subset the Jobs use (objects only, like the API server). */
const applyJsonPatch = <T>(doc: T, ops: JsonPatchOp[]): T => {
  const result = structuredClone(doc) as any;
  for (const { op, path: pointer, value } of ops) {
    const keys = pointer.split('/').slice(1);
    const last = keys.pop()!;
    const parent = keys.reduce((node, key) => node[key], result);
    if (op === 'test' && JSON.stringify(parent[last]) !== JSON.stringify(value)) {
      throw new Error(`test failed at ${pointer}`);
    }
    if (op === 'add') parent[last] = value;
  }
  return result;
};

describeHelm('helm chart charts/kubevirt-lightspeed-plugin', () => {
  const defaults = render();

  test('ConsolePlugin follows the console 4.22 contract', () => {
    const cp = get(defaults, 'ConsolePlugin', PLUGIN);
    expect(cp.apiVersion).toBe('console.openshift.io/v1');
    expect(cp.spec.i18n).toEqual({ loadType: 'Preload' });
    expect(cp.spec.backend).toEqual({
      type: 'Service',
      service: { name: PLUGIN, namespace: NS, port: 9443, basePath: '/' },
    });
  });

  test('the plugin Deployment mounts the Secret its Service asks the service-ca operator for', () => {
    const svc = get(defaults, 'Service', PLUGIN);
    const secret = svc.metadata.annotations!['service.alpha.openshift.io/serving-cert-secret-name'];
    expect(secret).toBe(`${PLUGIN}-cert`);
    const volumes = get(defaults, 'Deployment', PLUGIN).spec.template.spec.volumes;
    expect(volumes).toContainEqual(
      expect.objectContaining({ secret: expect.objectContaining({ secretName: secret }) }),
    );

    const custom = render('--set', 'plugin.certificateSecretName=my-cert');
    expect(get(custom, 'Service', PLUGIN).metadata.annotations).toBeUndefined();
    expect(get(custom, 'Deployment', PLUGIN).spec.template.spec.volumes).toContainEqual(
      expect.objectContaining({ secret: expect.objectContaining({ secretName: 'my-cert' }) }),
    );
  });

  test('every pod of every value set runs under the restricted profile', () => {
    const sets = [
      defaults,
      render('--set', 'lightspeed.register=true'),
      render('--set', 'mcpServer.tls.enabled=false'),
    ];
    let containers = 0;
    for (const objects of sets) {
      for (const o of objects.filter((x) => x.kind === 'Deployment' || x.kind === 'Job')) {
        const pod = o.spec.template.spec;
        expect(pod.securityContext).toMatchObject({
          runAsNonRoot: true,
          seccompProfile: { type: 'RuntimeDefault' },
        });
        for (const c of pod.containers) {
          containers += 1;
          expect(c.securityContext).toMatchObject({
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
          });
          expect(c.resources.requests.memory).toBeDefined();
        }
      }
    }
    // plugin + 2 MCP + patcher; + plugin + 2 MCP + patcher + register; + plugin + 1 MCP + patcher
    expect(containers).toBe(4 + 5 + 3);
  });

  test('plugin-config.json is the PluginRuntimeConfig of the values, kill switch included', () => {
    expect(pluginConfigOf(defaults)).toEqual<PluginRuntimeConfig>({
      ai: { enabled: true, mcpServerName: MCP, olsSupportsMode: false },
      limits: { maxQueryChars: 32000, maxAttachmentChars: 100000, requestTimeoutMs: 120000 },
    });
    const off = render(
      '--set',
      'ai.enabled=false',
      '--set',
      'ai.mcpServerName=kubevirt',
      '--set',
      'limits.maxQueryChars=8000',
    );
    expect(pluginConfigOf(off).ai).toEqual({
      enabled: false,
      mcpServerName: 'kubevirt',
      olsSupportsMode: false,
    });
    expect(pluginConfigOf(off).limits.maxQueryChars).toBe(8000);
  });

  test('the plugin reads every field the chart renders, and from the path nginx serves', () => {
    const custom = render(
      '--set',
      'ai.enabled=false',
      '--set',
      'ai.mcpServerName=kv-tools',
      '--set',
      'ai.olsSupportsMode=true',
      '--set',
      'limits.maxQueryChars=9000',
      '--set',
      'limits.maxAttachmentChars=50000',
      '--set',
      'limits.requestTimeoutMs=30000',
    );
    const rendered = pluginConfigOf(custom);
    const parsed = parseRuntimeConfig(rendered);
    // Every value differs from the plugin's defaults, so a field the parser ignored would show.
    expect(parsed).toEqual(rendered);
    for (const section of ['ai', 'limits'] as const) {
      for (const [key, value] of Object.entries(parsed[section])) {
        expect([key, value]).not.toEqual([
          key,
          (DEFAULT_RUNTIME_CONFIG[section] as Record<string, unknown>)[key],
        ]);
      }
    }
    // The console serves the plugin's files under /api/plugins/<ConsolePlugin name>/.
    const name = get(custom, 'ConsolePlugin', PLUGIN).metadata.name;
    expect(RUNTIME_CONFIG_URL).toBe(`/api/plugins/${name}/plugin-config.json`);
  });

  test('nginx serves plugin-config.json from the mounted ConfigMap, never cached', () => {
    const conf = get(defaults, 'ConfigMap', `${PLUGIN}-nginx`).data!['nginx.conf'];
    const block = /location = \/plugin-config\.json \{([^}]*)\}/.exec(conf)?.[1] ?? '';
    expect(block).toContain('alias /etc/nginx/plugin-config/plugin-config.json;');
    expect(block).toContain('no-store');
    const mounts = get(defaults, 'Deployment', PLUGIN).spec.template.spec.containers[0]
      .volumeMounts;
    expect(mounts).toContainEqual(
      expect.objectContaining({ mountPath: '/etc/nginx/plugin-config' }),
    );
    expect(mounts).toContainEqual(expect.objectContaining({ mountPath: '/tmp' }));
  });

  test('the MCP server is reachable only from the Lightspeed (and monitoring) namespace', () => {
    const np = get(render('--set', 'lightspeed.namespace=ols'), 'NetworkPolicy', MCP);
    expect(np.spec.policyTypes).toEqual(['Ingress']);
    expect(np.spec.ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ols' } } }],
        ports: [{ protocol: 'TCP', port: 8443 }],
      },
      {
        from: [
          {
            namespaceSelector: {
              matchLabels: { 'kubernetes.io/metadata.name': 'openshift-user-workload-monitoring' },
            },
          },
        ],
        ports: [{ protocol: 'TCP', port: 8443 }],
      },
    ]);
    const noMetrics = get(render('--set', 'mcpServer.metrics.enabled=false'), 'NetworkPolicy', MCP);
    expect(noMetrics.spec.ingress).toHaveLength(1);
  });

  test('the MCP server ServiceAccount can read no resource at all', () => {
    const role = get(defaults, 'ClusterRole', `${MCP}-health`);
    for (const rule of role.rules!) {
      expect(rule.resources).toBeUndefined();
      expect(rule.verbs).toEqual(['get']);
    }
  });

  test('with TLS the server binds loopback behind the sidecar; without, it serves the port itself', () => {
    const tls = get(defaults, 'Deployment', MCP).spec.template.spec;
    expect(tls.containers.map((c: any) => c.name)).toEqual([MCP, 'tls-proxy']);
    expect(tls.containers[0].args).toEqual(
      expect.arrayContaining(['--host=127.0.0.1', '--port=8080']),
    );
    expect(tls.containers[0].ports).toBeUndefined();
    expect(tls.containers[0].readinessProbe.httpGet).toEqual({
      path: '/readyz',
      port: 8443,
      scheme: 'HTTPS',
    });
    const proxyConf = get(defaults, 'ConfigMap', `${MCP}-tls-proxy`).data!['nginx.conf'];
    expect(proxyConf).toContain('proxy_pass http://127.0.0.1:8080;');
    expect(proxyConf).toContain('proxy_buffering off;');

    const plain = render('--set', 'mcpServer.tls.enabled=false');
    const pod = get(plain, 'Deployment', MCP).spec.template.spec;
    expect(pod.containers).toHaveLength(1);
    expect(pod.containers[0].args).toEqual(
      expect.arrayContaining(['--host=0.0.0.0', '--port=8443']),
    );
    expect(pod.containers[0].livenessProbe.httpGet).toEqual({
      path: '/healthz',
      port: 8443,
      scheme: 'HTTP',
    });
    expect(get(plain, 'Service', MCP).metadata.annotations).toBeUndefined();
  });

  test('mcpServer.enabled=false renders the plugin only', () => {
    const objects = render('--set', 'mcpServer.enabled=false');
    expect(objects.filter((o) => o.metadata.name.startsWith(MCP))).toEqual([]);
    expect(get(objects, 'ConsolePlugin', PLUGIN)).toBeDefined();
  });

  test('no Lightspeed registration unless asked for', () => {
    expect(defaults.some((o) => o.metadata.name === `${MCP}-ols-register`)).toBe(false);
  });

  describe('Lightspeed registration Job', () => {
    const registered = render(
      '--set',
      'lightspeed.register=true',
      '--set',
      'lightspeed.timeoutSeconds=45',
    );
    const job = get(registered, 'Job', `${MCP}-ols-register`);
    const ours = {
      name: MCP,
      url: `https://${MCP}.${NS}.svc:8443/mcp`,
      timeout: 45,
      headers: [{ name: 'Authorization', valueFrom: { type: 'kubernetes' } }],
    };

    test('is a post-install/upgrade hook with get/patch on olsconfigs/cluster only', () => {
      expect(job.metadata.annotations!['helm.sh/hook']).toBe('post-install,post-upgrade');
      expect(JSON.parse(jobScript(job).env.MCP_SERVER_ENTRY)).toEqual(ours);
      expect(get(registered, 'ClusterRole', `${MCP}-ols-register`).rules).toEqual([
        {
          apiGroups: ['ols.openshift.io'],
          resources: ['olsconfigs'],
          resourceNames: ['cluster'],
          verbs: ['get', 'patch'],
        },
      ]);
    });

    testJq('adds the entry and the MCPServer gate, keeps the rest, and is idempotent', () => {
      const other = { name: 'openshift', url: 'http://other:8080', timeout: 5 };
      const stale = { ...ours, url: 'http://old:1/mcp' };
      const cluster = {
        metadata: { name: 'cluster', resourceVersion: '7' },
        spec: {
          featureGates: ['ToolFiltering'],
          mcpServers: [other, stale],
          llm: { providers: [] },
        },
      };
      const first = runJob(job, cluster);
      expect(first.status).toBe(0);
      expect(first.patches).toHaveLength(1);
      const ops = JSON.parse(first.patches[0]) as JsonPatchOp[];
      expect(ops[0]).toEqual({ op: 'test', path: '/metadata/resourceVersion', value: '7' });
      const after = applyJsonPatch(cluster, ops);
      expect(after.spec.mcpServers).toEqual([other, ours]);
      expect(after.spec.featureGates).toEqual(['ToolFiltering', 'MCPServer']);
      expect(after.spec.llm).toEqual({ providers: [] });

      const second = runJob(job, after);
      expect(applyJsonPatch(after, JSON.parse(second.patches[0]))).toEqual(after);
    });

    testJq('works on an OLSConfig with no mcpServers or featureGates yet', () => {
      const bare = { metadata: { resourceVersion: '1' }, spec: { llm: {} } };
      const r = runJob(job, bare);
      const after = applyJsonPatch(bare, JSON.parse(r.patches[0]));
      expect(after.spec).toEqual({ llm: {}, mcpServers: [ours], featureGates: ['MCPServer'] });
    });
  });

  describe('console patch Job', () => {
    const job = get(defaults, 'Job', `${PLUGIN}-patcher`);

    testJq('appends the plugin, keeping the others', () => {
      const r = runJob(job, { spec: { plugins: ['monitoring-plugin'] } });
      expect(r.status).toBe(0);
      expect(r.patches.map((p) => JSON.parse(p))).toEqual([
        [{ op: 'add', path: '/spec/plugins', value: ['monitoring-plugin', PLUGIN] }],
      ]);
    });

    testJq('does nothing when the plugin is already enabled', () => {
      const r = runJob(job, { spec: { plugins: [PLUGIN] } });
      expect(r.status).toBe(0);
      expect(r.patches).toEqual([]);
      expect(r.output).toContain('already enabled');
    });

    test('can be turned off', () => {
      const objects = render('--set', 'jobs.patchConsoles.enabled=false');
      expect(objects.some((o) => o.metadata.name === `${PLUGIN}-patcher`)).toBe(false);
    });
  });

  describe('bad values fail with a message naming the value', () => {
    test.each([
      [
        'an empty plugin image',
        ['--set', 'plugin.image=', '--set', 'mcpServer.image=x/y:1'],
        "'/plugin/image'",
      ],
      [
        'a non-boolean kill switch',
        [...IMAGES, '--set-string', 'ai.enabled=maybe'],
        "'/ai/enabled': got string, want boolean",
      ],
      [
        'an unknown key',
        [...IMAGES, '--set', 'plugin.replica=3'],
        "additional properties 'replica' not allowed",
      ],
      [
        'a privileged container',
        [...IMAGES, '--set', 'plugin.containerSecurityContext.allowPrivilegeEscalation=true'],
        'allowPrivilegeEscalation',
      ],
      [
        'registration without a server',
        [...IMAGES, '--set', 'lightspeed.register=true', '--set', 'mcpServer.enabled=false'],
        'needs mcpServer.enabled=true',
      ],
    ])('%s', (_name, args, message) => {
      const r = helmTemplate(...args);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain(message);
    });

    test('the required-image message shows when schema validation is skipped', () => {
      const r = helmTemplate(
        '--skip-schema-validation',
        '--set',
        'plugin.image=',
        '--set',
        'mcpServer.image=x/y:1',
      );
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain('plugin.image must be set');
    });
  });

  test('helm lint --strict passes', () => {
    expect(() =>
      execFileSync(HELM, ['lint', CHART, '--strict', ...IMAGES], { stdio: 'pipe' }),
    ).not.toThrow();
  });
});
