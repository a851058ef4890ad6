/**
 * scripts/bundle-budget.mjs on small fake builds: which chunks count for which exposed module,
 * what is reported as shared fallback, and that each budget fails the run when exceeded.
 */
import { spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gzipSync } from 'zlib';

const SCRIPT = path.join(__dirname, 'bundle-budget.mjs');
const KB = 1024;

interface FakeBuild {
  entryBytes: number;
  /** Exposed module → chunk files (name → size in incompressible bytes). */
  modules: Record<string, Record<string, number>>;
  fallbacks: Record<string, number>;
  searchRoute?: string;
  /** Exposed module of a console.flag/hookProvider extension (runs at console start-up). */
  flagModule?: string;
}

/** Incompressible content (base64 of random bytes), so gzip sizes are predictable. */
const noise = (bytes: number): string => randomBytes(bytes).toString('base64').slice(0, bytes);

const makeBuild = (build: FakeBuild) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kls-budget-'));
  const dist = path.join(dir, 'dist');
  fs.mkdirSync(dist);
  const write = (file: string, bytes: number) =>
    fs.writeFileSync(path.join(dist, file), noise(bytes));

  write('plugin-entry.abc.min.js', build.entryBytes);
  const chunks: { id: number; files: string[] }[] = [{ id: 0, files: ['plugin-entry.abc.min.js'] }];
  const namedChunkGroups: Record<string, { assets: { name: string }[] }> = {};
  for (const [module, files] of Object.entries(build.modules)) {
    for (const [file, bytes] of Object.entries(files)) {
      if (!fs.existsSync(path.join(dist, file))) write(file, bytes);
      chunks.push({ id: chunks.length, files: [file] });
    }
    namedChunkGroups[`exposed-${module}`] = {
      assets: Object.keys(files).map((name) => ({ name })),
    };
  }
  for (const [file, bytes] of Object.entries(build.fallbacks)) {
    write(file, bytes);
    chunks.push({ id: chunks.length, files: [file] });
  }
  fs.writeFileSync(path.join(dir, 'stats.json'), JSON.stringify({ chunks, namedChunkGroups }));
  fs.writeFileSync(
    path.join(dist, 'plugin-manifest.json'),
    JSON.stringify({ loadScripts: ['plugin-entry.abc.min.js'] }),
  );
  const exposedModules = Object.fromEntries(Object.keys(build.modules).map((m) => [m, `./${m}`]));
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ consolePlugin: { exposedModules } }),
  );
  const extensions = [
    ...(build.searchRoute
      ? [
          // JSONC, as console-extensions.json may be.
          `// the search page\n{"type":"console.page/route","properties":{"path":["/k8s/all-namespaces/vm-search"],"component":{"$codeRef":"${build.searchRoute}"}}}`,
        ]
      : []),
    ...(build.flagModule
      ? [
          `{"type":"console.flag/hookProvider","properties":{"handler":{"$codeRef":"${build.flagModule}.useFlagHook"}}}`,
        ]
      : []),
  ];
  fs.writeFileSync(path.join(dir, 'console-extensions.json'), `[${extensions.join(',')}]`);

  const out = path.join(dir, 'bundle.json');
  const args = [
    '--project',
    dir,
    '--dist',
    dist,
    '--stats',
    path.join(dir, 'stats.json'),
    '--out',
    out,
  ];
  const rerun = () => spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });
  const r = rerun();
  const result = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : undefined;
  const gzipOf = (file: string) =>
    gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length;
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  return { status: r.status, output: r.stdout + r.stderr, result, dist, rerun, gzipOf, cleanup };
};

