// Assertions on `helm template` output for scripts/helm-check.sh.
//   node scripts/helm-check-assert.mjs <case> < rendered.yaml   → checks for that value set
//   node scripts/helm-check-assert.mjs --nginx-test < rendered.yaml → `nginx -t` on the rendered configs
// Prints a one-line summary; exits 1 with every failed check listed.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const PLUGIN = 'kubevirt-lightspeed-plugin';
const MCP = 'cnv-mcp-server';
const NAMESPACE = 'kls-ns';
const CA_CM = `${MCP}-${NAMESPACE}-service-ca`;
const FAKE_OC = path.join(path.dirname(fileURLToPath(import.meta.url)), 'helm-check-fake-oc.mjs');

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
    config.ai?.anonymizeNames === false,
    'plugin-config.json ai.anonymizeNames off by default',
  );
  expect(
    JSON.stringify(Object.keys(config.ai ?? {}).sort()) ===
      '["anonymizeNames","enabled","mcpServerName"]',
    'plugin-config.json ai has enabled, mcpServerName and anonymizeNames only (no olsSupportsMode)',
  );
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
    JSON.stringify(role?.rules) ===
      JSON.stringify([
        {
          apiGroups: ['operator.openshift.io'],
          resources: ['consoles'],
          resourceNames: ['cluster'],
          verbs: ['get', 'patch'],
        },
      ]),
    'console patcher ClusterRole: get/patch consoles/cluster only',
  );
};

/**
 * No standing write rights after install: every (Cluster)Role with a verb beyond get/list/watch is
 * scoped by resourceNames, and it, its bindings and their ServiceAccounts are hooks deleted once the
 * Jobs succeed, created before them (lower hook weight).
 */
const checkNoStandingWrites = () => {
  const hookOf = (o) => o?.metadata.annotations ?? {};
  for (const role of [...all('ClusterRole'), ...all('Role')]) {
    const writes = (role.rules ?? []).filter((r) =>
      r.verbs.some((v) => !['get', 'list', 'watch'].includes(v)),
    );
    if (!writes.length) continue;
    const name = `${role.kind}/${role.metadata.name}`;
    expect(
      writes.every((r) => r.resourceNames?.length),
      `${name}: write rules name their objects (resourceNames)`,
    );
    const bindings = objects.filter(
      (o) => /RoleBinding$/.test(o.kind) && o.roleRef?.name === role.metadata.name,
    );
    const accounts = bindings.flatMap((b) => b.subjects.map((s) => find('ServiceAccount', s.name)));
    for (const o of [role, ...bindings, ...accounts]) {
      expect(
        hookOf(o)['helm.sh/hook-delete-policy'] === 'before-hook-creation,hook-succeeded',
        `${name}: ${o?.kind}/${o?.metadata.name} is a hook deleted when its Job succeeds`,
      );
    }
    const jobs = all('Job').filter((j) =>
      accounts.some((sa) => sa?.metadata.name === j.spec.template.spec.serviceAccountName),
    );
    for (const job of jobs) {
      const weight = Number(hookOf(job)['helm.sh/hook-weight'] ?? 0);
      const events = hookOf(job)['helm.sh/hook'].split(',');
      for (const o of [role, ...bindings, ...accounts]) {
        const hooks = (hookOf(o)['helm.sh/hook'] ?? '').split(',');
        expect(
          events.every((e) => hooks.includes(e)) &&
            Number(hookOf(o)['helm.sh/hook-weight']) < weight,
          `${o?.kind}/${o?.metadata.name} exists before Job/${job.metadata.name} (${events})`,
        );
      }
    }
  }
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
  const egress = np?.spec.egress ?? [];
  expect(
    np?.spec.policyTypes?.includes('Egress') && egress.length === 2,
    'NetworkPolicy restricts egress (API server, DNS)',
  );
  expect(
    JSON.stringify(egress[0]?.ports) === JSON.stringify([{ protocol: 'TCP', port: 6443 }]),
    'NetworkPolicy egress: API server on 6443',
  );
  expect(
    egress[1]?.to?.[0]?.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] ===
      'openshift-dns' && egress[1]?.ports?.every((p) => p.port === 5353),
    'NetworkPolicy egress: DNS in openshift-dns on 5353',
  );
};

