// Assertions on `helm template` output for scripts/helm-check.sh.
//   node scripts/helm-check-assert.mjs <case> < rendered.yaml   → checks for that value set
//   node scripts/helm-check-assert.mjs --nginx-test < rendered.yaml → `nginx -t` on the rendered configs
// Prints a one-line summary; exits 1 with every failed check listed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const PLUGIN = 'kubevirt-lightspeed-plugin';
const MCP = 'cnv-mcp-server';
const NAMESPACE = 'kls-ns';

const objects = parseAllDocuments(readFileSync(0, 'utf8'))
  .map((d) => d.toJS())
  .filter(Boolean);

const find = (kind, name) => objects.find((o) => o.kind === kind && o.metadata?.name === name);
const all = (kind) => objects.filter((o) => o.kind === kind);

const failures = [];
let checks = 0;
const expect = (condition, message) => {
  checks += 1;
  if (!condition) failures.push(message);
};

const podSpecs = () =>
  [...all('Deployment'), ...all('Job')].map((o) => ({
    owner: `${o.kind}/${o.metadata.name}`,
    spec: o.spec.template.spec,
  }));

const checkRestricted = () => {
  for (const { owner, spec } of podSpecs()) {
    const pod = spec.securityContext ?? {};
    expect(pod.runAsNonRoot === true, `${owner}: runAsNonRoot must be true`);
    expect(
      pod.seccompProfile?.type === 'RuntimeDefault',
      `${owner}: seccomp must be RuntimeDefault`,
    );
    for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
      const sc = c.securityContext ?? {};
      expect(sc.allowPrivilegeEscalation === false, `${owner}/${c.name}: allowPrivilegeEscalation`);
      expect(sc.capabilities?.drop?.includes('ALL'), `${owner}/${c.name}: capabilities.drop ALL`);
      expect(sc.readOnlyRootFilesystem === true, `${owner}/${c.name}: readOnlyRootFilesystem`);
      expect(c.resources?.requests?.memory, `${owner}/${c.name}: memory request`);
    }
  }
};

const pluginConfig = () => {
  const cm = find('ConfigMap', `${PLUGIN}-config`);
  expect(cm, 'plugin-config ConfigMap rendered');
  return cm ? JSON.parse(cm.data['plugin-config.json']) : {};
};

const checkPlugin = ({ aiEnabled }) => {
  const cp = find('ConsolePlugin', PLUGIN);
  expect(cp?.apiVersion === 'console.openshift.io/v1', 'ConsolePlugin console.openshift.io/v1');
  expect(cp?.spec.i18n.loadType === 'Preload', 'ConsolePlugin i18n Preload');
  expect(
    cp?.spec.backend.type === 'Service' &&
      cp.spec.backend.service.name === PLUGIN &&
      cp.spec.backend.service.namespace === NAMESPACE &&
      cp.spec.backend.service.port === 9443 &&
      cp.spec.backend.service.basePath === '/',
    'ConsolePlugin backend Service name/namespace/port/basePath',
  );

  const svc = find('Service', PLUGIN);
  const certSecret =
    svc?.metadata.annotations?.['service.alpha.openshift.io/serving-cert-secret-name'];
  expect(certSecret === `${PLUGIN}-cert`, 'plugin Service serving-cert annotation');
  const dep = find('Deployment', PLUGIN);
  const volumes = dep?.spec.template.spec.volumes ?? [];
  expect(
    volumes.some((v) => v.secret?.secretName === certSecret),
    'plugin Deployment mounts the serving-cert Secret the Service annotation names',
  );
  expect(
    volumes.some((v) => v.configMap?.name === `${PLUGIN}-config`),
    'plugin Deployment mounts plugin-config.json',
  );
  expect(
    volumes.some((v) => v.emptyDir),
    'plugin Deployment has an emptyDir for nginx temp files',
  );
  const container = dep?.spec.template.spec.containers[0];
  expect(container?.readinessProbe && container?.livenessProbe, 'plugin probes');

  const nginx = find('ConfigMap', `${PLUGIN}-nginx`)?.data['nginx.conf'] ?? '';
  expect(/listen 9443 ssl;/.test(nginx), 'nginx listens with TLS on 9443');
  expect(
    /location = \/plugin-config\.json \{[^}]*alias \/etc\/nginx\/plugin-config\/plugin-config\.json;[^}]*no-store/s.test(
      nginx,
    ),
    'nginx serves plugin-config.json uncached from the ConfigMap',
  );
  expect(
    /location = \/plugin-manifest\.json \{[^}]*no-store/s.test(nginx),
    'nginx never caches plugin-manifest.json',
  );
  expect(/immutable/.test(nginx) && /nosniff/.test(nginx), 'nginx long cache + security headers');

  const config = pluginConfig();
  expect(config.ai?.enabled === aiEnabled, `plugin-config.json ai.enabled === ${aiEnabled}`);
  expect(config.ai?.mcpServerName === MCP, 'plugin-config.json ai.mcpServerName');
  expect(
    config.limits?.maxQueryChars === 32000 && config.limits?.maxAttachmentChars === 100000,
    'plugin-config.json limits',
  );

  const job = find('Job', `${PLUGIN}-patcher`);
  expect(
    job?.metadata.annotations['helm.sh/hook'] === 'post-install,post-upgrade',
    'console patch Job hook',
  );
  const role = find('ClusterRole', `${PLUGIN}-patcher`);
  expect(
    role?.rules.some((r) => r.resources.includes('consoles') && r.verbs.includes('patch')),
    'console patcher ClusterRole',
  );
};

