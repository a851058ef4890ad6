/**
 * Prints the README table of the latest benchmark figures from bench/results/latest.json:
 * `npx tsx bench/table.ts`. The figures in bench/README.md are pasted from its output.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RESULTS_DIR } from './lib/results';

type Part = Record<string, unknown> & { error?: string };
const latest = JSON.parse(readFileSync(path.join(RESULTS_DIR, 'latest.json'), 'utf8')) as Record<
  string,
  Part
> & { machine: { node: string; cpus: number; cpuModel?: string } };

const num = (part: string, key: string): number | undefined => {
  const value = latest[part]?.[key];
  return typeof value === 'number' ? value : undefined;
};
const show = (value: number | undefined, unit = ''): string =>
  value === undefined ? 'n/a' : `${value}${unit}`;
/** "50,000 VMs / 1,000 ns" from the part's own figures, so the label follows what was measured. */
const fleet = (part: string): string =>
  `${num(part, 'vms')?.toLocaleString('en-US') ?? '?'} VMs / ${num(part, 'namespaces')?.toLocaleString('en-US') ?? '?'} ns`;
const verdict = (value: number | undefined, limit: number): string =>
  value === undefined ? 'not measured' : value <= limit ? 'met' : '**not met**';

/** The budgets scripts/bundle-budget.mjs enforced in that run (its `budgets`). */
const budgets = (latest.bundle?.budgets ?? {}) as Record<string, number | undefined>;
const entryBudget = budgets.entryGzipBytes ?? 10_240;
const startupBudget = budgets.startupGzipBytes ?? 10_240;
const searchPageBudget = budgets.searchPageGzipBytes ?? 81_920;
const bytes = (n: number) => `${n.toLocaleString('en-US')} B`;

/** The part records its own target (bench/search.ts). */
const searchRatioTarget = (latest.search?.target as { ratio?: number } | undefined)?.ratio ?? 1.2;

const rows: [string, string, string, string, string][] = [
  [
    'plugin-entry size',
    `${show(num('bundle', 'entryBytes'), ' B')} raw (${show(num('bundle', 'entryGzipBytes'), ' B')} gzip)`,
    '—',
    `≤ ${bytes(entryBudget)} gzip (enforced in CI)`,
    verdict(num('bundle', 'entryGzipBytes'), entryBudget),
  ],
  [
    'start-up download (plugin-entry + the console.flag module)',
    `${show(num('bundle', 'startupGzipBytes'), ' B')} gzip`,
    '—',
    `≤ ${bytes(startupBudget)} gzip (enforced in CI)`,
    verdict(num('bundle', 'startupGzipBytes'), startupBudget),
  ],
  [
    'search page code',
    `${show(num('bundle', 'searchPageGzipBytes'), ' B')} gzip`,
    '—',
    `≤ ${bytes(searchPageBudget)} gzip (enforced in CI)`,
    verdict(num('bundle', 'searchPageGzipBytes'), searchPageBudget),
  ],
  [
    `\`search_virtual_machines\`, ${fleet('search')}`,
    `${show(num('search', 'toolMs'), ' ms')}, ratio **${show(num('search', 'ratio'), '×')}**; peak RSS ${show(num('search', 'toolPeakRssMiB'), ' MiB')}`,
    `client-node list ${show(num('search', 'baselineMs'), ' ms')}; peak RSS ${show(num('search', 'baselinePeakRssMiB'), ' MiB')}`,
    `≤ ${searchRatioTarget}×`,
    verdict(num('search', 'ratio'), searchRatioTarget),
  ],
  [
    '`diagnose_vm_error`, 4 volumes + 2 networks',
    `${show(num('diagnose', 'requests'))} requests in ${show(num('diagnose', 'rounds'))} rounds; at 50 ms latency median ${show(num('diagnose', 'totalMsWithLatency'), ' ms')}, p95 ${show(num('diagnose', 'p95MsWithLatency'), ' ms')} = **${show(num('diagnose', 'ratioVsRoundTrips'), '×')}** its rounds`,
    `rounds × 50 ms + raw GET: ${show(num('diagnose', 'roundTripsSumMs'), ' ms')}`,
    '≤ 13 requests, ≤ 3 rounds',
    `${verdict(num('diagnose', 'requests'), 13)} / ${verdict(num('diagnose', 'rounds'), 3)}`,
  ],
  [
    'load: 100 sessions × 20 calls, 3 rounds',
    `${show(num('load', 'errors'))} errors; p50 ${show(num('load', 'p50Ms'), ' ms')}, p95 ${show(num('load', 'p95Ms'), ' ms')}; RSS ${show(num('load', 'rssMiB'), ' MiB')} (growth round 1→3: ${show(num('load', 'rssGrowthMiB'), ' MiB')})`,
    `idle RSS ${show(num('load', 'idleRssMiB'), ' MiB')}`,
    '0 errors, ≤ 256 MiB, no growth',
    `${verdict(num('load', 'errors'), 0)} / ${verdict(num('load', 'rssMiB'), 256)}`,
  ],
  [
    `search page, ${fleet('searchPage')} (Chromium)`,
    `submit → rows ${show(num('searchPage', 'submitToRowsMs'), ' ms')} (painted ${show(num('searchPage', 'submitToPaintMs'), ' ms')})`,
    `unfiltered first page ${show(num('searchPage', 'unfilteredSubmitToRowsMs'), ' ms')}`,
    '≤ 100 ms',
    verdict(num('searchPage', 'submitToRowsMs'), 100),
  ],
  [
    'start-up over stdio (spawn → `initialize` answer)',
    `median ${show(num('startup', 'cnvMedianMs'), ' ms')}, p95 ${show(num('startup', 'cnvP95Ms'), ' ms')}; ratio **${show(num('startup', 'ratioVsPeer'), '×')}** the peer`,
    `kubernetes-mcp-server ${show(num('startup', 'peerMedianMs'), ' ms')}; \`node -e 0\` ${show(num('startup', 'nodeFloorMs'), ' ms')}`,
    '—',
    'measured',
  ],
  latest.peer?.skipped
    ? [
        '`diagnose_vm_error` vs peer `vm_troubleshoot`',
        'skipped',
        String(latest.peer.skipped),
        '—',
        '',
      ]
    : [
        '`diagnose_vm_error` vs peer `vm_troubleshoot`',
        `${show(num('peer', 'vms'))} VMs: median ${show(num('peer', 'diagnoseMedianMs'), ' ms')}, p95 ${show(num('peer', 'diagnoseP95Ms'), ' ms')}, ratio **${show(num('peer', 'diagnoseRatioVsPeer'), '×')}**; list of ${show(num('peer', 'searchVms'))} VMs ${show(num('peer', 'searchTextBytes'), ' B')} text = **${show(num('peer', 'bytesRatioVsPeer'), '×')}**`,
        `vm_troubleshoot median ${show(num('peer', 'troubleshootMedianMs'), ' ms')}, p95 ${show(num('peer', 'troubleshootP95Ms'), ' ms')}; \`resources_list\` ${show(num('peer', 'listTextBytes'), ' B')} text`,
        '—',
        'measured',
      ],
];

const lines = [
  '| What | Measured | Baseline (same run) | Target | |',
  '|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
  '',
  `Last run finished ${String(latest.finishedAt ?? '')} (each part's own time: \`measuredAt\`) on ${latest.machine.cpus} × ${latest.machine.cpuModel ?? 'CPU'}, Node ${latest.machine.node}.`,
];
console.log(lines.join('\n'));