const jobEnv = (job) =>
  Object.fromEntries(job.spec.template.spec.containers[0].env.map((e) => [e.name, e.value]));

/** Runs Job `name`'s script against helm-check-fake-oc on `objects`; returns the final state. */
const runJobOn = (name, objects) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kls-job-'));
  try {
    writeFileSync(path.join(dir, 'state.json'), JSON.stringify({ objects }));
    writeFileSync(
      path.join(dir, 'oc'),
      `#!/bin/sh\nexec "${process.execPath}" "${FAKE_OC}" "$@"\n`,
    );
    chmodSync(path.join(dir, 'oc'), 0o755);
    const job = find('Job', name);
    const r = spawnSync('bash', ['-c', job.spec.template.spec.containers[0].args.join('\n')], {
      encoding: 'utf8',
      env: {
        ...process.env,
        ...jobEnv(job),
        FAKE_OC_DIR: dir,
        HOME: dir,
        PATH: `${dir}:${process.env.PATH}`,
      },
    });
    return {
      status: r.status,
      output: r.stdout + r.stderr,
      ...JSON.parse(readFileSync(path.join(dir, 'state.json'), 'utf8')),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** Runs the register Job against helm-check-fake-oc with an OLSConfig that references `ref`. */
const runRegister = (ref) => {
  const cm = (name, data, annotations) => ({
    metadata: {
      name,
      namespace: 'openshift-lightspeed',
      ...(annotations ? { annotations } : {}),
    },
    data,
  });
  const pem = (what) => `-----BEGIN CERTIFICATE-----\n${what}\n-----END CERTIFICATE-----\n`;
  return runJobOn(`${MCP}-ols-register`, {
    'olsconfigs//cluster': {
      metadata: { name: 'cluster', resourceVersion: '1' },
      spec: { ols: { additionalCAConfigMapRef: { name: ref } }, llm: {} },
    },
    [`configmaps/openshift-lightspeed/${CA_CM}`]: cm(
      CA_CM,
      { 'service-ca.crt': pem('ZmFrZQ==') },
      { 'service.beta.openshift.io/inject-cabundle': 'true' },
    ),
    [`configmaps/openshift-lightspeed/${ref}`]: cm(ref, { 'corp.crt': pem('Y29ycA==') }),
  });
};

/** The service-CA trust objects: `existing` is lightspeed.existingCAConfigMap ('' = none). */
const checkServiceCATrust = ({ trust, lightspeedNamespace, existing = '' }) => {
  const ca = find('ConfigMap', CA_CM);
  const register = find('Job', `${MCP}-ols-register`);
  const unregister = find('Job', `${MCP}-ols-unregister`);
  expect(
    unregister?.metadata.annotations['helm.sh/hook'] === 'pre-delete',
    'a pre-delete Job undoes the registration',
  );
  if (!trust) {
    expect(!ca, 'no service-CA ConfigMap');
    expect(!all('Role').length, 'no Role in the Lightspeed namespace');
    expect(register && jobEnv(register).CA_CONFIGMAP === '', 'register Job: CA_CONFIGMAP empty');
    return;
  }
  expect(
    ca?.metadata.namespace === lightspeedNamespace &&
      ca.metadata.annotations?.['service.beta.openshift.io/inject-cabundle'] === 'true' &&
      ca.metadata.annotations?.['helm.sh/resource-policy'] === 'keep' &&
      ca.data === undefined,
    `service-CA ConfigMap in ${lightspeedNamespace}, annotated for injection, kept, no data`,
  );
  for (const job of [register, unregister]) {
    const env = job ? jobEnv(job) : {};
    const script = job?.spec.template.spec.containers[0].args.join('\n') ?? '';
    expect(
      env.CA_CONFIGMAP === CA_CM && env.OLS_NAMESPACE === lightspeedNamespace,
      `${job?.metadata.name}: CA_CONFIGMAP=${CA_CM} in ${lightspeedNamespace}`,
    );
    expect(
      env.EXISTING_CA_CONFIGMAP === existing,
      `${job?.metadata.name}: EXISTING_CA_CONFIGMAP=${existing}`,
    );
    expect(
      script.includes('$CA_CONFIGMAP') && script.includes('additionalCAConfigMapRef'),
      `${job?.metadata.name} script uses CA_CONFIGMAP and additionalCAConfigMapRef`,
    );
  }
  const role = find('Role', `${MCP}-${NAMESPACE}-ols-register`);
  const expected = [
    {
      apiGroups: [''],
      resources: ['configmaps'],
      resourceNames: [CA_CM],
      verbs: ['get', 'delete'],
    },
    ...(existing
      ? [
          {
            apiGroups: [''],
            resources: ['configmaps'],
            resourceNames: [existing],
            verbs: ['get', 'patch'],
          },
        ]
      : []),
  ];
  expect(
    role?.metadata.namespace === lightspeedNamespace &&
      JSON.stringify(role.rules) === JSON.stringify(expected),
    `Role in ${lightspeedNamespace}: ${expected.map((r) => `${r.verbs}@${r.resourceNames}`).join(', ')}`,
  );
  const binding = find('RoleBinding', `${MCP}-${NAMESPACE}-ols-register`);
  expect(
    binding?.subjects?.[0]?.name === `${MCP}-ols-register` &&
      binding.subjects[0].namespace === NAMESPACE,
    'RoleBinding to the registration ServiceAccount',
  );
  if (existing && spawnSync('jq', ['--version']).status === 0) {
    const r = runRegister(existing);
    const cluster = r.objects['olsconfigs//cluster'];
    const theirs = r.objects[`configmaps/openshift-lightspeed/${existing}`];
    expect(r.status === 0, `register Job succeeds with an admin CA reference: ${r.output.trim()}`);
    expect(
      cluster.spec.ols.additionalCAConfigMapRef.name === existing,
      'register Job keeps the existing additionalCAConfigMapRef',
    );
    expect(
      theirs.data['corp.crt'] && theirs.data[`${MCP}.${NAMESPACE}.service-ca.crt`],
      "register Job adds our key next to the admin's",
    );
  }
};

const OCP_MCP = 'openshift-mcp-server';

const tomlValue = (toml, key) => {
  const line = toml.split('\n').find((l) => l.startsWith(`${key} = `));
  return line === undefined ? undefined : JSON.parse(line.slice(key.length + 3));
};

/** openshift-mcp-server deployed by the chart: KubeVirt toolset, token passthrough, read-only unless allowed. */
const checkOpenshiftMcpDeployed = ({ lifecycle }) => {
  const dep = find('Deployment', OCP_MCP);
  expect(dep, 'openshift-mcp-server Deployment rendered');
  const pod = dep?.spec.template.spec;
  const c = pod?.containers[0];
  expect(
    c?.image === 'quay.io/example/openshift-mcp-server:ci',
    'openshift-mcp-server image from values',
  );
  expect(
    c?.args.includes('--config=/etc/openshift-mcp-server/config/config.toml') &&
      c.args.includes('--port=8443'),
    'openshift-mcp-server --config and --port',
  );
  expect(
    pod?.automountServiceAccountToken === false,
    'openshift-mcp-server mounts no token of its own',
  );
  expect(pod?.serviceAccountName === OCP_MCP, 'openshift-mcp-server own ServiceAccount');
  expect(
    !all('RoleBinding')
      .concat(all('ClusterRoleBinding'))
      .some((b) => b.subjects?.some((s) => s.kind === 'ServiceAccount' && s.name === OCP_MCP)),
    'no RBAC bound to openshift-mcp-server: it can only act with the user token',
  );
  expect(
    pod?.volumes.some((v) => v.name === 'kube-ca' && v.configMap?.name === 'kube-root-ca.crt'),
    'API CA from kube-root-ca.crt',
  );
  const cm = find('ConfigMap', `${OCP_MCP}-config`);
  const toml = cm?.data['config.toml'] ?? '';
  expect(
    JSON.stringify(tomlValue(toml, 'toolsets')) === '["core","kubevirt"]',
    'toolsets = ["core","kubevirt"]',
  );
  expect(tomlValue(toml, 'cluster_provider_strategy') === 'kubeconfig', 'kubeconfig provider');
  expect(
    tomlValue(toml, 'tls_cert') === '/etc/openshift-mcp-server/tls/tls.crt',
    'serves TLS itself',
  );
  expect(
    /\[\[denied_resources\]\]\ngroup = ""\nversion = "v1"\nkind = "Secret"/.test(toml),
    'Secrets denied to every tool by default (denied_resources)',
  );
  const kubeconfig = parseAllDocuments(cm?.data.kubeconfig ?? '')[0]?.toJS();
  expect(
    kubeconfig?.users?.length === 1 && Object.keys(kubeconfig.users[0].user ?? {}).length === 0,
    'kubeconfig without credentials (passthrough of the user token only)',
  );
  expect(
    kubeconfig?.clusters?.[0]?.cluster?.server === 'https://kubernetes.default.svc',
    'kubeconfig in-cluster API',
  );
  if (lifecycle) {
    expect(
      tomlValue(toml, 'read_only') === false && tomlValue(toml, 'disable_destructive') === false,
      'lifecycle: read_only/disable_destructive off',
    );
    const denied = tomlValue(toml, 'disabled_tools') ?? [];
    expect(!denied.includes('vm_lifecycle'), 'lifecycle: vm_lifecycle not denied');
    for (const tool of [
      'pods_delete',
      'pods_exec',
      'resources_delete',
      'resources_create_or_update',
      'vm_create',
    ])
      expect(denied.includes(tool), `lifecycle: ${tool} denied`);
  } else {
    expect(tomlValue(toml, 'read_only') === true, 'read_only = true by default');
    expect(
      tomlValue(toml, 'disable_destructive') === true,
      'disable_destructive = true by default',
    );
    expect(tomlValue(toml, 'disabled_tools') === undefined, 'no deny list without lifecycle');
  }
  const svc = find('Service', OCP_MCP);
  expect(
    svc?.metadata.annotations?.['service.alpha.openshift.io/serving-cert-secret-name'] ===
      `${OCP_MCP}-cert`,
    'openshift-mcp-server serving certificate from the service CA',
  );
  const np = find('NetworkPolicy', OCP_MCP);
  expect(
    np?.spec.ingress?.[0]?.from?.[0]?.namespaceSelector?.matchLabels?.[
      'kubernetes.io/metadata.name'
    ] === 'openshift-lightspeed',
    'openshift-mcp-server NetworkPolicy admits only the Lightspeed namespace',
  );
};

/** Registered next to cnv-mcp-server: the Job's entries, the plugin config, and a run of both Jobs. */
const checkOpenshiftMcpRegistered = ({ name, url, lifecycle }) => {
  const ai = pluginConfig().ai ?? {};
  expect(
    ai.openshiftMcpServer?.name === name &&
      ai.openshiftMcpServer.lifecycle === lifecycle &&
      Object.keys(ai.openshiftMcpServer).length === 2,
    `plugin-config ai.openshiftMcpServer = ${JSON.stringify({ name, lifecycle })}`,
  );
  const job = find('Job', `${MCP}-ols-register`);
  expect(job, 'registration Job rendered');
  if (!job) return;
  const peers = JSON.parse(jobEnv(job).PEER_MCP_SERVER_ENTRIES);
  expect(
    peers.length === 1 &&
      peers[0].name === name &&
      peers[0].url === url &&
      peers[0].headers?.[0]?.name === 'Authorization' &&
      peers[0].headers[0].valueFrom?.type === 'kubernetes',
    `peer entry ${name} ${url} with Authorization from the kubernetes placeholder`,
  );
  const other = { name: 'admins-own', url: 'https://x.example/mcp' };
  const stale = { name, url: 'https://old.example/mcp' };
  const start = {
    'olsconfigs//cluster': {
      metadata: { name: 'cluster', resourceVersion: '1' },
      spec: { mcpServers: [other, stale], ols: {} },
    },
  };
  // TLS off in these cases: no CA step, only the entries.
  const registered = runJobOn(`${MCP}-ols-register`, start);
  expect(
    registered.status === 0,
    `register Job ran: ${registered.output.trim().split('\n').pop()}`,
  );
  const servers = registered.objects?.['olsconfigs//cluster']?.spec.mcpServers ?? [];
  expect(
    JSON.stringify(servers.map((s) => [s.name, s.url])) ===
      JSON.stringify([
        [other.name, other.url],
        [MCP, mcpUrl('http')],
        [name, url],
      ]),
    `register Job: admin's entry kept, ${name} replaced, cnv-mcp-server and ${name} added`,
  );
  const again = runJobOn(`${MCP}-ols-register`, registered.objects);
  expect(
    JSON.stringify(again.objects?.['olsconfigs//cluster']?.spec.mcpServers) ===
      JSON.stringify(servers),
    'register Job is idempotent with two entries',
  );
  const removed = runJobOn(`${MCP}-ols-unregister`, registered.objects);
  expect(
    JSON.stringify(removed.objects?.['olsconfigs//cluster']?.spec.mcpServers) ===
      JSON.stringify([other]),
    'unregister Job removes exactly ours and openshift-mcp-server',
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

const localConf = (conf, dir) =>
  // /tmp/ first: the scratch dir itself lives under /tmp.
  conf
    .replaceAll('/tmp/', `${dir}/`)
    .replaceAll('/var/cert/', `${dir}/`)
    .replaceAll('/var/run/tls/', `${dir}/`)
    // /dev/stdout may be a socket here that nginx cannot open().
    .replaceAll('/dev/stdout', `${dir}/log`);

const get = (port, urlPath) =>
  new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: urlPath, rejectUnauthorized: false, timeout: 5000 },
      (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });

const post = (port, urlPath, bytes) =>
  new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: urlPath,
        method: 'POST',
        rejectUnauthorized: false,
        timeout: 5000,
        headers: { 'Content-Type': 'application/json', 'Content-Length': bytes },
      },
      (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(Buffer.alloc(bytes, 0x20));
  });

