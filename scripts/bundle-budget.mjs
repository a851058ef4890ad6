// Bundle budget, run after `npm run build` (which writes test-results/webpack-stats.json).
// Measures raw and gzip bytes of plugin-entry and of the chunks each exposed module loads (its
// webpack chunk group), and separately the shared-module fallback chunks (PatternFly copies the
// console loads only if it lacks a shared module). Enforces:
//   plugin-entry gzip ≤ 10 KB;  start-up (plugin-entry + the chunks of the modules the console runs
//   at start: console.flag extensions) gzip ≤ 10 KB;  search page (its route's module) gzip ≤ 80 KB.
// Both are transfer sizes. The entry's raw size is reported too: most of it is webpack's share-scope
// loaders for the PatternFly components the console shares per component, which no config removes.
// Prints a table, writes bench/results/bundle.json, exits 1 when over budget.
// Options: --project DIR (package.json + console-extensions.json), --dist DIR, --stats FILE,
// --out FILE (defaults: this repository, dist/, test-results/webpack-stats.json, bench/results/bundle.json).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(import.meta.url);
const { parse: parseJsonc } = require('comment-json');

const KB = 1024;
export const BUDGETS = {
  entryGzipBytes: 10 * KB,
  startupGzipBytes: 10 * KB,
  // The search page carries the whole rule set (a row's health verdict is its diagnosis) with
  // translatable texts: 50 KB with 14 rules, 63 KB with 18 and i18n, 72 KB with 19 and the launcher
  // log patterns (the YAML-parsing redaction stays out: launcherLogTail.ts loads with a log).
  searchPageGzipBytes: 80 * KB,
};

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? path.resolve(process.argv[i + 1]) : fallback;
};
const project = arg('--project', root);
const distDir = arg('--dist', path.join(root, 'dist'));
const statsFile = arg('--stats', path.join(root, 'test-results', 'webpack-stats.json'));
const outFile = arg('--out', path.join(root, 'bench', 'results', 'bundle.json'));

const fail = (message) => {
  console.error(`bundle budget: ${message}`);
  process.exit(1);
};

