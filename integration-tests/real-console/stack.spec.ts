/**
 * The real-console stack's own behaviour, without a console: what it asks for, and that a part
 * that fails to start stops everything started before it.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MCP_BIN, PLUGIN_DIST } from '../support/backends';
import { assertPortFree } from '../support/stackParts';
import { bridgeArgs, REAL_CONSOLE_ENV, realConsoleConfig, startRealConsoleStack } from './stack';

jest.setTimeout(60_000);

const fakeDist = (dir: string, name: string) => {
  const dist = path.join(dir, name);
  mkdirSync(dist, { recursive: true });
  writeFileSync(path.join(dist, 'plugin-manifest.json'), JSON.stringify({ name }));
  return dist;
};

const fakeConsole = (script: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kv-ls-real-console-'));
  const bridge = path.join(dir, 'bridge');
  writeFileSync(bridge, `#!${process.execPath}\n${script}\n`);
  chmodSync(bridge, 0o755);
  const publicDir = path.join(dir, 'public');
  mkdirSync(publicDir);
  writeFileSync(path.join(publicDir, 'index.html'), '<html></html>');
  return {
    bridge,
    publicDir,
    kubevirtPlugin: fakeDist(dir, 'kubevirt-plugin'),
    lightspeedPlugin: fakeDist(dir, 'lightspeed'),
  };
};

const PORTS = { bridge: 9760, kube: 9770, mcp: 9771, ols: 9772, plugins: 9773 };
const allPortsFree = () =>
  Promise.all(Object.values(PORTS).map((port) => assertPortFree(port))).then(() => true);

const builds = existsSync(path.join(PLUGIN_DIST, 'plugin-manifest.json')) && existsSync(MCP_BIN);

describe('realConsoleConfig', () => {
  it('names every variable that is missing, and starts nothing', () => {
    const config = realConsoleConfig({});
    expect(config.ok).toBe(false);
    const problems = config.ok ? [] : config.problems;
    for (const name of Object.values(REAL_CONSOLE_ENV)) {
      expect(problems.some((problem) => problem.startsWith(`${name} is not set`))).toBe(true);
    }
  });

  it('says which path does not hold what it should', () => {
    const paths = fakeConsole('');
    const config = realConsoleConfig({
      [REAL_CONSOLE_ENV.bridge]: paths.bridge,
      [REAL_CONSOLE_ENV.publicDir]: paths.kubevirtPlugin,
      [REAL_CONSOLE_ENV.kubevirtPlugin]: paths.kubevirtPlugin,
      [REAL_CONSOLE_ENV.lightspeedPlugin]: '/nonexistent',
    });
    expect(config).toEqual({
      ok: false,
      problems: [
        `${REAL_CONSOLE_ENV.publicDir}=${paths.kubevirtPlugin} is not the console frontend's public/dist`,
        `${REAL_CONSOLE_ENV.lightspeedPlugin}=/nonexistent is not lightspeed-console's dist`,
      ],
    });
  });
});

describe('bridgeArgs', () => {
  it('runs off-cluster as one user, with the plugins and the OLS proxy the operator configures', () => {
    const args = bridgeArgs({
      port: 9600,
      publicDir: '/c/public/dist',
      kubeUrl: 'https://127.0.0.1:9650',
      token: 'alice-token',
      plugins: { 'kubevirt-plugin': 'http://p/kubevirt-plugin/', ours: 'http://p/ours/' },
      olsUrl: 'http://127.0.0.1:9652',
    });
    expect(args).toEqual(
      expect.arrayContaining([
        '--user-auth=disabled',
        '--k8s-auth-bearer-token=alice-token',
        '--k8s-mode=off-cluster',
        '--k8s-mode-off-cluster-endpoint=https://127.0.0.1:9650',
        '--plugins=kubevirt-plugin=http://p/kubevirt-plugin/,ours=http://p/ours/',
        '--i18n-namespaces=plugin__kubevirt-plugin,plugin__ours',
      ]),
    );
    const proxy = JSON.parse(
      (args.find((a) => a.startsWith('--plugin-proxy=')) ?? '').slice('--plugin-proxy='.length),
    );
    expect(proxy).toEqual({
      services: [
        {
          consoleAPIPath: '/api/proxy/plugin/lightspeed-console-plugin/ols/',
          endpoint: 'http://127.0.0.1:9652',
          authorize: true,
        },
      ],
    });
  });
});

(builds ? describe : describe.skip)('a part that fails to start (needs `npm run build`)', () => {
  it('a bridge that exits: the stack stops, names the part, and leaves nothing running', async () => {
    const paths = fakeConsole("console.error('bridge: bad flag'); process.exit(3);");
    await expect(startRealConsoleStack(paths, PORTS)).rejects.toThrow(
      /console bridge \(admin\) failed to start: exited with code 3:\s+bridge: bad flag/,
    );
    await expect(allPortsFree()).resolves.toBe(true);
  });

  it('a bridge path that cannot run: same, no orphan', async () => {
    const paths = { ...fakeConsole(''), bridge: '/nonexistent/bridge' };
    await expect(startRealConsoleStack(paths, PORTS)).rejects.toThrow(
      /console bridge \(admin\) failed to start: spawn \/nonexistent\/bridge ENOENT/,
    );
    await expect(allPortsFree()).resolves.toBe(true);
  });

  it('a port in use: the part on it is named and nothing is left running', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(PORTS.ols, '127.0.0.1', resolve));
    try {
      await expect(startRealConsoleStack(fakeConsole(''), PORTS)).rejects.toThrow(
        `OLS dev server failed to start: port ${PORTS.ols} is in use`,
      );
      await Promise.all(
        [PORTS.kube, PORTS.mcp, PORTS.plugins, PORTS.bridge].map((port) => assertPortFree(port)),
      );
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
