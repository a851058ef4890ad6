import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { openConnection, type ConnectionSource, type KubeConnection } from './connection';
import { KubeApiError, errorKindForStatus, type RequestTarget } from './errors';
import { resourcePath, type ResourceType } from './resources';

export interface KubeRestOptions {
  timeoutMs: number;
  /** Total tries of one request (the first one included) on 429, 5xx and dropped connections. */
  maxAttempts: number;
  backoffBaseMs: number;
  /** Retry-After values above this are capped: a tool call must not hang. */
  maxRetryAfterMs: number;
  pageSize: number;
  /**
   * A list page whose body is larger than this makes the following pages smaller (limit scaled so
   * a page stays near this size): memory per page stays bounded whatever the objects weigh.
   */
  targetPageBytes: number;
  /**
   * A response body larger than this is cut off unread. A list page is then asked again with a
   * smaller limit; a single object (or a page of one) that large is an error.
   */
  maxResponseBytes: number;
  /** Called once per HTTP request sent (retries included); `status` 0 = no response. */
  onRequest?: (verb: RequestTarget['verb'], status: number) => void;
  /** Shared by every client of one HTTP request (all calls of a JSON-RPC batch). */
  budget?: RequestBudget;
}

/** How many Kubernetes requests may still be sent; `take` is false once none may, and nothing is sent. */
export interface RequestBudget {
  readonly limit: number;
  take(): boolean;
}

export const requestBudget = (limit: number): RequestBudget => {
  let left = limit;
  return {
    limit,
    take: () => {
      if (left <= 0) return false;
      left -= 1;
      return true;
    },
  };
};

/** The Kubernetes request budget of one HTTP request is spent: nothing more was sent. */
export class RequestBudgetError extends KubeApiError {
  constructor(target: RequestTarget, limit: number) {
    super('rate_limited', 0, target);
    this.message =
      `request budget exceeded (429): one HTTP request may cause at most ${limit} Kubernetes ` +
      'requests; send fewer tool calls per request (or per batch)';
    this.name = 'RequestBudgetError';
  }
}

export const DEFAULT_REST_OPTIONS: KubeRestOptions = {
  timeoutMs: 15_000,
  maxAttempts: 3,
  backoffBaseMs: 150,
  maxRetryAfterMs: 5_000,
  pageSize: 500,
  targetPageBytes: 4 * 1024 * 1024,
  maxResponseBytes: 24 * 1024 * 1024,
};

/**
 * A paged list whose continue token expired (410 Gone: the snapshot it pointed into was compacted)
 * after `itemsSeen` items had been handed out: the list is incomplete.
 */
export class ListExpiredError extends KubeApiError {
  constructor(
    target: RequestTarget,
    readonly itemsSeen: number,
  ) {
    super('other', 410, target);
    this.message =
      `the list of ${target.resource.plural} expired (410 Gone) after ${itemsSeen} items: ` +
      'the API server no longer holds the snapshot the continue token points into';
    this.name = 'ListExpiredError';
  }
}

/** A response body above `maxResponseBytes`: cut off unread. */
export class ResponseTooLargeError extends KubeApiError {
  constructor(
    target: RequestTarget,
    readonly maxBytes: number,
    /** Items of the list handed out before (lists only). */
    readonly itemsSeen = 0,
  ) {
    super('other', 0, target);
    this.message =
      `the Kubernetes API answer for ${target.resource.plural} was larger than ` +
      `${Math.round(maxBytes / (1024 * 1024))} MiB even one object per page; not read`;
    this.name = 'ResponseTooLargeError';
  }
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  bytes: number;
}

/** The body was longer than the cap: the transfer was stopped. */
class BodyTooLarge extends Error {}

const METADATA_ONLY_ACCEPT =
  'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Keeps only what identifies a Secret or ConfigMap: its data and annotations never leave this layer. */
export const metadataOnly = (obj: Record<string, unknown>, res: ResourceType) => {
  const meta = (obj.metadata ?? {}) as Record<string, unknown>;
  return {
    apiVersion: res.group ? `${res.group}/${res.version}` : res.version,
    kind: res.kind,
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
      creationTimestamp: meta.creationTimestamp,
      labels: meta.labels,
      ownerReferences: meta.ownerReferences,
    },
  };
};

/**
 * The Kubernetes REST calls the tools need, made with one caller's credentials: a KubeConfig whose
 * only user is that caller, or a connection shared by that caller's calls (connection.ts).
 * Credentials and TLS come from @kubernetes/client-node; paging, timeouts, retries and error mapping
 * are here so every tool gets the same behaviour. A client is cheap: per-call state only (request
 * count, budget), the sockets belong to the connection.
 */
export class KubeRest {
  private connection?: Promise<KubeConnection>;
  private readonly source: ConnectionSource;
  /** HTTP requests sent by this client (one tool call uses one client). */
  requests = 0;

