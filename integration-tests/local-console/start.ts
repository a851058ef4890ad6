/**
 * `npm start`: builds what is missing, starts the local stack, prints the URL to open. Ctrl-C stops it.
 * Ports: KV_LS_CONSOLE_PORT (9000), KV_LS_KUBE_PORT (6443), KV_LS_MCP_PORT (8081), KV_LS_OLS_PORT (8080).
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_PORTS, MCP_BIN, PLUGIN_DIST, ROOT, startStack } from './stack';

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

const main = async () => {
  const rebuild = process.argv.includes('--rebuild');
  if (
    rebuild ||
    !existsSync(path.join(PLUGIN_DIST, 'plugin-manifest.json')) ||
    !existsSync(MCP_BIN)
  ) {
    console.log('Building the plugin and cnv-mcp-server (npm run build)…');
    execSync('npm run build', { cwd: ROOT, stdio: 'inherit' });
  }
  const stack = await startStack(
    {
      console: port('KV_LS_CONSOLE_PORT', DEFAULT_PORTS.console),
      kube: port('KV_LS_KUBE_PORT', DEFAULT_PORTS.kube),
      mcp: port('KV_LS_MCP_PORT', DEFAULT_PORTS.mcp),
      ols: port('KV_LS_OLS_PORT', DEFAULT_PORTS.ols),
    },
    { log: (line) => console.log(line) },
  );
  console.log(`\nLocal console ready: ${stack.console.url}\n`);
  console.log(
    'Switch user, Lightspeed presence, MCP registration and OLS failures in the masthead toolbar.',
  );
  console.log('Press Ctrl-C to stop.');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
};

main().catch((e) => {
  console.error(`Local console failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