/**
 * Runs nginx on a rendered config (paths made local, listen port swapped for a free one, then
 * `rewrite`) until `check` is done.
 */
const withNginx = async (conf, dir, name, readyPath, check, rewrite = (local) => local) => {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const file = path.join(dir, `${name}.serve.conf`);
  writeFileSync(
    file,
    rewrite(
      localConf(conf, dir)
        .replace(/^\s*listen \[::\]:.*$/m, '')
        .replace(/listen \d+ ssl;/, `listen 127.0.0.1:${port} ssl;`),
    ),
  );
  const nginx = spawn('nginx', ['-c', file, '-p', dir, '-g', 'daemon off;'], { stdio: 'ignore' });
  try {
    let ready = false;
    for (let i = 0; i < 50 && !ready; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      ready = await get(port, readyPath).then(
        (r) => r.status === 200,
        () => false,
      );
    }
    expect(ready, `${name} answers ${readyPath} over TLS`);
    if (ready) await check(port);
  } finally {
    const exited = new Promise((resolve) => nginx.once('exit', resolve));
    nginx.kill('SIGTERM');
    await exited;
  }
};

/** The MCP TLS sidecar refuses an oversized body itself, with the JSON-RPC error MCP clients parse. */
const serveMcpProxy = (conf, dir) =>
  withNginx(conf, dir, 'mcp-tls-proxy', '/proxy-healthz', async (port) => {
    const big = await post(port, '/mcp', 2 * 1024 * 1024);
    expect(big.status === 413, 'MCP proxy: 2 MiB body → 413');
    expect(/^application\/json/.test(big.headers['content-type'] ?? ''), 'MCP proxy 413 is JSON');
    let parsed;
    try {
      parsed = JSON.parse(big.body);
    } catch {
      parsed = undefined;
    }
    expect(
      parsed?.jsonrpc === '2.0' && parsed?.error?.code === -32600 && parsed?.id === null,
      'MCP proxy 413 body is a JSON-RPC error (not nginx HTML)',
    );
  });

