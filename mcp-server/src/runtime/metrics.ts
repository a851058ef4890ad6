import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type ToolOutcome =
  'success' | 'error' | 'forbidden' | 'not_found' | 'rate_limited' | 'invalid';

/** Prometheus metrics of one server process. Labels never carry user data: tool names and outcomes only. */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly toolCalls: Counter<'tool' | 'outcome'>;
  readonly toolDuration: Histogram<'tool'>;
  readonly k8sRequests: Counter<'verb' | 'code'>;
  readonly cacheHits: Counter<'tool'>;
  readonly rateLimited: Counter<'tool'>;
  readonly httpUnauthorized: Counter;
  readonly httpRequests: Counter<'code'>;
  readonly httpRefused: Counter<'reason'>;

  constructor({ defaultMetrics = false } = {}) {
    const registers = [this.registry];
    this.toolCalls = new Counter({
      name: 'cnv_mcp_tool_calls_total',
      help: 'Tool calls by tool and outcome',
      labelNames: ['tool', 'outcome'],
      registers,
    });
    this.toolDuration = new Histogram({
      name: 'cnv_mcp_tool_duration_seconds',
      help: 'Tool call duration',
      labelNames: ['tool'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.k8sRequests = new Counter({
      name: 'cnv_mcp_k8s_requests_total',
      help: 'Kubernetes API requests by verb and HTTP status (0 = no response)',
      labelNames: ['verb', 'code'],
      registers,
    });
    this.cacheHits = new Counter({
      name: 'cnv_mcp_cache_hits_total',
      help: 'Tool results served from the per-caller cache',
      labelNames: ['tool'],
      registers,
    });
    this.rateLimited = new Counter({
      name: 'cnv_mcp_rate_limited_total',
      help: 'Tool calls refused by the per-caller rate limit',
      labelNames: ['tool'],
      registers,
    });
    this.httpUnauthorized = new Counter({
      name: 'cnv_mcp_http_unauthorized_total',
      help: 'HTTP /mcp requests refused for a missing bearer token',
      registers,
    });
    this.httpRequests = new Counter({
      name: 'cnv_mcp_http_requests_total',
      help: 'HTTP /mcp requests by response status, refused ones included',
      labelNames: ['code'],
      registers,
    });
    this.httpRefused = new Counter({
      name: 'cnv_mcp_http_refused_total',
      help: 'HTTP /mcp requests refused before any tool ran, by reason',
      labelNames: ['reason'],
      registers,
    });
    if (defaultMetrics) collectDefaultMetrics({ register: this.registry });
  }
}
