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
  /** HTTP: Host header names (without port) /mcp answers to; others get 403 (DNS rebinding). */
  allowedHosts: string[];
  /** HTTP: Origin values (or bare host names) allowed on /mcp; requests without Origin pass. */
  allowedOrigins: string[];
  /** HTTP: largest request body read; a longer one is refused with 413 before it is buffered. */
  maxBodyBytes: number;
  /** HTTP: failed authentications (no token, or a token the API server rejected) per source address per minute. */
  authFailuresPerMinute: number;
  /** HTTP: Kubernetes API requests one HTTP request (a JSON-RPC batch included) may cause. */
  maxK8sRequestsPerHttpRequest: number;
  /** HTTP: take the client address from X-Forwarded-For when the peer is loopback (a TLS sidecar). */
  trustForwardedFor: boolean;
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
  allowedHosts: ['localhost', '127.0.0.1', '[::1]'],
  allowedOrigins: [],
  // Room for a 1 MB tool argument (refused by validation with a clear message, even JSON-escaped),
  // well below what the 128 MiB heap the chart deploys with can parse.
  maxBodyBytes: 3 * 1024 * 1024,
  authFailuresPerMinute: 30,
  // A search of a user who may list only their projects costs one list per project.
  maxK8sRequestsPerHttpRequest: 250,
  trustForwardedFor: false,
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
  --allowed-hosts H1,H2      Host names /mcp answers to, without port (default ${DEFAULT_OPTIONS.allowedHosts.join(',')};
                             env CNV_MCP_ALLOWED_HOSTS); any other Host header gets 403
  --allowed-origins O1,O2    Origin values (https://console.example.com) or host names allowed on /mcp
                             (default: the allowed hosts; env CNV_MCP_ALLOWED_ORIGINS); requests without
                             Origin (server to server, e.g. OpenShift Lightspeed) are always allowed
  --max-body-bytes N         largest /mcp request body (default ${DEFAULT_OPTIONS.maxBodyBytes}); larger gets 413 unread
  --auth-failures N/min      failed authentications allowed per client address per minute before
                             not-yet-verified tokens from it get 429 (default ${DEFAULT_OPTIONS.authFailuresPerMinute}/min)
  --max-k8s-requests N       Kubernetes requests one HTTP request may cause, across a JSON-RPC batch
                             (default ${DEFAULT_OPTIONS.maxK8sRequestsPerHttpRequest})
  --trust-forwarded-for      behind a proxy on loopback (the chart's TLS sidecar): the client address
                             is X-Forwarded-For
  -h, --help                 show this help
  -v, --version              print the version

HTTP mode acts as the caller: every /mcp request must carry "Authorization: Bearer <token>" and every
Kubernetes request is made with that token. A token counts as a user (with its own rate limit) only
once the API server has accepted it. Endpoints: /mcp, /healthz, /readyz, /metrics.
`;

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

const positiveInt = (name: string, raw: string, { allowZero = false } = {}): number => {
  if (!/^\d+$/.test(raw)) throw new Error(`--${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (!allowZero && value === 0) throw new Error(`--${name} must be greater than 0`);
  return value;
};

const parseRateLimit = (raw: string, name = 'rate-limit'): number => {
  const match = /^(\d+)(?:\/min)?$/.exec(raw.trim());
  if (!match) throw new Error(`--${name} must look like "120/min", got "${raw}"`);
  return positiveInt(name, match[1]);
};

/** Host names: lower case, no port; IPv6 in brackets. */
const HOST_NAME = /^(\[[0-9a-f:.]+\]|[a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/;
const ORIGIN = /^https?:\/\/[^/\s]+$/;

const parseList = (name: string, raw: string, valid: (item: string) => boolean): string[] => {
  const items = raw
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);
  const bad = items.find((item) => !valid(item));
  if (bad !== undefined) throw new Error(`--${name}: "${bad}" is not a valid entry`);
  return items;
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
        'allowed-hosts': { type: 'string' },
        'allowed-origins': { type: 'string' },
        'max-body-bytes': { type: 'string' },
        'auth-failures': { type: 'string' },
        'max-k8s-requests': { type: 'string' },
        'trust-forwarded-for': { type: 'boolean' },
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
    const hosts = values['allowed-hosts'] ?? env.CNV_MCP_ALLOWED_HOSTS;
    if (hosts !== undefined) {
      options.allowedHosts = parseList('allowed-hosts', hosts, (h) => HOST_NAME.test(h));
    }
    const origins = values['allowed-origins'] ?? env.CNV_MCP_ALLOWED_ORIGINS;
    if (origins !== undefined) {
      options.allowedOrigins = parseList(
        'allowed-origins',
        origins,
        (o) => ORIGIN.test(o) || HOST_NAME.test(o),
      );
    }
    if (values['max-body-bytes'] !== undefined) {
      options.maxBodyBytes = positiveInt('max-body-bytes', values['max-body-bytes']);
    }
    if (values['auth-failures'] !== undefined) {
      options.authFailuresPerMinute = parseRateLimit(values['auth-failures'], 'auth-failures');
    }
    if (values['max-k8s-requests'] !== undefined) {
      options.maxK8sRequestsPerHttpRequest = positiveInt(
        'max-k8s-requests',
        values['max-k8s-requests'],
      );
    }
    if (values['trust-forwarded-for']) options.trustForwardedFor = true;
    return { kind: 'run', options };
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
};
