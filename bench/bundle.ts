/** Plugin bundle sizes: reuses scripts/bundle-budget.mjs, which writes bench/results/bundle.json. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { report, RESULTS_DIR, ROOT } from './lib/results';

const ENTRY_BUDGET = 10 * 1024;
const SEARCH_PAGE_GZIP_BUDGET = 60 * 1024;

interface BundleJson {
  entryBytes: number;
  entryGzipBytes: number;
  searchPageGzipBytes: number;
  searchPageRawBytes: number;
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
    `budget <= ${ENTRY_BUDGET} B raw`,
  );
  report(
    'bundle',
    `search page ${bundle.searchPageGzipBytes} B gzip (${bundle.searchPageRawBytes} B raw)`,
    `budget <= ${SEARCH_PAGE_GZIP_BUDGET} B gzip`,
  );
  return { ...bundle, withinBudget };
};