/** Serves a fake dist/ with the rendered plugin nginx.conf and checks what the console would get. */
const servePlugin = async (conf, dir) => {
  const html = path.join(dir, 'html');
  const pluginConfigDir = path.join(dir, 'plugin-config');
  mkdirSync(path.join(html, 'locales', 'en'), { recursive: true });
  mkdirSync(pluginConfigDir);
  const entry = 'plugin-entry.0123456789abcdef0123.min.js';
  writeFileSync(path.join(html, 'plugin-manifest.json'), JSON.stringify({ loadScripts: [entry] }));
  writeFileSync(path.join(html, entry), '__load_plugin_entry__();');
  writeFileSync(path.join(html, 'locales', 'en', `plugin__${PLUGIN}.json`), '{}');
  const pluginConfig = find('ConfigMap', `${PLUGIN}-config`).data['plugin-config.json'];
  writeFileSync(path.join(pluginConfigDir, 'plugin-config.json'), pluginConfig);
  // nginx workers drop root: let them read the scratch tree.
  for (const d of [
    dir,
    html,
    path.join(html, 'locales'),
    path.join(html, 'locales', 'en'),
    pluginConfigDir,
  ]) {
    chmodSync(d, 0o755);
  }
  await withNginx(
    conf,
    dir,
    'plugin nginx',
    '/healthz',
    async (port) => {
      const manifest = await get(port, '/plugin-manifest.json');
      expect(manifest.status === 200, 'GET /plugin-manifest.json 200');
      expect(
        /^application\/json/.test(manifest.headers['content-type']),
        'manifest is application/json',
      );
      expect(/no-store/.test(manifest.headers['cache-control']), 'manifest is never cached');
      expect(manifest.headers['x-content-type-options'] === 'nosniff', 'manifest has nosniff');
      const config = await get(port, '/plugin-config.json');
      expect(
        config.status === 200 && config.body === pluginConfig,
        'plugin-config.json served from the ConfigMap',
      );
      expect(
        /^application\/json/.test(config.headers['content-type']),
        'plugin-config.json is application/json',
      );
      expect(
        /no-store/.test(config.headers['cache-control']),
        'plugin-config.json is never cached',
      );
      const script = await get(port, `/${entry}`);
      expect(/javascript/.test(script.headers['content-type']), 'hashed entry is JavaScript');
      expect(
        /immutable/.test(script.headers['cache-control']),
        'hashed entry is cached as immutable',
      );
      expect(script.headers['x-frame-options'] === 'DENY', 'hashed entry has the security headers');
      const locale = await get(port, `/locales/en/plugin__${PLUGIN}.json`);
      expect(
        locale.status === 200 && locale.headers['cache-control'] === 'no-cache',
        'locales revalidated',
      );
      const missing = await get(port, '/no-such-file.js');
      expect(missing.status === 404, 'unknown files are 404');
    },
    (local) =>
      local
        .replaceAll('/usr/share/nginx/html', html)
        .replaceAll('/etc/nginx/plugin-config/', `${pluginConfigDir}/`),
  );
};