  constructor(
    source: KubeConfig | ConnectionSource,
    private readonly options: KubeRestOptions = DEFAULT_REST_OPTIONS,
  ) {
    this.source = typeof source === 'function' ? source : () => openConnection(source);
  }

  async get<T = Record<string, unknown>>(
    res: ResourceType,
    namespace: string | undefined,
    name: string,
  ): Promise<T> {
    const target: RequestTarget = { verb: 'get', resource: res, namespace, name };
    const obj = await this.requestJson(target, resourcePath(res, namespace, name), undefined);
    return (res.metadataOnly ? metadataOnly(obj, res) : withKind(obj, res)) as T;
  }

  /** Like get, but a missing object is `null` instead of an error. */
  async getOptional<T = Record<string, unknown>>(
    res: ResourceType,
    namespace: string | undefined,
    name: string,
  ): Promise<T | null> {
    try {
      return await this.get<T>(res, namespace, name);
    } catch (error) {
      if (error instanceof KubeApiError && error.kind === 'not_found') return null;
      throw error;
    }
  }

  /** Lists every page (limit/continue) and returns all items with kind and apiVersion set. */
  async list<T = Record<string, unknown>>(res: ResourceType, opts: ListOptions = {}): Promise<T[]> {
    const items: T[] = [];
    await this.forEachItem<T>(res, opts, (item) => {
      items.push(item);
    });
    return items;
  }

  /**
   * Lists every page (limit/continue) and hands each item to `visit` as its page arrives, so a
   * caller that keeps only a few items never holds more than one page of the list. Pages heavier
   * than `targetPageBytes` make the next ones smaller; a page over `maxResponseBytes` is asked again
   * with a smaller limit. Throws ListExpiredError when a continue token expires (410) mid-way.
   */
  async forEachItem<T = Record<string, unknown>>(
    res: ResourceType,
    opts: ListOptions,
    visit: (item: T) => void,
  ): Promise<void> {
    const target: RequestTarget = { verb: 'list', resource: res, namespace: opts.namespace };
    const { pageSize, targetPageBytes } = this.options;
    let limit = pageSize;
    let continueToken: string | undefined;
    let seen = 0;
    for (;;) {
      const query = new URLSearchParams({ limit: String(limit) });
      if (opts.labelSelector) query.set('labelSelector', opts.labelSelector);
      if (opts.fieldSelector) query.set('fieldSelector', opts.fieldSelector);
      if (continueToken) query.set('continue', continueToken);
      let page: Record<string, unknown>;
      let bytes: number;
      try {
        ({ json: page, bytes } = await this.requestJsonSized(
          target,
          resourcePath(res, opts.namespace),
          query,
        ));
      } catch (error) {
        if (error instanceof ResponseTooLargeError && limit > 1) {
          // Ask the same page again, smaller: nothing of it was handed out.
          limit = Math.max(1, Math.floor(limit / 8));
          continue;
        }
        if (error instanceof ResponseTooLargeError) {
          throw new ResponseTooLargeError(target, error.maxBytes, seen);
        }
        if (continueToken && error instanceof KubeApiError && error.status === 410) {
          throw new ListExpiredError(target, seen);
        }
        throw error;
      }
      const items = (page.items as Record<string, unknown>[] | undefined) ?? [];
      for (const item of items) {
        visit((res.metadataOnly ? metadataOnly(item, res) : withKind(item, res)) as T);
      }
      seen += items.length;
      if (bytes > targetPageBytes && items.length > 0) {
        limit = Math.max(1, Math.floor((items.length * targetPageBytes) / bytes));
      }
      const meta = page.metadata as { continue?: string } | undefined;
      continueToken = meta?.continue || undefined;
      if (!continueToken) return;
    }
  }

  /** GET of a non-resource path such as /version (readiness). */
  async getPath(path: string): Promise<Record<string, unknown>> {
    const target: RequestTarget = {
      verb: 'get',
      resource: { kind: 'version', group: '', version: '', plural: path, namespaced: false },
    };
    return this.requestJson(target, path, undefined);
  }

  /**
   * GET of a plain-text subresource (a pod's log): the body as text, invalid UTF-8 replaced. One
   * attempt (a log is optional evidence), same budget, request count and error mapping as get; a
   * body over maxResponseBytes is an error, not read.
   */
  async getText(path: string, query: URLSearchParams): Promise<string> {
    const target: RequestTarget = {
      verb: 'get',
      resource: { kind: 'Pod', group: '', version: 'v1', plural: 'pods/log', namespaced: true },
    };
    const { budget } = this.options;
    if (budget && !budget.take()) throw new RequestBudgetError(target, budget.limit);
    let response: RawResponse;
    try {
      response = await this.send(path, query, 'text/plain, */*');
    } catch (error) {
      this.options.onRequest?.('get', error instanceof BodyTooLarge ? 200 : 0);
      if (error instanceof BodyTooLarge) {
        throw new ResponseTooLargeError(target, this.options.maxResponseBytes);
      }
      const timedOut = (error as { name?: string }).name === 'TimeoutError';
      throw new KubeApiError(timedOut ? 'timeout' : 'unavailable', 0, target);
    }
    this.options.onRequest?.('get', response.status);
    if (response.status >= 200 && response.status < 300) return response.body;
    throw new KubeApiError(errorKindForStatus(response.status), response.status, target);
  }

