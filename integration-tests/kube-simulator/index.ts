/**
 * Kubernetes API simulator: an HTTPS server speaking the real read-only REST API over an
 * in-memory store, with bearer-token RBAC, injected latency and faults, and a request log.
 * The unmodified @kubernetes/client-node works against it through `kubeconfigFor(token)`, and the
 * OpenShift console 4.22 bridge off-cluster: access reviews, OpenAPI, WebSocket watches, the
 * OpenShift/CNV kinds it reads at start-up (README.md lists what is served).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import {
  checkVerb,
  getObject,
  isReadMethod,
  listObjects,
  parseResourceQuery,
  projectRequestsAnswer,
  routePath,
  VERSION_INFO,
  writeVerb,
  type ApiContext,
  type Route,
} from './api';
import { authenticate, decide, validateTokens, type TokenGrant, type TokenTable } from './auth';
import { generateServerCertificates, type ServerCertificates } from './certificates';
import { ensureCustomResourceDefinitions } from './crds';
import { negotiate, representList, representObject } from './negotiation';
import { FaultInjector, type FaultHandle, type FaultSpec } from './faults';
import { renderKubeconfig, writeKubeconfig, type KubeconfigOptions } from './kubeconfig';
import { openApiV2, openApiV3, openApiV3Index } from './openapi';
import { parseReviewBody, selfSubjectAccessReview, selfSubjectReview } from './reviews';
import {
  faultStatus,
  forbidden,
  makeStatus,
  methodNotAllowed,
  readOnly,
  StatusError,
  unknownPath,
  type Status,
} from './status';
import { expandVmSpec, vmMatchers, type Matcher } from './expandSpec';
import { checkPodLog, readPodLog } from './podLog';
import { serveLifecycle, serveObjectWrite } from './writes';
import { ObjectStore, type KubeObject, type StoredObject } from './store';
import { prepareWatch, type WatchEvent } from './watch';
import { checkHandshake, isWebSocketUpgrade, rejectUpgrade, WatchSockets } from './websocket';
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
  /** Interval of BOOKMARK events on watches with `allowWatchBookmarks=true`. Default 60000. */
  bookmarkIntervalMs?: number;
  /** Changes kept for watch resumption (older resourceVersions get 410 Expired). Default 10000. */
  watchHistoryLimit?: number;
  /**
   * Refuse every write RBAC would allow with 405 (the simulator before writes.ts). Default false:
   * the confirmed-fix writes (writes.ts, kubevirtSubresources.ts) are served.
   */
  readOnly?: boolean;
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
  /** The watch came as a WebSocket upgrade (status 101 when accepted). */
  websocket?: boolean;
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

const MAX_BODY_BYTES = 3 * 1024 * 1024;