const nginxTest = async () => {
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
      ].concat(['-keyout', path.join(dir, 'tls.key'), '-out', path.join(dir, 'tls.crt')]),
      { stdio: 'ignore' },
    );
    chmodSync(path.join(dir, 'tls.key'), 0o644);
    const configs = objects
      .filter((o) => o.kind === 'ConfigMap' && o.data?.['nginx.conf'])
      .map((o) => ({ name: o.metadata.name, conf: o.data['nginx.conf'] }));
    for (const { name, conf } of configs) {
      const file = path.join(dir, `${name}.conf`);
      writeFileSync(file, localConf(conf, dir));
      execFileSync('nginx', ['-t', '-q', '-c', file, '-p', dir], { stdio: 'pipe' });
    }
    await servePlugin(find('ConfigMap', `${PLUGIN}-nginx`).data['nginx.conf'], dir);
    const mcpProxy = find('ConfigMap', `${MCP}-tls-proxy`)?.data['nginx.conf'];
    expect(mcpProxy, 'MCP TLS proxy config rendered');
    if (mcpProxy) await serveMcpProxy(mcpProxy, dir);
    if (failures.length) throw new Error(failures.map((f) => `- ${f}`).join('\n'));
    return `${configs.length} nginx configs valid; plugin nginx served ${checks} checks`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const mode = process.argv[2];