  private async requestJson(
    target: RequestTarget,
    path: string,
    query: URLSearchParams | undefined,
  ): Promise<Record<string, unknown>> {
    return (await this.requestJsonSized(target, path, query)).json;
  }

  private async requestJsonSized(
    target: RequestTarget,
    path: string,
    query: URLSearchParams | undefined,
  ): Promise<{ json: Record<string, unknown>; bytes: number }> {
    const accept = target.resource.metadataOnly ? METADATA_ONLY_ACCEPT : 'application/json';
    let lastError: KubeApiError | undefined;
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt += 1) {
      const { budget } = this.options;
      if (budget && !budget.take()) throw new RequestBudgetError(target, budget.limit);
      let response: RawResponse;
      try {
        response = await this.send(path, query, accept);
      } catch (error) {
        if (error instanceof BodyTooLarge) {
          this.options.onRequest?.(target.verb, 200);
          throw new ResponseTooLargeError(target, this.options.maxResponseBytes);
        }
        const timedOut = (error as { name?: string }).name === 'TimeoutError';
        this.options.onRequest?.(target.verb, 0);
        lastError = new KubeApiError(timedOut ? 'timeout' : 'unavailable', 0, target);
        // A request that timed out already took the whole budget: do not multiply the wait.
        if (timedOut) throw lastError;
        await this.backoff(attempt);
        continue;
      }
      this.options.onRequest?.(target.verb, response.status);
      if (response.status >= 200 && response.status < 300) {
        try {
          const json = JSON.parse(response.body) as Record<string, unknown>;
          return { json, bytes: response.bytes };
        } catch {
          throw new KubeApiError('other', response.status, target);
        }
      }
      lastError = new KubeApiError(errorKindForStatus(response.status), response.status, target);
      if (!RETRYABLE_STATUS.has(response.status)) throw lastError;
      if (attempt < this.options.maxAttempts) {
        await this.backoff(attempt, retryAfterMs(response.headers['retry-after']));
      }
    }
    throw lastError ?? new KubeApiError('other', 0, target);
  }

  private async backoff(attempt: number, retryAfter?: number): Promise<void> {
    if (attempt >= this.options.maxAttempts) return;
    const exponential = this.options.backoffBaseMs * 2 ** (attempt - 1);
    const jitter = Math.random() * this.options.backoffBaseMs;
    const wait = retryAfter !== undefined ? retryAfter : exponential + jitter;
    await sleep(Math.min(wait, this.options.maxRetryAfterMs));
  }

  private connect(): Promise<KubeConnection> {
    this.connection ??= this.source();
    // A failed connection setup (e.g. an unreadable CA file) is retried by the next call.
    this.connection.catch(() => (this.connection = undefined));
    return this.connection;
  }

  private async send(path: string, query: URLSearchParams | undefined, accept: string) {
    const { server, agent, headers } = await this.connect();
    this.requests += 1;
    const url = new URL(server.href.replace(/\/$/, '') + path);
    if (query) url.search = query.toString();
    const lib = url.protocol === 'http:' ? http : https;
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    const maxBytes = this.options.maxResponseBytes;
    return new Promise<RawResponse>((resolve, reject) => {
      const req = lib.request(
        url,
        {
          method: 'GET',
          agent,
          headers: { ...headers, Accept: accept },
          signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let received = 0;
          res.on('data', (chunk: Buffer) => {
            received += chunk.length;
            if (received > maxBytes) {
              // Stop the transfer: what was received is dropped, memory stays bounded.
              chunks.length = 0;
              req.destroy();
              reject(new BodyTooLarge());
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
              bytes: received,
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', (error) => reject(signal.aborted ? timeoutError() : error));
      req.end();
    });
  }
}

const withKind = (obj: Record<string, unknown>, res: ResourceType): Record<string, unknown> => {
  if (obj.kind && obj.apiVersion) return obj;
  return {
    apiVersion: res.group ? `${res.group}/${res.version}` : res.version,
    kind: res.kind,
    ...obj,
  };
};

const timeoutError = (): Error => {
  const error = new Error('request timed out');
  error.name = 'TimeoutError';
  return error;
};

const retryAfterMs = (header: string | string[] | undefined): number | undefined => {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
};
