// `npm run bench [-- part ...]`: builds first only when a build output is missing, then runs the
// TypeScript benchmark entry (bench/run.ts) with tsx. Parts: bundle search diagnose load searchPage startup peer.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const needed = [
  'dist/plugin-manifest.json',
  'test-results/webpack-stats.json',
  'mcp-server/dist/cnv-mcp-server.js',
];
const missing = needed.filter((file) => !existsSync(path.join(root, file)));
if (missing.length > 0) {
  console.log(`bench: ${missing.join(', ')} missing, running npm run build first`);
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const run = spawnSync(
  process.execPath,
  ['--import', 'tsx', path.join(root, 'bench/run.ts'), ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
process.exit(run.status ?? 1);
