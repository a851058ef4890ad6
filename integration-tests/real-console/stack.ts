/**
 * Runs a real OpenShift console that the user provides (bridge binary + built frontend, e.g. the files
 * of the `quay.io/openshift/origin-console` image or a console built by hand) with the real
 * kubevirt-plugin and lightspeed-console builds beside ours, against the kube simulator, cnv-mcp-server
 * and the OLS dev server. Nothing here builds a console: it only starts what it is given.
 *
 * Bridge flags as openshift/console release-4.22 defines them (`cmd/bridge/main.go`,
 * `cmd/bridge/config/auth/authoptions.go`, `pkg/serverconfig/types.go` ProxyService): off-cluster
 * mode, `--user-auth=disabled` with `--k8s-auth-bearer-token` (one bridge per demo user, since a
 * static authenticator has one user), `--plugins name=url,…`, and `--plugin-proxy` routing
 * lightspeed-console's `ols` alias to the OLS dev server with the user's token (`authorize: true`),
 * as the operator's ConsolePlugin proxy does.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { DEMO_USERS } from '../fixtures/demo-cluster';
import type { KubeSimulator } from '../kube-simulator';
import type { OlsDevServer } from '../ols-dev-server';
import { PLUGIN_DIST, pluginAiConfig, startBackends } from '../support/backends';
import { assertPortFree, spawnPart } from '../support/stackParts';

/** The environment variables naming what the user provides. */
export const REAL_CONSOLE_ENV = {
  bridge: 'KV_LS_CONSOLE_BRIDGE',
  publicDir: 'KV_LS_CONSOLE_PUBLIC_DIR',
  kubevirtPlugin: 'KV_LS_KUBEVIRT_PLUGIN_DIST',
  lightspeedPlugin: 'KV_LS_LIGHTSPEED_PLUGIN_DIST',
} as const;

export interface RealConsolePaths {
  bridge: string;
  publicDir: string;
  kubevirtPlugin: string;
  lightspeedPlugin: string;
}

export type RealConsoleConfig =
  { ok: true; paths: RealConsolePaths } | { ok: false; problems: string[] };

/** Reads the paths from the environment; says exactly what is missing or wrong. */
export const realConsoleConfig = (env: NodeJS.ProcessEnv = process.env): RealConsoleConfig => {
  const problems: string[] = [];
  const paths = {} as RealConsolePaths;
  const checks: [keyof RealConsolePaths, string, (p: string) => boolean][] = [
    ['bridge', 'the bridge binary', (p) => statSync(p).isFile()],
    [
      'publicDir',
      "the console frontend's public/dist",
      (p) => existsSync(path.join(p, 'index.html')),
    ],
    [
      'kubevirtPlugin',
      "kubevirt-plugin's dist",
      (p) => existsSync(path.join(p, 'plugin-manifest.json')),
    ],
    [
      'lightspeedPlugin',
      "lightspeed-console's dist",
      (p) => existsSync(path.join(p, 'plugin-manifest.json')),
    ],
  ];
  for (const [key, what, valid] of checks) {
    const name = REAL_CONSOLE_ENV[key];
    const value = env[name];
    if (!value) {
      problems.push(`${name} is not set (${what})`);
      continue;
    }
    let ok = false;
    try {
      ok = valid(value);
    } catch {
      ok = false;
    }
    if (!ok) problems.push(`${name}=${value} is not ${what}`);
    else paths[key] = path.resolve(value);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, paths };
};

/** The file bridge reads, relative to its working directory, when it builds its handlers. */
const GRAPHQL_SCHEMA = path.join('pkg', 'graphql', 'schema.graphql');

/**
 * The working directory to start bridge in. Bridge 4.22 reads `pkg/graphql/schema.graphql` relative to
 * its cwd (`pkg/server/server.go` HTTPHandler) and panics without it; the console image puts it at
 * `/pkg/graphql/schema.graphql` with `/` as cwd (`Dockerfile`), a source checkout has it at its root.
 * So: `KV_LS_CONSOLE_WORKDIR` if set, else the nearest ancestor of the bridge binary or of the public
 * dir that holds the schema, else `/` if it does, else undefined (bridge then says what it misses).
 */
