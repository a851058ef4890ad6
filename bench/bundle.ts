/** Plugin bundle sizes: reuses scripts/bundle-budget.mjs, which writes bench/results/bundle.json. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { report, RESULTS_DIR, ROOT } from './lib/results';

interface BundleJson {
  entryBytes: number;
  entryGzipBytes: number;
  searchPageGzipBytes: number;
  searchPageRawBytes: number;
  startupGzipBytes: number;
  /** What scripts/bundle-budget.mjs enforces. */
  budgets: { entryGzipBytes: number; startupGzipBytes: number; searchPageGzipBytes: number };
  [key: string]: unknown;
}

export const runBundleBench = async () => {
  console.log('bundle: plugin-entry and search page chunks (scripts/bundle-budget.mjs)');
  const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/bundle-budget.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (run.stdout) process.stdout.write(run.stdout.replace(/^/gm, '    '));
  const bundle = JSON.parse(
    readFileSync(path.join(RESULTS_DIR, 'bundle.json'), 'utf8'),
  ) as BundleJson;
  const withinBudget = run.status === 0;
  if (!withinBudget) console.log(`    (bundle budget exceeded: ${run.stderr.trim()})`);
  report(
    'bundle',
    `plugin-entry ${bundle.entryBytes} B raw (${bundle.entryGzipBytes} B gzip)`,
    `budget <= ${bundle.budgets.entryGzipBytes} B gzip`,
  );
  report(
    'bundle',
    `start-up (plugin-entry + flags) ${bundle.startupGzipBytes} B gzip`,
    `budget <= ${bundle.budgets.startupGzipBytes} B gzip`,
  );
  report(
    'bundle',
    `search page ${bundle.searchPageGzipBytes} B gzip (${bundle.searchPageRawBytes} B raw)`,
    `budget <= ${bundle.budgets.searchPageGzipBytes} B gzip`,
  );
  return { ...bundle, withinBudget };
};