const checkMcp = ({ tls, lightspeedNamespace }) => {
  const dep = find('Deployment', MCP);
  expect(dep, 'MCP Deployment rendered');
  if (!dep) return;
  const spec = dep.spec.template.spec;
  const server = spec.containers.find((c) => c.name === MCP);
  const args = server.args.join(' ');
  expect(server.readinessProbe.httpGet.path === '/readyz', 'MCP readiness /readyz');
  expect(server.livenessProbe.httpGet.path === '/healthz', 'MCP liveness /healthz');
  const svc = find('Service', MCP);
  const annotation =
    svc.metadata.annotations?.['service.alpha.openshift.io/serving-cert-secret-name'];
  if (tls) {
    expect(spec.containers.length === 2, 'MCP pod has the TLS sidecar');
    expect(args.includes('--host=127.0.0.1'), 'MCP server listens on loopback behind the sidecar');
    expect(annotation === `${MCP}-cert`, 'MCP Service serving-cert annotation');
    expect(server.readinessProbe.httpGet.scheme === 'HTTPS', 'MCP probes over HTTPS');
  } else {
    expect(spec.containers.length === 1, 'MCP pod without sidecar');
    expect(
      args.includes('--host=0.0.0.0') && args.includes('--port=8443'),
      'MCP server on 0.0.0.0:8443',
    );
    expect(annotation === undefined, 'no serving cert without TLS');
  }

  const role = find('ClusterRole', `${MCP}-health`);
  expect(
    role && role.rules.every((r) => !r.resources && r.nonResourceURLs),
    'MCP ClusterRole grants no resource access (health only)',
  );

  const np = find('NetworkPolicy', MCP);
  const from = np?.spec.ingress.flatMap((rule) => rule.from) ?? [];
  expect(
    from[0]?.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] ===
      lightspeedNamespace,
    `NetworkPolicy admits namespace ${lightspeedNamespace}`,
  );
  expect(
    from.every((f) => f.namespaceSelector && !f.podSelector && !f.ipBlock),
    'NetworkPolicy admits only namespaces',
  );
  expect(
    from[1]?.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] ===
      'openshift-user-workload-monitoring' && from.length === 2,
    'NetworkPolicy admits the monitoring namespace (metrics on) and nothing else',
  );
};