export const bridgeWorkDir = (
  paths: Pick<RealConsolePaths, 'bridge' | 'publicDir'>,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined => {
  if (env.KV_LS_CONSOLE_WORKDIR) return path.resolve(env.KV_LS_CONSOLE_WORKDIR);
  for (const start of [path.dirname(paths.bridge), paths.publicDir]) {
    for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
      if (existsSync(path.join(dir, GRAPHQL_SCHEMA))) return dir;
      if (path.dirname(dir) === dir) break;
    }
  }
  return undefined;
};

export interface RealConsolePorts {
  /** First bridge port; one bridge per demo user, then one without lightspeed-console. */
  bridge: number;
  kube: number;
  mcp: number;
  ols: number;
  plugins: number;
}

export const DEFAULT_REAL_CONSOLE_PORTS: RealConsolePorts = {
  bridge: 9600,
  kube: 9650,
  mcp: 9651,
  ols: 9652,
  plugins: 9653,
};

export const PLUGIN_NAMES = {
  ours: 'kubevirt-lightspeed-plugin',
  kubevirt: 'kubevirt-plugin',
  lightspeed: 'lightspeed-console-plugin',
} as const;

export interface RealConsoleBridge {
  user: string;
  url: string;
  lightspeed: boolean;
}

export interface RealConsoleStack {
  bridges: RealConsoleBridge[];
  kube: KubeSimulator;
  ols: OlsDevServer;
  stop(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.js': 'application/javascript',
  '.json': 'application/json',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.html': 'text/html',
};

/**
 * Test hooks: `GET /__stack/kube-requests`, `GET /__stack/ols-requests`, `DELETE` to reset both,
 * `POST /__stack/ols-mode` (a partial OLS dev server mode, e.g. `{"toolsApproval":"always"}`).
 */
type ControlHandler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => boolean;

/**
 * Serves each plugin's dist under `/<plugin name>/`, as the plugins' nginx services do in-cluster,
 * and the stack's test hooks under `/__stack/`.
 */
const startPluginServer = (
  port: number,
  roots: Record<string, string>,
  control: ControlHandler,
  pluginConfig: string,
): Promise<{ url: string; stop(): Promise<void>; name: string }> =>
  new Promise((resolve, reject) => {
    const server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://plugins');
      if (url.pathname.startsWith('/__stack/') && control(req, res, url)) return;
      const [, plugin, ...rest] = url.pathname.split('/');
      const root = roots[plugin];
      const relative = decodeURIComponent(rest.join('/'));
      if (plugin === PLUGIN_NAMES.ours && relative === 'plugin-config.json') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(pluginConfig);
        return;
      }
      const file = root ? path.resolve(root, relative) : '';
      if (
        !root ||
        !file.startsWith(root + path.sep) ||
        !existsSync(file) ||
        !statSync(file).isFile()
      ) {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('not found');
        return;
      }
      res.writeHead(200, {
        'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-store',
      });
      res.end(readFileSync(file));
    });
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: actual } = server.address() as AddressInfo;
      resolve({
        name: 'plugin file server',
        url: `http://127.0.0.1:${actual}`,
        stop: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });

/** The bridge's command line for one user (exported for tests). */
export const bridgeArgs = (options: {
  port: number;
  publicDir: string;
  kubeUrl: string;
  token: string;
  plugins: Record<string, string>;
  olsUrl: string;
}): string[] => [
  `--listen=http://127.0.0.1:${options.port}`,
  `--base-address=http://127.0.0.1:${options.port}`,
  `--public-dir=${options.publicDir}`,
  '--user-auth=disabled',
  `--k8s-auth-bearer-token=${options.token}`,
  '--k8s-mode=off-cluster',
  `--k8s-mode-off-cluster-endpoint=${options.kubeUrl}`,
  // The simulator's CA is generated per run; the off-cluster transport has no CA flag of its own.
  '--k8s-mode-off-cluster-skip-verify-tls=true',
  `--plugins=${Object.entries(options.plugins)
    .map(([name, url]) => `${name}=${url}`)
    .join(',')}`,
  `--plugin-proxy=${JSON.stringify({
    services: [
      {
        consoleAPIPath: `/api/proxy/plugin/${PLUGIN_NAMES.lightspeed}/ols/`,
        endpoint: options.olsUrl,
        authorize: true,
      },
    ],
  })}`,
  `--i18n-namespaces=${Object.keys(options.plugins)
    .map((name) => `plugin__${name}`)
    .join(',')}`,
  '--user-settings-location=localstorage',
];

