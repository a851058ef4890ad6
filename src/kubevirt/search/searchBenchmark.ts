/**
 * Speed check (not a test): `npx tsx src/kubevirt/search/searchBenchmark.ts`.
 * Builds 10,000 VMs in 200 namespaces, then times parsing and filtering.
 */
import { makeLargeCluster } from '../testing/fixtureCluster';
import { filterVms } from './match';
import { parseVmSearchQuery } from './parse';

const now = new Date('2026-11-25T12:00:00Z');

const time = <T>(label: string, runs: number, work: () => T): T => {
  let result = work();
  const start = performance.now();
  for (let i = 0; i < runs; i += 1) result = work();
  const perRun = (performance.now() - start) / runs;
  // eslint-disable-next-line no-console
  console.log(`${label}: ${perRun.toFixed(3)} ms`);
  return result;
};

const queries = [
  'running vms in ns-01*',
  'failing windows vms created in the last 2 hours',
  'rhel 9 vms on worker-3 with at least 16Gi memory and more than 4 cpus',
  'labeled app=db env!=prod older than 30 days',
  'postgres',
];

const cluster = time('makeLargeCluster(10000, 200)', 3, () =>
  makeLargeCluster(10_000, 200, { now }),
);
for (const query of queries) {
  const { criteria } = time(`parse ${JSON.stringify(query)}`, 2000, () =>
    parseVmSearchQuery(query, { now }),
  );
  const matched = time(`  filter 10k`, 10, () => filterVms(cluster, criteria, { now }));
  // eslint-disable-next-line no-console
  console.log(`  → ${matched.length} VMs`);
}
time('parse 500-char hostile input', 200, () => parseVmSearchQuery('*a in '.repeat(100), { now }));