if (mode === '--nginx-test') {
  try {
    console.log(await nginxTest());
    process.exit(0);
  } catch (error) {
    console.error(String(error.stderr ?? error.message ?? error));
    process.exit(1);
  }
}

const mcpUrl = (scheme) => `${scheme}://${MCP}.${NAMESPACE}.svc:8443/mcp`;
checkRestricted();
checkNoStandingWrites();
switch (mode) {
  case 'defaults':
    checkPlugin({ aiEnabled: true });
    checkMcp({ tls: true, lightspeedNamespace: 'openshift-lightspeed' });
    expect(!find('Job', `${MCP}-ols-register`), 'no registration Job by default');
    expect(!find('ConfigMap', CA_CM), 'no service-CA ConfigMap by default');
    expect(
      !objects.some((o) => o.metadata?.namespace === 'openshift-lightspeed'),
      'nothing in the Lightspeed namespace by default',
    );
    expect(!all('ServiceMonitor').length, 'no ServiceMonitor by default');
    expect(
      !objects.some((o) => o.metadata?.name?.startsWith(OCP_MCP)),
      'no openshift-mcp-server object by default',
    );
    expect(
      pluginConfig().ai?.openshiftMcpServer === undefined,
      'plugin-config names no openshift-mcp-server by default',
    );
    break;
  case 'openshift-mcp':
    checkOpenshiftMcpDeployed({ lifecycle: false });
    checkOpenshiftMcpRegistered({
      name: OCP_MCP,
      url: `https://${OCP_MCP}.${NAMESPACE}.svc:8443/mcp`,
      lifecycle: false,
    });
    break;
  case 'openshift-mcp-lifecycle':
    checkOpenshiftMcpDeployed({ lifecycle: true });
    expect(
      pluginConfig().ai?.openshiftMcpServer?.lifecycle === true,
      'plugin-config: lifecycle allowed',
    );
    break;
  case 'openshift-mcp-existing':
    expect(!find('Deployment', OCP_MCP), 'existing server: nothing deployed');
    checkOpenshiftMcpRegistered({
      name: 'ocp-tools',
      url: 'https://ocp-tools.mcp.svc:8443/mcp',
      lifecycle: true,
    });
    break;
  case 'register':
    checkPlugin({ aiEnabled: true });
    checkMcp({ tls: true, lightspeedNamespace: 'ols-ns' });
    checkRegistration({ url: mcpUrl('https') });
    checkServiceCATrust({ trust: true, lightspeedNamespace: 'ols-ns' });
    break;
  case 'register-existing-ca':
    checkRegistration({ url: mcpUrl('https') });
    checkServiceCATrust({
      trust: true,
      lightspeedNamespace: 'openshift-lightspeed',
      existing: 'admin-cas',
    });
    break;
  case 'register-no-tls':
    checkRegistration({ url: mcpUrl('http') });
    checkServiceCATrust({ trust: false, lightspeedNamespace: 'openshift-lightspeed' });
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
