/**
 * Kubernetes API simulator: an HTTPS server speaking the real read-only REST API over an
 * in-memory store, with bearer-token RBAC, injected latency and faults, and a request log.
 * The unmodified @kubernetes/client-node works against it through `kubeconfigFor(token)`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  checkMethod,
  getObject,
  listObjects,
  matchesQuery,
  parseResourceQuery,
  routePath,
  VERSION_INFO,
  type Route,
} from './api';
import { authenticate, authorize, validateTokens, type TokenGrant, type TokenTable } from './auth';
import { generateServerCertificates, type ServerCertificates } from './certificates';
import { negotiate, representList, representObject } from './negotiation';
import { FaultInjector, type FaultHandle, type FaultSpec } from './faults';
import { renderKubeconfig, writeKubeconfig, type KubeconfigOptions } from './kubeconfig';
import { type ResourceType } from './resources';
import { faultStatus, makeStatus, StatusError, type Status } from './status';
import { ObjectStore, type KubeObject, type StoredObject } from './store';
import { loadObjectsFromYaml } from './yaml';

export type { TokenGrant, TokenTable } from './auth';
export type { FaultHandle, FaultMatch, FaultSpec } from './faults';
export type { KubeconfigOptions } from './kubeconfig';
export type { Status } from './status';
export { ObjectStore, type KubeObject, type StoredObject } from './store';
export { loadObjectsFromYaml, parseObjectsFromYaml } from './yaml';

/** Token of the default cluster-admin user when no token table is given. */
export const DEFAULT_ADMIN_TOKEN = 'kube-simulator-admin-token';

export interface KubeSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default: `{ [DEFAULT_ADMIN_TOKEN]: { user: 'kube:admin', namespaces: '*' } }`. */
  tokens?: TokenTable;
  /** Objects to seed. */
  objects?: Iterable<KubeObject>;
  /** YAML files or directories to seed from (after `objects`). */
  yaml?: string | string[];
  /** Delay added to every request. */
  latencyMs?: number;
  /** Where kubeconfig files are written; default a fresh temporary directory removed by stop(). */
  kubeconfigDir?: string;
  /** Keep at most this many request log entries (oldest dropped). Default 100000. */
  requestLogLimit?: number;
  /** Receives one line per request (for the CLI). Tokens are never logged. */
  log?: (line: string) => void;
}

export interface RequestLogEntry {
  id: number;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Authenticated user name, when the token was known. */
  user?: string;
  /** HTTP status; 0 when the connection was reset. */
  status: number;
  /** Milliseconds since the epoch, sub-millisecond precision. */
  start: number;
  end: number;
  durationMs: number;
  /** Latency injected by `latencyMs`/`setLatency` for this request. */
  latencyMs: number;
  /** Id of the injected fault that answered, if any. */
  faultId?: number;
  reset?: boolean;
  watch?: boolean;
}

export interface KubeSimulator {
  readonly url: string;
  readonly port: number;
  readonly caPem: string;
  readonly store: ObjectStore;
  readonly requests: readonly RequestLogEntry[];
  readonly running: boolean;
  apply(obj: KubeObject): StoredObject;
  delete(kindOrResource: string, namespace: string | undefined, name: string): boolean;
  setTokens(tokens: TokenTable): void;
  addToken(token: string, grant: TokenGrant): void;
  setLatency(ms: number): void;
  setFault(spec: FaultSpec): FaultHandle;
  clearFaults(): void;
  resetRequestLog(): void;
  /** Writes a kubeconfig for this token (`null`: a user entry without credentials) and returns its path. */
  kubeconfigFor(token: string | null, options?: KubeconfigOptions): string;
  /** Close the listener and every open connection; the store is kept. */
  stop(): Promise<void>;
  /** Listen again on the same port with the same certificate. */
  restart(): Promise<void>;
}

const now = (): number => performance.timeOrigin + performance.now();

class Simulator implements KubeSimulator {
  readonly store = new ObjectStore();
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly sleepers = new Map<NodeJS.Timeout, () => void>();
  private readonly faults = new FaultInjector();
  private readonly pending = new WeakMap<ServerResponse, RequestLogEntry>();
  private log: RequestLogEntry[] = [];
  private nextRequestId = 1;
  private tokens: TokenTable;
  private latencyMs: number;
  private actualPort = 0;
  private ownsKubeconfigDir: boolean;
  private readonly kubeconfigDir: string;

  constructor(
    private readonly options: KubeSimulatorOptions,
    private readonly certs: ServerCertificates,
  ) {
    this.tokens = options.tokens ?? {
      [DEFAULT_ADMIN_TOKEN]: { user: 'kube:admin', namespaces: '*' },
    };
    validateTokens(this.tokens);
    this.latencyMs = options.latencyMs ?? 0;
    this.ownsKubeconfigDir = !options.kubeconfigDir;
    this.kubeconfigDir = options.kubeconfigDir ?? mkdtempSync(join(tmpdir(), 'kube-simulator-'));
    if (options.objects) this.store.applyAll(options.objects);
    if (options.yaml) this.store.applyAll(loadObjectsFromYaml(options.yaml));
  }