export const startRealConsoleStack = async (
  paths: RealConsolePaths,
  ports: RealConsolePorts = DEFAULT_REAL_CONSOLE_PORTS,
  options: { log?: (line: string) => void } = {},
): Promise<RealConsoleStack> => {
  const log = options.log ?? (() => undefined);
  const backends = await startBackends(ports, { log });
  const { kube, ols, parts } = backends;
  // What the chart's nginx serves next to our bundle (runtime config); here AI is on.
  const pluginConfig = JSON.stringify({ ai: pluginAiConfig(backends) });
  const pluginServer = await parts.start('plugin file server', async () => {
    await assertPortFree(ports.plugins);
    return startPluginServer(
      ports.plugins,
      {
        [PLUGIN_NAMES.ours]: PLUGIN_DIST,
        [PLUGIN_NAMES.kubevirt]: paths.kubevirtPlugin,
        [PLUGIN_NAMES.lightspeed]: paths.lightspeedPlugin,
      },
      (req, res, url) => {
        const send = (body: unknown) => {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (url.pathname === '/__stack/ols-mode' && req.method === 'POST') {
          let body = '';
          req.on('data', (chunk: Buffer) => (body += chunk.toString()));
          req.on('end', () => {
            try {
              ols.setMode(JSON.parse(body || '{}'));
              send(ols.mode);
            } catch (error) {
              res.writeHead(400, { 'Content-Type': 'text/plain' });
              res.end(String(error));
            }
          });
          return true;
        }
        if (req.method === 'DELETE') {
          kube.resetRequestLog();
          ols.requests.length = 0;
          send({ reset: true });
          return true;
        }
        if (url.pathname === '/__stack/kube-requests') {
          send(
            kube.requests.map(({ method, path: p, query, user, status, websocket }) => ({
              method,
              path: p,
              query,
              user,
              status,
              websocket,
            })),
          );
          return true;
        }
        if (url.pathname === '/__stack/ols-requests') {
          send(ols.requests.map(({ path: p, body }) => ({ path: p, body })));
          return true;
        }
        return false;
      },
      pluginConfig,
    );
  });
  log(`plugin file server        ${pluginServer.url}`);

  const pluginUrl = (name: string) => `${pluginServer.url}/${name}/`;
  const variants = [
    ...DEMO_USERS.map((user) => ({ user, lightspeed: true })),
    // The same admin without lightspeed-console: AI must stay hidden and OLS untouched.
    { user: DEMO_USERS[0], lightspeed: false },
  ];
  const bridges: RealConsoleBridge[] = [];
  const cwd = bridgeWorkDir(paths);
  if (!cwd)
    log(`no ${GRAPHQL_SCHEMA} found above the bridge or public dir: set KV_LS_CONSOLE_WORKDIR`);
  for (const [index, { user, lightspeed }] of variants.entries()) {
    const port = ports.bridge + index;
    const label = `console bridge (${user.name}${lightspeed ? '' : ', no lightspeed-console'})`;
    await parts.start(label, async () => {
      await assertPortFree(port);
      const plugins: Record<string, string> = {
        [PLUGIN_NAMES.kubevirt]: pluginUrl(PLUGIN_NAMES.kubevirt),
        ...(lightspeed ? { [PLUGIN_NAMES.lightspeed]: pluginUrl(PLUGIN_NAMES.lightspeed) } : {}),
        [PLUGIN_NAMES.ours]: pluginUrl(PLUGIN_NAMES.ours),
      };
      const args = bridgeArgs({
        port,
        publicDir: paths.publicDir,
        kubeUrl: kube.url,
        token: user.token,
        plugins,
        olsUrl: ols.url,
      });
      return spawnPart(label, paths.bridge, args, {
        cwd,
        readyUrl: `http://127.0.0.1:${port}/health`,
        log,
        timeoutMs: 60_000,
      });
    });
    bridges.push({ user: user.name, url: `http://127.0.0.1:${port}`, lightspeed });
    log(`${label.padEnd(26)}http://127.0.0.1:${port}`);
  }
  return { bridges, kube, ols, stop: () => parts.stopAll() };
};
