import { parseArgs } from 'node:util';
import { SERVER_NAME } from './version';

export type Transport = 'stdio' | 'http';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface ServerOptions {
  transport: Transport;
  port: number;
  host: string;
  kubeconfig?: string;
  cacheTtlSeconds: number;
  /** Tool calls allowed per caller per minute. */
  rateLimitPerMinute: number;
  /** Timeout of one Kubernetes API request. */
  k8sTimeoutSeconds: number;
  logLevel: LogLevel;
}

export type CliCommand =
  | { kind: 'run'; options: ServerOptions }
  | { kind: 'help'; text: string }
  | { kind: 'version' }
  | { kind: 'error'; message: string };

export const DEFAULT_OPTIONS: ServerOptions = {
  transport: 'stdio',
  port: 8080,
  host: '127.0.0.1',
  cacheTtlSeconds: 10,
  rateLimitPerMinute: 120,
  k8sTimeoutSeconds: 15,
  logLevel: 'info',
};

export const USAGE = `Usage: ${SERVER_NAME} [options]

Read-only MCP tools for OpenShift Virtualization (KubeVirt) virtual machines.

Options:
  --transport stdio|http     stdio (default) speaks MCP on stdin/stdout; http serves Streamable HTTP
  --port N                   HTTP port (default ${DEFAULT_OPTIONS.port})
  --host ADDRESS             HTTP bind address (default ${DEFAULT_OPTIONS.host}; 0.0.0.0 in a pod)
  --kubeconfig PATH          kubeconfig to use (default: $KUBECONFIG, ~/.kube/config, then in-cluster)
  --cache-ttl-seconds N      how long a tool result is reused for the same caller (default ${DEFAULT_OPTIONS.cacheTtlSeconds}, 0 = off)
  --rate-limit N/min         tool calls allowed per caller per minute (default ${DEFAULT_OPTIONS.rateLimitPerMinute}/min)
  --k8s-timeout-seconds N    timeout of one Kubernetes API request (default ${DEFAULT_OPTIONS.k8sTimeoutSeconds})
  --log-level LEVEL          debug|info|warn|error (default ${DEFAULT_OPTIONS.logLevel}); logs go to stderr
  -h, --help                 show this help
  -v, --version              print the version

HTTP mode acts as the caller: every /mcp request must carry "Authorization: Bearer <token>" and every
Kubernetes request is made with that token. Endpoints: /mcp, /healthz, /readyz, /metrics.
`;

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

const positiveInt = (name: string, raw: string, { allowZero = false } = {}): number => {
  if (!/^\d+$/.test(raw)) throw new Error(`--${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (!allowZero && value === 0) throw new Error(`--${name} must be greater than 0`);
  return value;
};

const parseRateLimit = (raw: string): number => {
  const match = /^(\d+)(?:\/min)?$/.exec(raw.trim());
  if (!match) throw new Error(`--rate-limit must look like "120/min", got "${raw}"`);
  return positiveInt('rate-limit', match[1]);
};

export const parseCli = (argv: readonly string[], env: NodeJS.ProcessEnv = {}): CliCommand => {
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        transport: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        kubeconfig: { type: 'string' },
        'cache-ttl-seconds': { type: 'string' },
        'rate-limit': { type: 'string' },
        'k8s-timeout-seconds': { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
    if (values.help) return { kind: 'help', text: USAGE };
    if (values.version) return { kind: 'version' };

    const options: ServerOptions = { ...DEFAULT_OPTIONS };
    if (values.transport !== undefined) {
      if (values.transport !== 'stdio' && values.transport !== 'http') {
        throw new Error(`--transport must be stdio or http, got "${values.transport}"`);
      }
      options.transport = values.transport;
    }
    if (values.port !== undefined) {
      options.port = positiveInt('port', values.port, { allowZero: true });
      if (options.port > 65535) throw new Error('--port must be at most 65535');
    }
    if (values.host !== undefined) options.host = values.host;
    options.kubeconfig = values.kubeconfig ?? (env.KUBECONFIG || undefined);
    if (values['cache-ttl-seconds'] !== undefined) {
      options.cacheTtlSeconds = positiveInt('cache-ttl-seconds', values['cache-ttl-seconds'], {
        allowZero: true,
      });
    }
    if (values['rate-limit'] !== undefined) {
      options.rateLimitPerMinute = parseRateLimit(values['rate-limit']);
    }
    if (values['k8s-timeout-seconds'] !== undefined) {
      options.k8sTimeoutSeconds = positiveInt('k8s-timeout-seconds', values['k8s-timeout-seconds']);
    }
    if (values['log-level'] !== undefined) {
      if (!LOG_LEVELS.includes(values['log-level'] as LogLevel)) {
        throw new Error(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
      }
      options.logLevel = values['log-level'] as LogLevel;
    }
    return { kind: 'run', options };
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
};
