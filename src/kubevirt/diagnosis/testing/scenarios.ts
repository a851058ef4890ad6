/**
 * Test support (node only, never imported by the library): loads the scenario files of
 * integration-tests/fixtures/scenarios and builds snapshots from them the way a client would.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { buildVmSnapshot } from '../buildSnapshot';
import { launcherLogTargets } from '../launcherLog';
import { boundLauncherLog } from '../launcherLogTail';
import type {
  K8sObject,
  LauncherLog,
  Pod,
  RootCauseCategory,
  VirtualMachine,
  VmSnapshot,
} from '../model';

export const SCENARIO_DIR = resolve(__dirname, '../../../../integration-tests/fixtures/scenarios');
/**
 * A second corpus on a 10-node cluster of its own (pools, zones, taints, GPUs, SR-IOV): written as
 * held-out checks of the rules, each with a `# detail:` line the root cause must match.
 */
export const TEN_NODE_SCENARIO_DIR = resolve(
  __dirname,
  '../../../../integration-tests/fixtures/scenarios-ten-nodes',
);
export const CLUSTER_FILE = '_cluster.yaml';
/** The scenarios' clock: their events happened in the half hour before this instant. */
export const SCENARIO_NOW = new Date('2026-11-20T08:00:00Z');

export interface Scenario {
  file: string;
  /** null for `category=none` (healthy or deliberately stopped). */
  expected: RootCauseCategory | null;
  namespace: string;
  name: string;
  objects: K8sObject[];
  /** `# detail:` on the second line: a case-insensitive pattern the root cause must name. */
  detail?: string;
}

const EXPECT_LINE = /^# expect: category=(\S+) vm=([^/\s]+)\/(\S+)\s*$/;

export const parseYamlDocuments = (text: string): K8sObject[] =>
  parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(doc.errors[0].message);
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => !!o && typeof o === 'object');

const DETAIL_LINE = /^# detail:\s*(.+)$/;

export const loadScenario = (file: string, dir = SCENARIO_DIR): Scenario => {
  const text = readFileSync(join(dir, file), 'utf8');
  const lines = text.split('\n');
  const m = EXPECT_LINE.exec(lines[0]);
  if (!m)
    throw new Error(
      `${file}: first line must be "# expect: category=<Category|none> vm=<ns>/<name>"`,
    );
  return {
    file,
    expected: m[1] === 'none' ? null : (m[1] as RootCauseCategory),
    namespace: m[2],
    name: m[3],
    objects: parseYamlDocuments(text),
    ...(DETAIL_LINE.test(lines[1] ?? '') ? { detail: DETAIL_LINE.exec(lines[1])![1].trim() } : {}),
  };
};

export const scenarioFiles = (dir = SCENARIO_DIR): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && f !== CLUSTER_FILE)
    .sort();

export const loadAllScenarios = (dir = SCENARIO_DIR): Scenario[] =>
  scenarioFiles(dir).map((file) => loadScenario(file, dir));

export const loadClusterObjects = (dir = SCENARIO_DIR): K8sObject[] =>
  parseYamlDocuments(readFileSync(join(dir, CLUSTER_FILE), 'utf8'));

export const findVm = (pool: K8sObject[], namespace: string, name: string): VirtualMachine => {
  const vm = pool.find(
    (o) =>
      o.kind === 'VirtualMachine' &&
      o.metadata?.namespace === namespace &&
      o.metadata?.name === name,
  );
  if (!vm) throw new Error(`VirtualMachine ${namespace}/${name} not found`);
  return vm as VirtualMachine;
};

/**
 * The launcher log tails a client would read for these pods: the kube simulator's fixture log
 * annotations (`kube-simulator.test/log-<container>`, see its README), empty without one.
 */
export const fixtureLauncherLogs = (pods: readonly Pod[]): LauncherLog[] =>
  launcherLogTargets(pods).map(({ pod, container }) => {
    const annotations = pods.find((p) => p.metadata?.name === pod)?.metadata?.annotations ?? {};
    const base64 = annotations[`kube-simulator.test/log-base64-${container}`];
    const raw =
      base64 !== undefined
        ? new Uint8Array(Buffer.from(base64, 'base64'))
        : (annotations[`kube-simulator.test/log-${container}`] ?? '');
    return boundLauncherLog(pod, container, raw);
  });

/** Snapshot of one scenario's VM taken from a pool (by default: the whole simulated cluster). */
export const scenarioSnapshot = (
  scenario: Scenario,
  pool: K8sObject[],
  options: { now?: Date; forbiddenKinds?: string[] } = {},
): VmSnapshot => {
  const vm = findVm(pool, scenario.namespace, scenario.name);
  const base = buildVmSnapshot(vm, pool, {
    now: options.now ?? SCENARIO_NOW,
    forbiddenKinds: options.forbiddenKinds,
  });
  return { ...base, launcherLogs: fixtureLauncherLogs(base.pods) };
};
