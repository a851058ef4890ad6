/**
 * `npm run bench`: runs every benchmark part (or those named on the command line), prints each
 * figure next to its baseline or target, writes bench/results/<part>.json and bench/results/latest.json.
 * A part that fails is recorded with its error and the others still run; the exit code is then 1.
 * Targets missed are reported, not turned into failures: these are measurements.
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { runBundleBench } from './bundle';
import { runDiagnoseBench } from './diagnose';
import { runLoadBench } from './load';
import { runPeerBench } from './peer';
import { RESULTS_DIR, writeResult } from './lib/results';
import { round } from './lib/stats';
import { runSearchBench } from './search';
import { runSearchPageBench } from './searchPage';
import { runStartupBench } from './startup';

const PARTS: Record<string, () => Promise<unknown>> = {
  bundle: runBundleBench,
  search: runSearchBench,
  diagnose: runDiagnoseBench,
  load: runLoadBench,
  searchPage: runSearchPageBench,
  startup: runStartupBench,
  peer: runPeerBench,
};

// A stray rejection inside one part must fail that part's report, not kill the whole run silently.
process.on('unhandledRejection', (reason) => {
  console.error('bench: unhandled rejection', reason);
});

const main = async () => {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((p) => !(p in PARTS));
  if (unknown.length > 0) {
    console.error(
      `unknown part(s): ${unknown.join(', ')}; parts: ${Object.keys(PARTS).join(', ')}`,
    );
    return 2;
  }
  const names = requested.length > 0 ? requested : Object.keys(PARTS);
  const startedAt = new Date().toISOString();
  // Running some parts only keeps the other parts' last figures (each part says when it ran).
  const latestFile = path.join(RESULTS_DIR, 'latest.json');
  const previous = existsSync(latestFile)
    ? (JSON.parse(readFileSync(latestFile, 'utf8')) as Record<string, unknown>)
    : {};
  const latest: Record<string, unknown> = Object.fromEntries(
    Object.keys(PARTS)
      .filter((name) => name in previous)
      .map((name) => [name, previous[name]]),
  );
  const durationsSec: Record<string, number> = {};
  let failed = 0;
  for (const name of names) {
    const t0 = Date.now();
    try {
      latest[name] = {
        ...((await PARTS[name]()) as Record<string, unknown>),
        measuredAt: new Date().toISOString(),
      };
    } catch (error) {
      failed += 1;
      const message = error instanceof Error ? error.message : String(error);
      console.error(`  [${name}] FAILED: ${message}`);
      latest[name] = { error: message, measuredAt: new Date().toISOString() };
    }
    durationsSec[name] = round((Date.now() - t0) / 1000);
  }
  writeResult('latest', {
    ...latest,
    partsRun: names,
    startedAt,
    finishedAt: new Date().toISOString(),
    durationsSec,
    machine: {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGiB: round(totalmem() / 1024 ** 3),
    },
  });
  console.log(
    `bench: wrote bench/results/latest.json (${Object.entries(durationsSec)
      .map(([k, v]) => `${k} ${v}s`)
      .join(', ')})`,
  );
  return failed > 0 ? 1 : 0;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
