// `npm run test:real-console`: the browser flows in a real console, when the user provides one.
// Without the paths it says exactly which are missing and runs nothing (CI has no console build).
import { spawnSync } from 'node:child_process';

const required = {
  KV_LS_CONSOLE_BRIDGE: 'the console bridge binary',
  KV_LS_CONSOLE_PUBLIC_DIR: "the console frontend's public/dist directory",
  KV_LS_KUBEVIRT_PLUGIN_DIST: "kubevirt-plugin's built dist/ directory",
  KV_LS_LIGHTSPEED_PLUGIN_DIST: "lightspeed-console's built dist/ directory",
};
const missing = Object.entries(required).filter(([name]) => !process.env[name]);
if (missing.length > 0) {
  console.log('Real-console browser tests not run; set:');
  for (const [name, what] of missing) console.log(`  ${name}  (${what})`);
  process.exit(0);
}
const result = spawnSync(
  'npx',
  ['playwright', 'test', '-c', 'playwright.real-console.config.ts', ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } },
);
process.exit(result.status ?? 1);