  get host(): string {
    return this.options.host ?? '127.0.0.1';
  }

  get port(): number {
    return this.actualPort;
  }

  get url(): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `https://${host}:${this.actualPort}`;
  }

  get caPem(): string {
    return this.certs.caPem;
  }

  get requests(): readonly RequestLogEntry[] {
    return this.log;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  apply(obj: KubeObject): StoredObject {
    return this.store.apply(obj);
  }

  delete(kindOrResource: string, namespace: string | undefined, name: string): boolean {
    return this.store.delete(kindOrResource, namespace, name);
  }

  setTokens(tokens: TokenTable): void {
    validateTokens(tokens);
    this.tokens = { ...tokens };
  }

  addToken(token: string, grant: TokenGrant): void {
    this.setTokens({ ...this.tokens, [token]: grant });
  }

  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  setFault(spec: FaultSpec): FaultHandle {
    return this.faults.add(spec);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  resetRequestLog(): void {
    this.log = [];
  }

  kubeconfigFor(token: string | null, options: KubeconfigOptions = {}): string {
    const grant = token === null ? undefined : this.tokens[token];
    const user = grant?.user ?? (token === null ? 'anonymous' : 'unknown');
    const namespace =
      options.namespace ?? (grant && grant.namespaces !== '*' ? grant.namespaces[0] : undefined);
    const content = renderKubeconfig(this.url, this.certs.caPem, token ?? undefined, user, {
      ...options,
      namespace,
    });
    return writeKubeconfig(this.kubeconfigDir, content, options);
  }

  async listen(port: number): Promise<void> {
    const server = createServer(
      { cert: this.certs.certPem, key: this.certs.keyPem },
      (req, res) => {
        void this.handle(req, res);
      },
    );
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    // TLS handshake failures (a client with the wrong CA) are the client's problem, not a crash.
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    this.actualPort = typeof address === 'object' && address ? address.port : port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const [timer, wake] of this.sleepers) {
      clearTimeout(timer);
      wake();
    }
    this.sleepers.clear();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.listen(this.actualPort);
  }

  async dispose(): Promise<void> {
    await this.stop();
    if (this.ownsKubeconfigDir) rmSync(this.kubeconfigDir, { recursive: true, force: true });
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleepers.delete(timer);
        resolve();
      }, ms);
      this.sleepers.set(timer, resolve);
    });
  }

  private userOf(authorization: string | undefined): string | undefined {
    try {
      return authenticate(this.tokens, authorization).user;
    } catch {
      return undefined;
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'https://simulator');
    const entry: RequestLogEntry = {
      id: this.nextRequestId++,
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      user: this.userOf(req.headers.authorization),
      status: 0,
      start: now(),
      end: 0,
      durationMs: 0,
      latencyMs: this.latencyMs,
    };
    this.pending.set(res, entry);
    // Normally recorded when the response is written; this catches resets and aborted clients.
    res.on('close', () => this.record(res, 0));
    try {
      await this.sleep(entry.latencyMs);
      const fault = this.faults.take(method, `${url.pathname}${url.search}`, entry.user);
      if (fault && (await this.applyFault(fault, entry, req, res))) return;
      if (!this.running || res.destroyed) return;
      await this.serve(req, res, method, url, entry);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const status =
        error instanceof StatusError
          ? error.status
          : makeStatus(
              500,
              'InternalError',
              `Internal error occurred: ${(error as Error).message}`,
            );
      this.sendStatus(res, status, error instanceof StatusError ? error.headers : {});
    }
  }

  /** Returns true when the fault answered the request. */
  private async applyFault(
    fault: FaultSpec,
    entry: RequestLogEntry,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<boolean> {
    await this.sleep(fault.hangMs ?? 0);
    if (!this.running || res.destroyed) return true;
    if (fault.resetConnection) {
      entry.reset = true;
      this.record(res, 0);
      req.socket.destroy();
      return true;
    }
    if (fault.status === undefined) return false;
    const headers: Record<string, string> =
      fault.retryAfterSeconds !== undefined
        ? { 'Retry-After': String(fault.retryAfterSeconds) }
        : {};
    this.sendStatus(
      res,
      faultStatus(fault.status, fault.retryAfterSeconds, fault.message),
      headers,
    );
    return true;
  }

  private async serve(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    url: URL,
    entry: RequestLogEntry,
  ): Promise<void> {
    let route: Route | undefined;
    let routeError: unknown;
    try {
      route = routePath(this.store, url.pathname, `${this.host}:${this.actualPort}`);
    } catch (error) {
      routeError = error;
    }
    if (route?.kind === 'health') {
      this.send(res, method, 200, 'ok', 'text/plain; charset=utf-8');
      return;
    }
    if (route?.kind === 'version') {
      this.sendJson(res, method, 200, VERSION_INFO);
      return;
    }
    // Like the real server: authentication first, so an unknown path without a token is a 401.
    const grant = authenticate(this.tokens, req.headers.authorization);
    if (!route) throw routeError;
    checkMethod(method);
    if (route.kind === 'discovery') {
      this.sendJson(res, method, 200, route.body);
      return;
    }
    const { type, namespace, name } = route;
    const query = parseResourceQuery(type, url.searchParams);
    const watch = url.searchParams.get('watch');
    if (watch === 'true' || watch === '1') {
      entry.watch = true;
      this.openWatch(res, grant, type, namespace, query, url.searchParams);
      return;
    }
    // Metadata-only reads (Accept: …;as=PartialObjectMetadata[List]) as the real server answers them.
    const representation = negotiate(req.headers.accept);
    const body =
      name !== undefined
        ? representObject(representation, type, getObject(this.store, grant, type, namespace, name))
        : representList(
            representation,
            type,
            listObjects(this.store, grant, type, namespace, query),
          );
    this.sendJson(res, method, 200, body);
  }

  /** A minimal watch: ADDED for current objects (unless resuming from a resourceVersion), then changes. */
  private openWatch(
    res: ServerResponse,
    grant: TokenGrant,
    type: ResourceType,
    namespace: string | undefined,
    query: ReturnType<typeof parseResourceQuery>,
    params: URLSearchParams,
  ): void {
    authorize(grant, 'watch', type, namespace, undefined);
    const initial = listObjects(this.store, grant, type, namespace, {
      ...query,
      limit: 0,
      continueToken: undefined,
    });
    this.record(res, 200);
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
    });
    const send = (eventType: string, object: unknown) =>
      res.write(`${JSON.stringify({ type: eventType, object })}\n`);
    const resumeFrom = params.get('resourceVersion');
    if (!resumeFrom || resumeFrom === '0') initial.items.forEach((obj) => send('ADDED', obj));
    const unsubscribe = this.store.onChange((change) => {
      if (change.resource !== type) return;
      if (namespace && change.object.metadata.namespace !== namespace) return;
      if (!matchesQuery(change.object, query)) return;
      send(change.type, change.object);
    });
    const timeoutSeconds = Number(params.get('timeoutSeconds') ?? 0);
    const timer =
      timeoutSeconds > 0 ? setTimeout(() => res.end(), timeoutSeconds * 1000) : undefined;
    res.on('close', () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    });
  }

  /** Log a request once, as its response starts (so a client that got the answer sees the entry). */
  private record(res: ServerResponse, status: number): void {
    const entry = this.pending.get(res);
    if (!entry) return;
    this.pending.delete(res);
    entry.end = now();
    entry.durationMs = entry.end - entry.start;
    entry.status = entry.reset ? 0 : status;
    this.log.push(entry);
    const limit = this.options.requestLogLimit ?? 100_000;
    if (this.log.length > limit) this.log.splice(0, this.log.length - limit);
    const query = new URLSearchParams(entry.query).toString();
    this.options.log?.(
      `${entry.method} ${entry.path}${query ? `?${query}` : ''} ${entry.status || 'reset'} ` +
        `${entry.user ?? '-'} ${entry.durationMs.toFixed(1)}ms`,
    );
  }

  private sendStatus(res: ServerResponse, status: Status, headers: Record<string, string>): void {
    this.record(res, status.code);
    res.writeHead(status.code, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(status));
  }

  private sendJson(res: ServerResponse, method: string, code: number, body: unknown): void {
    this.send(res, method, code, JSON.stringify(body), 'application/json');
  }

  private send(
    res: ServerResponse,
    method: string,
    code: number,
    body: string,
    contentType: string,
  ): void {
    this.record(res, code);
    res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
    res.end(method === 'HEAD' ? undefined : body);
  }
}

/** Start a simulator; `stop()` closes it (the kubeconfig directory stays until process exit). */
export const startKubeSimulator = async (
  options: KubeSimulatorOptions = {},
): Promise<KubeSimulator> => {
  const certs = await generateServerCertificates(['localhost'], ['127.0.0.1', '::1']);
  const simulator = new Simulator(options, certs);
  await simulator.listen(options.port ?? 0);
  return simulator;
};

/** Stop a simulator and remove the kubeconfig files it wrote. */
export const disposeKubeSimulator = async (simulator: KubeSimulator): Promise<void> => {
  if (simulator instanceof Simulator) await simulator.dispose();
  else await simulator.stop();
};
