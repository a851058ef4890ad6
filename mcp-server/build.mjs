// Bundles the server, the shared src/kubevirt library and its npm packages: resolving and reading
// hundreds of node_modules files at launch cost ~2.5x the start-up time of bundled code (issue 15,
// "fast start"). ES modules with code splitting: what answering `initialize` needs is one small
// chunk graph, and the tools, @kubernetes/client-node and the HTTP transport are chunks of their
// own, parsed only when main.ts import()s them.
//
// dist/cnv-mcp-server.js stays the entry point (bin, Dockerfile, tests): a CommonJS stub that
// imports dist/esm/main.mjs.
import { build } from 'esbuild';
import {
  chmodSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const dist = new URL('./dist/', import.meta.url).pathname;
const esmDir = path.join(dist, 'esm');
const entry = path.join(dist, 'cnv-mcp-server.js');
/** Chunks of an older build are removed once this old: a server started from it may still load them. */
const STALE_CHUNK_MS = 60 * 60_000;

const result = await build({
  entryPoints: { main: new URL('./src/main.ts', import.meta.url).pathname },
  outdir: esmDir,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  // Bundled CommonJS packages call require() for Node built-ins: give each ES module chunk one.
  banner: {
    js: "import { createRequire as __cnvCreateRequire } from 'node:module';\nconst require = __cnvCreateRequire(import.meta.url);",
  },
  define: { __CNV_MCP_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
  // Written below through a rename: test files build in parallel while others run the bundle,
  // and a reader must never see a half-written file.
  write: false,
});

const STUB = `#!/usr/bin/env node
// cnv-mcp-server: the server is the ES module bundle in ./esm (built by build.mjs).
import('./esm/main.mjs').catch((error) => {
  process.stderr.write(\`cnv-mcp-server: \${error instanceof Error ? error.message : error}\\n\`);
  process.exit(1);
});
`;

const writeAtomic = (file, contents, mode) => {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  if (mode) chmodSync(tmp, mode);
  renameSync(tmp, file);
};

mkdirSync(esmDir, { recursive: true });
// Chunks first, the entry last: a server starting meanwhile finds every chunk its entry names.
const files = [...result.outputFiles].sort(
  (a, b) =>
    Number(path.basename(a.path).startsWith('main.')) -
    Number(path.basename(b.path).startsWith('main.')),
);
for (const file of files) writeAtomic(file.path, file.contents);
writeAtomic(entry, STUB, 0o755);
// The single-file bundle of earlier builds.
for (const old of [`${entry}.map`]) {
  try {
    unlinkSync(old);
  } catch {
    // absent
  }
}
const current = new Set(result.outputFiles.map((f) => path.basename(f.path)));
for (const name of readdirSync(esmDir)) {
  const file = path.join(esmDir, name);
  if (current.has(name)) continue;
  try {
    if (Date.now() - statSync(file).mtimeMs > STALE_CHUNK_MS) unlinkSync(file);
  } catch {
    // removed by a parallel build
  }
}
console.log(`built ${entry} (+ ${result.outputFiles.length} files in ${esmDir})`);
