// The README's test command: every suite in order, then one total line "N passed, N failed".
// Checks that are not test runners (lint, type check, locales, helm, build, bundle budget) count as
// one test each; jest and Playwright report their own counts through their JSON reporters.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.join(root, 'test-results');
mkdirSync(out, { recursive: true });

const only = process.argv.slice(2);
const totals = { passed: 0, failed: 0 };
const rows = [];

const run = (cmd, env = {}) =>
  spawnSync('bash', ['-c', cmd], { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
    .status;

const check = (name, cmd) => ({
  name,
  exec: () => {
    const ok = run(cmd) === 0;
    return { passed: ok ? 1 : 0, failed: ok ? 0 : 1 };
  },
});

const jsonSuite = (name, cmd, file, env, count) => ({
  name,
  exec: () => {
    rmSync(file, { force: true });
    const status = run(cmd, env);
    if (!existsSync(file)) return { passed: 0, failed: 1 };
    const counts = count(JSON.parse(readFileSync(file, 'utf8')));
    // A runner that crashed after writing partial results still fails the suite.
    if (status !== 0 && counts.failed === 0) counts.failed = 1;
    return counts;
  },
});

const jestFile = path.join(out, 'jest.json');
const pwFile = path.join(out, 'playwright.json');

const suites = [
  check('lint', 'npm run --silent lint'),
  check('typecheck', 'npm run --silent typecheck'),
  check('locales up to date', 'npm run --silent i18n:check'),
  check('build', 'npm run --silent build'),
  check('bundle budget', 'node scripts/bundle-budget.mjs'),
  check('helm lint + template', 'bash scripts/helm-check.sh'),
  jsonSuite(
    'unit + integration (jest)',
    `npx jest --ci --json --outputFile=${jestFile}`,
    jestFile,
    {},
    (r) => ({
      passed: r.numPassedTests,
      failed: r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0),
    }),
  ),
  jsonSuite(
    'browser (playwright + chromium)',
    'npx playwright test --reporter=list,json',
    pwFile,
    { PLAYWRIGHT_JSON_OUTPUT_NAME: pwFile },
    (r) => ({
      passed: (r.stats?.expected ?? 0) + (r.stats?.flaky ?? 0),
      failed: r.stats?.unexpected ?? 0,
    }),
  ),
].filter((s) => only.length === 0 || only.some((o) => s.name.includes(o)));

for (const suite of suites) {
  console.log(`\n==> ${suite.name}`);
  const started = Date.now();
  const r = suite.exec();
  totals.passed += r.passed;
  totals.failed += r.failed;
  rows.push({ ...r, name: suite.name, seconds: Math.round((Date.now() - started) / 1000) });
}

console.log('\nSuite summary');
for (const r of rows) {
  console.log(
    `  ${r.failed ? 'FAIL' : 'ok  '} ${r.name}: ${r.passed} passed, ${r.failed} failed (${r.seconds}s)`,
  );
}
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 ? 0 : 1);
