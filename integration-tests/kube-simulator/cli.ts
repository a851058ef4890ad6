/**
 * Run the simulator from a shell:
 *   npx tsx integration-tests/kube-simulator/cli.ts --port 6443 --demo \
 *     --write-kubeconfig /tmp/kubeconfig --token dev-admin-token:'*' --token alice-token:team-a
 * Flags:
 *   --port N                 listen port (default 6443; 0 = random)
 *   --host ADDR              listen address (default 127.0.0.1)
 *   --demo                   seed the demo cluster (with scenario files)
 *   --no-scenarios           with --demo, leave the scenario files out
 *   --large VMS[:NAMESPACES] seed a generated large cluster (e.g. 10000:200)
 *   --yaml PATH              seed from a YAML file or directory (repeatable)
 *   --token TOKEN:NS[:USER]  a bearer token; NS is '*' or a comma list (repeatable).
 *                            Default: the demo users with --demo, else one admin token.
 *   --write-kubeconfig PATH  write a kubeconfig for the first token to PATH
 *   --latency MS             delay every request
 *   --log-requests           print one line per request
 */
import { parseArgs } from 'node:util';
import { buildDemoCluster, buildLargeCluster, DEMO_USERS } from '../fixtures/demo-cluster';
import type { TokenTable } from './auth';
import {
  DEFAULT_ADMIN_TOKEN,
  disposeKubeSimulator,
  startKubeSimulator,
  type KubeObject,
} from './index';

export const parseTokenFlag = (flag: string): [string, TokenTable[string]] => {
  const [token, namespaces, user] = flag.split(':');
  if (!token || namespaces === undefined) {
    throw new Error(`--token ${flag}: expected TOKEN:NAMESPACES[:USER]`);
  }
  return [
    token,
    {
      user: user || token.replace(/-token$/, ''),
      namespaces: namespaces === '*' ? '*' : namespaces.split(',').filter(Boolean),
      ...(namespaces === '*' ? {} : { secretsReadable: true }),
    },
  ];
};

const main = async (): Promise<void> => {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '6443' },
      host: { type: 'string', default: '127.0.0.1' },
      demo: { type: 'boolean', default: false },
      'no-scenarios': { type: 'boolean', default: false },
      large: { type: 'string' },
      yaml: { type: 'string', multiple: true },
      token: { type: 'string', multiple: true },
      'write-kubeconfig': { type: 'string' },
      latency: { type: 'string', default: '0' },
      'log-requests': { type: 'boolean', default: false },
    },
  });
  const objects: KubeObject[] = [];
  if (values.demo) {
    objects.push(...buildDemoCluster({ scenariosDir: values['no-scenarios'] ? null : undefined }));
  }
  if (values.large) {
    const [vms, namespaces] = values.large.split(':').map(Number);
    objects.push(...buildLargeCluster({ vms, namespaces: namespaces || undefined }));
  }
  const tokens: TokenTable = values.token?.length
    ? Object.fromEntries(values.token.map(parseTokenFlag))
    : values.demo
      ? Object.fromEntries(DEMO_USERS.map((u) => [u.token, u.grant]))
      : { [DEFAULT_ADMIN_TOKEN]: { user: 'kube:admin', namespaces: '*' } };
  const sim = await startKubeSimulator({
    port: Number(values.port),
    host: values.host,
    tokens,
    objects,
    yaml: values.yaml,
    latencyMs: Number(values.latency),
    log: values['log-requests'] ? (line) => console.log(line) : undefined,
  });
  const [firstToken] = Object.keys(tokens);
  const kubeconfig = sim.kubeconfigFor(
    firstToken,
    values['write-kubeconfig'] ? { path: values['write-kubeconfig'] } : {},
  );
  const vmCount = sim.store.list('virtualmachines').length;
  const nsCount = sim.store.list('namespaces').length;
  console.log(`Kubernetes API simulator listening on ${sim.url}`);
  console.log(`kubeconfig (${tokens[firstToken].user}): ${kubeconfig}`);
  console.log(`seeded ${vmCount} VirtualMachines in ${nsCount} namespaces`);
  for (const grant of Object.values(tokens)) {
    const scope = grant.namespaces === '*' ? 'all namespaces' : grant.namespaces.join(', ');
    console.log(`  user ${grant.user}: ${scope}`);
  }
  const shutdown = (signal: string) => {
    console.log(`${signal}: stopping`);
    void disposeKubeSimulator(sim).then(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
};

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  });
}