describe('bundle-budget.mjs', () => {
  test('counts each exposed module’s chunk group, and fallbacks apart', () => {
    const run = makeBuild({
      entryBytes: 4 * KB,
      modules: {
        flags: { 'exposed-flags-chunk-1.min.js': 1 * KB, 'shared-jsx-chunk.min.js': 2 * KB },
        SearchPage: {
          'exposed-SearchPage-chunk-2.min.js': 20 * KB,
          'shared-jsx-chunk.min.js': 2 * KB,
        },
      },
      fallbacks: { 'pf-button-chunk.min.js': 50 * KB, 'pf-table-chunk.min.js': 30 * KB },
      searchRoute: 'SearchPage',
    });
    try {
      expect(run.status).toBe(0);
      const { result } = run;
      expect(result.entryBytes).toBe(4 * KB);
      expect(result.modules.flags).toMatchObject({ files: 2, raw: 3 * KB });
      expect(result.modules.SearchPage).toMatchObject({ files: 2, raw: 22 * KB });
      expect(result.sharedFallback).toMatchObject({ files: 2, raw: 80 * KB });
      expect(result.searchPageModule).toBe('SearchPage');
      expect(result.searchPageGzipBytes).toBe(
        run.gzipOf('exposed-SearchPage-chunk-2.min.js') + run.gzipOf('shared-jsx-chunk.min.js'),
      );
      expect(result.overBudget).toEqual([]);
      expect(run.output).toContain('bundle budget: ok');
    } finally {
      run.cleanup();
    }
  });

  test('fails when plugin-entry is over 10 KB gzip', () => {
    const run = makeBuild({
      // base64 noise compresses to about 3/4: 14 KB raw is about 10.5 KB gzip.
      entryBytes: 14 * KB,
      modules: { flags: { 'f.min.js': KB } },
      fallbacks: {},
    });
    try {
      expect(run.status).toBe(1);
      expect(run.result.overBudget).toEqual([
        expect.stringMatching(/^plugin-entry \d+ B gzip > 10240 B/),
        // Without a flag module, start-up is plugin-entry alone.
        expect.stringMatching(/^start-up \(plugin-entry \+ no flag module\) \d+ B gzip > 10240 B/),
      ]);
    } finally {
      run.cleanup();
    }
  });

  test('fails when plugin-entry and the flag module the console runs at start are over 10 KB gzip together', () => {
    const build = {
      entryBytes: 7 * KB,
      modules: {
        flags: { 'flags-chunk.min.js': 7 * KB },
        SearchPage: { 'search-chunk.min.js': 30 * KB },
      },
      fallbacks: {},
      searchRoute: 'SearchPage',
      flagModule: 'flags',
    };
    const over = makeBuild(build);
    const under = makeBuild({ ...build, modules: { ...build.modules, flags: { 'f.min.js': KB } } });
    try {
      expect(over.status).toBe(1);
      expect(over.result.startupModules).toEqual(['flags']);
      expect(over.result.startupGzipBytes).toBe(
        over.gzipOf('plugin-entry.abc.min.js') + over.gzipOf('flags-chunk.min.js'),
      );
      expect(over.result.overBudget).toEqual([
        expect.stringMatching(/^start-up \(plugin-entry \+ flags\) \d+ B gzip > 10240 B/),
      ]);
      // The search page's chunks are not start-up.
      expect(under.status).toBe(0);
    } finally {
      over.cleanup();
      under.cleanup();
    }
  });

  test('fails when the search page is over 80 KB gzip, and only counts its own group', () => {
    const run = makeBuild({
      entryBytes: KB,
      modules: { SearchPage: { 's.min.js': 120 * KB }, Other: { 'o.min.js': 10 * KB } },
      fallbacks: { 'pf.min.js': 500 * KB },
      searchRoute: 'SearchPage.default',
    });
    try {
      expect(run.status).toBe(1);
      expect(run.result.searchPageGzipBytes).toBeGreaterThan(80 * KB);
      expect(run.output).toMatch(/search page \d+ B gzip > 81920 B/);
    } finally {
      run.cleanup();
    }
  });

  test('skips the search page budget, with a note, while no search route exists', () => {
    const run = makeBuild({
      entryBytes: KB,
      modules: { flags: { 'f.min.js': 200 * KB } },
      fallbacks: {},
    });
    try {
      expect(run.status).toBe(0);
      expect(run.result.searchPageGzipBytes).toBeNull();
      expect(run.output).toContain('search page budget skipped');
    } finally {
      run.cleanup();
    }
  });

  test('refuses stats that do not describe the build in dist/', () => {
    const run = makeBuild({
      entryBytes: KB,
      modules: { flags: { 'f.min.js': KB } },
      fallbacks: {},
    });
    try {
      expect(run.status).toBe(0);
      fs.rmSync(path.join(run.dist, 'f.min.js'));
      const r = run.rerun();
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('names f.min.js, missing from dist/: stale stats, rebuild');
    } finally {
      run.cleanup();
    }
  });

  test('asks for a build when there is none', () => {
    const r = spawnSync(
      process.execPath,
      [SCRIPT, '--dist', path.join(os.tmpdir(), 'kls-no-dist')],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('run npm run build first');
  });
});