class Simulator implements KubeSimulator {
  readonly store: ObjectStore;
  private server: Server | undefined;
  private readonly watchSockets = new WatchSockets();
  private registeredTypes = 0;
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
    this.store = new ObjectStore({ historyLimit: options.watchHistoryLimit });
    this.latencyMs = options.latencyMs ?? 0;
    this.ownsKubeconfigDir = !options.kubeconfigDir;
    this.kubeconfigDir = options.kubeconfigDir ?? mkdtempSync(join(tmpdir(), 'kube-simulator-'));
    if (options.objects) this.store.applyAll(options.objects);
    if (options.yaml) this.store.applyAll(loadObjectsFromYaml(options.yaml));
    this.ensureCrds();
  }

  /** A CRD for every custom kind, also for kinds first seen after start-up. */
  private ensureCrds(): void {
    const count = this.store.registry.all().length;
    if (count === this.registeredTypes) return;
    ensureCustomResourceDefinitions(this.store);
    this.registeredTypes = this.store.registry.all().length;
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
    const stored = this.store.apply(obj);
    this.ensureCrds();
    return stored;
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
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      void this.handleUpgrade(req, socket, head);
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
    // Watches end like on a server shutting down: a close frame (1000), then the connection.
    await this.watchSockets.closeAll();
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

  /** A request log entry as a request starts (completed when its response, or reset, comes). */
  private newEntry(req: IncomingMessage, method: string, url: URL): RequestLogEntry {
    return {
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
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'https://simulator');
    const entry = this.newEntry(req, method, url);
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

  private context(grant: TokenGrant): ApiContext {
    return { store: this.store, grant, users: () => Object.values(this.tokens) };
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
    const ctx = this.context(grant);
    if (route.kind === 'expand-spec') {
      if (!isReadMethod(method)) throw methodNotAllowed();
      this.sendJson(res, method, 200, this.expandSpec(ctx, route.namespace, route.name));
      return;
    }
    if (route.kind === 'pod-log') {
      if (!isReadMethod(method)) throw methodNotAllowed();
      const body = readPodLog(this.store, grant, route.namespace, route.name, url.searchParams);
      this.send(res, method, 200, body, 'text/plain');
      return;
    }
    if (route.kind === 'kubevirt-lifecycle') {
      await this.serveLifecycleRequest(req, res, method, ctx, route);
      return;
    }
    if (route.kind !== 'resource') {
      if (!isReadMethod(method)) throw methodNotAllowed();
      this.serveDocument(req, res, method, route);
      return;
    }
    if (!isReadMethod(method)) {
      await this.serveWrite(req, res, method, ctx, route);
      return;
    }
    const { type, namespace, name } = route;
    const query = parseResourceQuery(type, url.searchParams);
    const watch = url.searchParams.get('watch');
    if (watch === 'true' || watch === '1') {
      checkVerb(type, 'watch');
      entry.watch = true;
      this.openWatch(res, ctx, route, query, url.searchParams);
      return;
    }
    if (type.source === 'projectrequests' && name === undefined) {
      this.sendJson(res, method, 200, projectRequestsAnswer(ctx, type));
      return;
    }
    checkVerb(type, name !== undefined ? 'get' : 'list');
    // Metadata-only reads (Accept: …;as=PartialObjectMetadata[List]) as the real server answers them.
    const representation = negotiate(req.headers.accept);
    const body =
      name !== undefined
        ? representObject(representation, type, getObject(ctx, type, namespace, name))
        : representList(representation, type, listObjects(ctx, type, namespace, query));
    this.sendJson(res, method, 200, body);
  }

  /** The VM (read with the caller's rights) with its instancetype and preference expanded. */
  private expandSpec(ctx: ApiContext, namespace: string, name: string): unknown {
    const byPath = (group: string, version: string, resource: string) => {
      const type = this.store.registry.byPath(group, version, resource);
      if (!type) throw new Error(`the simulator has no ${resource}.${group}`);
      return type;
    };
    const vm = getObject(ctx, byPath('kubevirt.io', 'v1', 'virtualmachines'), namespace, name);
    const { instancetype, preference } = vmMatchers(vm as Record<string, unknown>);
    const find = (matcher: Matcher | undefined, clusterPlural: string, plural: string) => {
      if (!matcher) return undefined;
      // KubeVirt takes the kind in any case, singular or plural.
      const cluster = matcher.kind.toLowerCase().startsWith('virtualmachinecluster');
      const type = byPath('instancetype.kubevirt.io', 'v1beta1', cluster ? clusterPlural : plural);
      try {
        return getObject(ctx, type, cluster ? undefined : namespace, matcher.name) as Record<
          string,
          unknown
        >;
      } catch {
        return undefined;
      }
    };
    return expandVmSpec(
      vm as Record<string, unknown>,
      find(instancetype, 'virtualmachineclusterinstancetypes', 'virtualmachineinstancetypes'),
      find(preference, 'virtualmachineclusterpreferences', 'virtualmachinepreferences'),
    );
  }

  /** Discovery and OpenAPI documents (every authenticated user may read them). */
  private serveDocument(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    route: Exclude<
      Route,
      { kind: 'resource' | 'health' | 'version' | 'expand-spec' | 'pod-log' | 'kubevirt-lifecycle' }
    >,
  ): void {
    if (route.kind === 'discovery') {
      this.sendJson(res, method, 200, route.body);
      return;
    }
    const types = this.store.registry.all();
    let doc: unknown;
    if (route.kind === 'openapi-v2') {
      const accept = req.headers.accept;
      if (accept && !/application\/json|application\/\*|\*\/\*/i.test(accept)) {
        throw new StatusError(makeStatus(406, 'NotAcceptable', 'only application/json is served'));
      }
      doc = openApiV2(types);
    } else if (route.kind === 'openapi-v3-index') {
      doc = openApiV3Index(types);
    } else {
      doc = openApiV3(types, route.path);
      if (!doc) throw unknownPath();
    }
    const body = JSON.stringify(doc);
    const etag = `"${createHash('sha512').update(body).digest('hex').toUpperCase()}"`;
    if (req.headers['if-none-match'] === etag) {
      this.record(res, 304);
      res.writeHead(304, { ETag: etag });
      res.end();
      return;
    }
    this.record(res, 200);
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      ETag: etag,
    });
    res.end(method === 'HEAD' ? undefined : body);
  }

  /**
   * POST/PUT/PATCH/DELETE: access reviews are answered; any other write is refused the way RBAC
   * would refuse it (403) or, when RBAC would allow it, with a read-only 405.
   */
  private async serveWrite(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    ctx: ApiContext,
    route: Extract<Route, { kind: 'resource' }>,
  ): Promise<void> {
    const { type, namespace, name, subresource } = route;
    const verb = writeVerb(method, route);
    checkVerb(type, verb);
    if (type.source === 'review') {
      // JSON or (client-go's default for reviews) protobuf.
      const raw = await readBodyBytes(req);
      const contentType = req.headers['content-type'];
      const review =
        type.resource === 'selfsubjectaccessreviews'
          ? selfSubjectAccessReview(
              this.store,
              ctx.grant,
              parseReviewBody(raw, contentType, type.kind, 'authorization.k8s.io/v1'),
            )
          : (parseReviewBody(raw, contentType, type.kind, 'authentication.k8s.io/v1'),
            selfSubjectReview(ctx.grant));
      this.sendJson(res, method, 201, review);
      return;
    }
    if (this.options.readOnly || type.source) {
      req.resume();
      const decision = decide(
        ctx.grant,
        { verb, group: type.group, resource: type.resource, subresource, namespace, name },
        type,
      );
      if (!decision.allowed) {
        const scope = type.source === 'projects' ? name : type.namespaced ? namespace : undefined;
        throw forbidden(ctx.grant.user, verb, type, scope, name, subresource);
      }
      throw readOnly(verb, type, name);
    }
    const answer = serveObjectWrite({
      store: this.store,
      grant: ctx.grant,
      type,
      verb,
      namespace,
      name,
      subresource,
      contentType: req.headers['content-type'],
      body: await readBody(req),
    });
    this.sendJson(res, method, answer.status, answer.body);
  }

  /** PUT of a KubeVirt lifecycle subresource (writes.ts). */
  private async serveLifecycleRequest(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    ctx: ApiContext,
    route: Extract<Route, { kind: 'kubevirt-lifecycle' }>,
  ): Promise<void> {
    if (method !== 'PUT') throw methodNotAllowed();
    await readBody(req);
    const byPath = (resource: string) => {
      const type = this.store.registry.byPath('kubevirt.io', 'v1', resource);
      if (!type) throw new Error(`the simulator has no ${resource}.kubevirt.io`);
      return type;
    };
    if (this.options.readOnly) throw readOnly('update', byPath(route.resource), route.name);
    const answer = serveLifecycle(
      this.store,
      ctx.grant,
      byPath(route.resource),
      route.action,
      route.namespace,
      route.name,
      byPath('virtualmachineinstancemigrations'),
    );
    this.send(res, method, answer.status, '', 'application/json');
  }

  /** A chunked-HTTP watch: one JSON event per line. */
  private openWatch(
    res: ServerResponse,
    ctx: ApiContext,
    route: Extract<Route, { kind: 'resource' }>,
    query: ReturnType<typeof parseResourceQuery>,
    params: URLSearchParams,
  ): void {
    const watch = prepareWatch({
      ctx,
      type: route.type,
      namespace: route.namespace,
      name: route.name,
      query,
      params,
      bookmarkIntervalMs: this.options.bookmarkIntervalMs ?? 60_000,
    });
    this.record(res, 200);
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
    });
    res.flushHeaders();
    const stop = watch.start({
      send: (event: WatchEvent) => res.write(`${JSON.stringify(event)}\n`),
      end: () => res.end(),
    });
    res.on('close', stop);
  }

  /** A WebSocket upgrade: a watch, authorized like a GET, then the x/net handshake. */
  private async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://simulator');
    const method = (req.method ?? 'GET').toUpperCase();
    const entry: RequestLogEntry = {
      ...this.newEntry(req, method, url),
      watch: true,
      websocket: true,
    };
    let recorded = false;
    const finish = (status: number) => {
      if (recorded) return;
      recorded = true;
      this.recordEntry(entry, status);
    };
    socket.on('error', () => socket.destroy());
    socket.on('close', () => finish(0));
    const reject = (code: number, body: string, headers: Record<string, string> = {}) => {
      finish(code);
      rejectUpgrade(socket, code, body, headers);
    };
    const rejectStatus = (status: Status, headers: Record<string, string> = {}) =>
      reject(status.code, JSON.stringify(status), {
        'Content-Type': 'application/json',
        ...headers,
      });
    try {
      await this.sleep(entry.latencyMs);
      if (!this.running || socket.destroyed) {
        socket.destroy();
        return;
      }
      const fault = this.faults.take(method, `${url.pathname}${url.search}`, entry.user);
      if (fault) {
        await this.sleep(fault.hangMs ?? 0);
        if (!this.running || socket.destroyed) {
          socket.destroy();
          return;
        }
        if (fault.resetConnection) {
          entry.reset = true;
          finish(0);
          socket.destroy();
          return;
        }
        if (fault.status !== undefined) {
          rejectStatus(
            faultStatus(fault.status, fault.retryAfterSeconds, fault.message),
            fault.retryAfterSeconds !== undefined
              ? { 'Retry-After': String(fault.retryAfterSeconds) }
              : {},
          );
          return;
        }
      }
      let route: Route | undefined;
      let routeError: unknown;
      try {
        route = routePath(this.store, url.pathname, `${this.host}:${this.actualPort}`);
      } catch (error) {
        routeError = error;
      }
      const grant = authenticate(this.tokens, req.headers.authorization);
      if (!route) throw routeError;
      if (route.kind === 'pod-log' && method === 'GET' && isWebSocketUpgrade(req)) {
        checkPodLog(
          this.store,
          grant,
          route.namespace,
          route.name,
          url.searchParams.get('container'),
        );
        const handshake = checkHandshake(req);
        if (!handshake.ok) {
          reject(handshake.code, handshake.body, handshake.headers);
          return;
        }
        // No container output in the simulator: the followed log stays open and empty.
        this.watchSockets.accept(req, socket, head, () => finish(101));
        return;
      }
      const watchParam = url.searchParams.get('watch');
      if (
        route.kind !== 'resource' ||
        method !== 'GET' ||
        !isWebSocketUpgrade(req) ||
        (watchParam !== 'true' && watchParam !== '1')
      ) {
        throw badRequestUpgrade();
      }
      checkVerb(route.type, 'watch');
      const query = parseResourceQuery(route.type, url.searchParams);
      const watch = prepareWatch({
        ctx: this.context(grant),
        type: route.type,
        namespace: route.namespace,
        name: route.name,
        query,
        params: url.searchParams,
        bookmarkIntervalMs: this.options.bookmarkIntervalMs ?? 60_000,
      });
      const handshake = checkHandshake(req);
      if (!handshake.ok) {
        reject(handshake.code, handshake.body, handshake.headers);
        return;
      }
      this.watchSockets.accept(req, socket, head, (ws) => {
        finish(101);
        const stop = watch.start({
          send: (event: WatchEvent) => {
            if (ws.readyState === ws.OPEN) ws.send(`${JSON.stringify(event)}\n`);
          },
          end: () => ws.close(1000),
        });
        ws.on('close', stop);
      });
    } catch (error) {
      rejectStatus(
        error instanceof StatusError
          ? error.status
          : makeStatus(
              500,
              'InternalError',
              `Internal error occurred: ${(error as Error).message}`,
            ),
        error instanceof StatusError ? error.headers : {},
      );
    }
  }

  /** Log a request once, as its response starts (so a client that got the answer sees the entry). */
  private record(res: ServerResponse, status: number): void {
    const entry = this.pending.get(res);
    if (!entry) return;
    this.pending.delete(res);
    this.recordEntry(entry, status);
  }

  private recordEntry(entry: RequestLogEntry, status: number): void {
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
    body: string | Buffer,
    contentType: string,
  ): void {
    this.record(res, code);
    res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
    res.end(method === 'HEAD' ? undefined : body);
  }
}

const badRequestUpgrade = (): StatusError =>
  new StatusError(
    makeStatus(
      400,
      'BadRequest',
      'the Kubernetes API simulator upgrades watch requests (?watch=true) only',
    ),
  );

/** The request body, up to the API server's 3 MiB limit (413 beyond). */
const readBody = async (req: IncomingMessage): Promise<string> =>
  (await readBodyBytes(req)).toString('utf8');

const readBodyBytes = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(
          new StatusError(
            makeStatus(
              413,
              'RequestEntityTooLarge',
              `Request entity too large: limit is ${MAX_BODY_BYTES}`,
            ),
          ),
        );
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

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