const sizeOf = (files) => {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(path.join(distDir, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: files.length, raw, gzip };
};

const manifestFile = path.join(distDir, 'plugin-manifest.json');
if (!existsSync(manifestFile)) fail(`${manifestFile} not found: run npm run build first`);
if (!existsSync(statsFile)) fail(`${statsFile} not found: run npm run build (production) first`);
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
const stats = JSON.parse(readFileSync(statsFile, 'utf8'));

const entryFiles = manifest.loadScripts ?? [];
if (entryFiles.length === 0) fail('plugin-manifest.json has no loadScripts');
// The stats must describe this very dist/: every chunk file they name must exist.
const statsFiles = new Set((stats.chunks ?? []).flatMap((c) => c.files ?? []));
for (const file of [...statsFiles].filter((f) => f.endsWith('.js'))) {
  if (!existsSync(path.join(distDir, file))) {
    fail(
      `${path.relative(root, statsFile)} names ${file}, missing from dist/: stale stats, rebuild`,
    );
  }
}
for (const file of entryFiles) {
  if (!statsFiles.has(file)) fail(`${file} is not in the stats: stale stats, rebuild`);
}

const pkg = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8'));
const exposed = Object.keys(pkg.consolePlugin?.exposedModules ?? {});
const groups = stats.namedChunkGroups ?? {};
const jsAssets = (group) =>
  (group.assets ?? [])
    .map((a) => (typeof a === 'string' ? a : a.name))
    .filter((f) => f.endsWith('.js'));

const modules = {};
const loadedFiles = new Set(entryFiles);
for (const name of exposed) {
  const group = groups[`exposed-${name}`];
  if (!group) fail(`no chunk group exposed-${name} in the stats`);
  const files = jsAssets(group);
  files.forEach((f) => loadedFiles.add(f));
  modules[name] = sizeOf(files);
}

// Every other script is only reachable as a shared-module fallback (or an async import).
const allScripts = readdirSync(distDir).filter((f) => f.endsWith('.js'));
const fallbackFiles = allScripts.filter((f) => !loadedFiles.has(f));
const fallback = sizeOf(fallbackFiles);
const entry = sizeOf(entryFiles);

// The search page: the console.page/route whose path mentions "search".
const extensions = JSON.parse(
  JSON.stringify(parseJsonc(readFileSync(path.join(project, 'console-extensions.json'), 'utf8'))),
);
const searchRoute = extensions.find(
  (e) =>
    e.type === 'console.page/route' &&
    [e.properties?.path].flat().some((p) => typeof p === 'string' && p.includes('search')),
);
const searchModule = searchRoute?.properties?.component?.$codeRef?.split('.')[0];
const searchPage = searchModule ? modules[searchModule] : undefined;
if (searchModule && !searchPage)
  fail(`search route module '${searchModule}' is not an exposed module`);

// What every console start-up downloads: plugin-entry and the modules of console.flag extensions
// (the console runs their hooks at start, for every user).
const codeRefModules = (value) =>
  typeof value !== 'object' || value === null
    ? []
    : typeof value.$codeRef === 'string'
      ? [value.$codeRef.split('.')[0]]
      : Object.values(value).flatMap(codeRefModules);
const startupModules = [
  ...new Set(
    extensions
      .filter((e) => typeof e.type === 'string' && e.type.startsWith('console.flag'))
      .flatMap((e) => codeRefModules(e.properties)),
  ),
];
const startupFiles = new Set(entryFiles);
for (const name of startupModules) {
  const group = groups[`exposed-${name}`];
  if (!group) fail(`start-up module '${name}' is not an exposed module`);
  jsAssets(group).forEach((f) => startupFiles.add(f));
}
const startup = sizeOf([...startupFiles]);

// What the entry holds besides the webpack runtime: one fallback loader per consumed shared module
// (mostly PatternFly components) and one hash per chunk. Printed to explain an entry over budget.
const entrySource = entryFiles.map((f) => readFileSync(path.join(distDir, f), 'utf8')).join('');
const entryBreakdown = {
  sharedModuleFallbacks: new Set(entrySource.match(/"@patternfly\/[^"]+"/g) ?? []).size,
  chunks: (stats.chunks ?? []).length,
};

const over = [];
if (entry.gzip > BUDGETS.entryGzipBytes) {
  over.push(
    `plugin-entry ${entry.gzip} B gzip > ${BUDGETS.entryGzipBytes} B ` +
      `(${entryBreakdown.sharedModuleFallbacks} PatternFly shared-module fallback loaders, ` +
      `${entryBreakdown.chunks} chunks in its chunk map)`,
  );
}
if (startup.gzip > BUDGETS.startupGzipBytes) {
  over.push(
    `start-up (plugin-entry + ${startupModules.join(', ') || 'no flag module'}) ${startup.gzip} B gzip > ${BUDGETS.startupGzipBytes} B`,
  );
}
if (searchPage && searchPage.gzip > BUDGETS.searchPageGzipBytes) {
  over.push(`search page ${searchPage.gzip} B gzip > ${BUDGETS.searchPageGzipBytes} B`);
}

const kb = (n) => `${(n / KB).toFixed(1)} KB`;
const rows = [
  ['plugin-entry', entry, `gzip ≤ ${kb(BUDGETS.entryGzipBytes)}`],
  [
    `start-up (plugin-entry + ${startupModules.join(', ') || '—'})`,
    startup,
    `gzip ≤ ${kb(BUDGETS.startupGzipBytes)}`,
  ],
  ...Object.entries(modules).map(([name, s]) => [
    `exposed ${name}`,
    s,
    name === searchModule ? `gzip ≤ ${kb(BUDGETS.searchPageGzipBytes)} (search page)` : '',
  ]),
  ['shared-module fallbacks (not loaded when the console provides them)', fallback, 'report only'],
];
const width = Math.max(...rows.map(([n]) => n.length));
console.log(`${'bundle'.padEnd(width)}  files        raw       gzip  budget`);
for (const [name, s, budget] of rows) {
  console.log(
    `${name.padEnd(width)}  ${String(s.files).padStart(5)}  ${kb(s.raw).padStart(9)}  ${kb(s.gzip).padStart(9)}  ${budget}`,
  );
}
if (!searchRoute) {
  console.log(
    'note: no console.page/route with "search" in its path yet: search page budget skipped',
  );
}

const result = {
  entryBytes: entry.raw,
  entryGzipBytes: entry.gzip,
  entryBreakdown,
  startupModules,
  startupGzipBytes: startup.gzip,
  searchPageModule: searchModule ?? null,
  searchPageRawBytes: searchPage?.raw ?? null,
  searchPageGzipBytes: searchPage?.gzip ?? null,
  modules,
  sharedFallback: fallback,
  budgets: BUDGETS,
  overBudget: over,
};
mkdirSync(path.dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
console.log(`wrote ${path.relative(root, outFile)}`);

if (over.length) fail(`over budget: ${over.join('; ')}`);
console.log('bundle budget: ok');