const checkRegistration = ({ url }) => {
  const job = find('Job', `${MCP}-ols-register`);
  expect(job, 'OLS registration Job rendered');
  if (!job) return;
  const container = job.spec.template.spec.containers[0];
  const entry = JSON.parse(container.env.find((e) => e.name === 'MCP_SERVER_ENTRY').value);
  expect(entry.name === MCP, 'OLS entry name = ai.mcpServerName');
  expect(entry.url === url, `OLS entry url = ${url}`);
  expect(
    entry.headers?.length === 1 &&
      entry.headers[0].name === 'Authorization' &&
      entry.headers[0].valueFrom.type === 'kubernetes',
    'OLS entry Authorization header from the kubernetes placeholder',
  );
  const script = container.args.join('\n');
  expect(
    script.includes('oc patch olsconfigs.ols.openshift.io cluster --type=json'),
    'oc patch --type=json',
  );
  expect(script.includes('"MCPServer"'), 'patch adds the MCPServer feature gate');
  const role = find('ClusterRole', `${MCP}-ols-register`);
  expect(
    JSON.stringify(role?.rules) ===
      JSON.stringify([
        {
          apiGroups: ['ols.openshift.io'],
          resources: ['olsconfigs'],
          resourceNames: ['cluster'],
          verbs: ['get', 'patch'],
        },
      ]),
    'registration ClusterRole: get/patch olsconfigs/cluster only',
  );
};

const nginxTest = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kls-nginx-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=localhost',
        '-days',
        '1',
        '-keyout',
        path.join(dir, 'tls.key'),
        '-out',
        path.join(dir, 'tls.crt'),
      ],
      { stdio: 'ignore' },
    );
    const configs = objects
      .filter((o) => o.kind === 'ConfigMap' && o.data?.['nginx.conf'])
      .map((o) => ({ name: o.metadata.name, conf: o.data['nginx.conf'] }));
    for (const { name, conf } of configs) {
      const file = path.join(dir, `${name}.conf`);
      // /tmp/ first: the scratch dir itself lives under /tmp.
      const local = conf
        .replaceAll('/tmp/', `${dir}/`)
        .replaceAll('/var/cert/', `${dir}/`)
        .replaceAll('/var/run/tls/', `${dir}/`)
        // /dev/stdout may be a socket here that nginx cannot open().
        .replaceAll('/dev/stdout', `${dir}/log`);
      writeFileSync(file, local);
      execFileSync('nginx', ['-t', '-q', '-c', file, '-p', dir], { stdio: 'pipe' });
    }
    return `${configs.length} nginx configs valid`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const mode = process.argv[2];
if (mode === '--nginx-test') {
  try {
    console.log(nginxTest());
    process.exit(0);
  } catch (error) {
    console.error(String(error.stderr ?? error));
    process.exit(1);
  }
}

const mcpUrl = (scheme) => `${scheme}://${MCP}.${NAMESPACE}.svc:8443/mcp`;
checkRestricted();
switch (mode) {
  case 'defaults':
    checkPlugin({ aiEnabled: true });
    checkMcp({ tls: true, lightspeedNamespace: 'openshift-lightspeed' });
    expect(!find('Job', `${MCP}-ols-register`), 'no registration Job by default');
    expect(!all('ServiceMonitor').length, 'no ServiceMonitor by default');
    break;
  case 'register':
    checkPlugin({ aiEnabled: true });
    checkMcp({ tls: true, lightspeedNamespace: 'ols-ns' });
    checkRegistration({ url: mcpUrl('https') });
    break;
  case 'kill-switch-off':
    checkPlugin({ aiEnabled: false });
    break;
  case 'mcp-disabled':
    checkPlugin({ aiEnabled: true });
    expect(
      !objects.some((o) => o.metadata?.name?.startsWith(MCP)),
      'no MCP server object when mcpServer.enabled=false',
    );
    break;
  case 'no-tls':
    checkMcp({ tls: false, lightspeedNamespace: 'openshift-lightspeed' });
    break;
  case 'monitoring': {
    const sm = find('ServiceMonitor', MCP);
    expect(
      sm?.spec.endpoints[0].path === '/metrics' && sm.spec.endpoints[0].scheme === 'https',
      'ServiceMonitor https /metrics',
    );
    break;
  }
  default:
    console.error(`unknown case ${mode}`);
    process.exit(2);
}

if (failures.length) {
  console.error(failures.map((f) => `- ${f}`).join('\n'));
  process.exit(1);
}
console.log(`${objects.length} objects, ${checks} checks`);
