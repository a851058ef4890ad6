import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { kubeConfigForToken } from './cluster';

/** Where and how one caller's requests go: the API server, a socket pool and the auth headers. */
export interface KubeConnection {
  server: URL;
  agent: http.Agent;
  headers: Record<string, string>;
}

/** A source of connections: KubeRest asks it once per client (once per tool call). */
export type ConnectionSource = () => Promise<KubeConnection>;

/** Idle keep-alive sockets are closed after this; sockets in use are unaffected. */
const IDLE_SOCKET_MS = 30_000;
/** Idle sockets kept per connection: a tool call sends at most this many requests at a time. */
const MAX_FREE_SOCKETS = 8;

/**
 * Credentials applied through @kubernetes/client-node (token, client certificate, CA, proxy). A plain
 * agent is replaced by a keep-alive one with the same TLS options: client-node's agents close their
 * socket after every response, so each request paid a new TCP + TLS handshake.
 */
export const openConnection = async (kubeConfig: KubeConfig): Promise<KubeConnection> => {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const opts: https.RequestOptions = {};
  await kubeConfig.applyToHTTPSOptions(opts);
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(opts.headers ?? {})) {
    if (typeof value === 'string') headers[key] = value;
  }
  if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
  let agent = opts.agent as http.Agent;
  // Proxy agents (cluster.proxyUrl) are other classes: they are kept as client-node made them.
  if (agent && (agent.constructor === https.Agent || agent.constructor === http.Agent)) {
    const AgentClass = agent.constructor as typeof https.Agent;
    const options = (agent as unknown as { options: https.AgentOptions }).options;
    agent = new AgentClass({
      ...options,
      keepAlive: true,
      maxFreeSockets: MAX_FREE_SOCKETS,
      timeout: IDLE_SOCKET_MS,
    });
  }
  return { server: new URL(cluster.server), agent, headers };
};

/**
 * Credentials that cannot change while the process runs (a token, a certificate, basic auth) allow
 * one connection for all calls; an exec plugin or auth provider (in-cluster token file, OIDC) may
 * hand out a new token at any time, so its connection is set up again for every client.
 */
export const hasStaticCredentials = (kubeConfig: KubeConfig): boolean => {
  const user = kubeConfig.getCurrentUser();
  return !user?.exec && !user?.authProvider;
};

/** The connection of the server's own kubeconfig (stdio caller, readiness): set up once when it can be. */
export const baseConnectionSource = (kubeConfig: KubeConfig): ConnectionSource => {
  if (!hasStaticCredentials(kubeConfig)) return () => openConnection(kubeConfig);
  let shared: Promise<KubeConnection> | undefined;
  return () => {
    if (!shared) {
      shared = openConnection(kubeConfig);
      // A failed set-up (e.g. an unreadable CA file) is tried again by the next client.
      shared.catch(() => (shared = undefined));
    }
    return shared;
  };
};

interface PoolEntry {
  connection: Promise<KubeConnection>;
  lastUsed: number;
}

export interface ConnectionPoolOptions {
  /** Tokens whose connection is kept; the least recently used one goes first. */
  maxEntries?: number;
  /** A token unused this long gets a new connection next time. */
  idleMs?: number;
  now?: () => number;
}

/** Map key of a token: its SHA-256, so neither the map nor anything printing it holds the token. */
export const tokenKey = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * One connection (keep-alive agent + the token's Authorization header) per bearer token, shared by
 * every call made with that token and by no other token: a socket pool never carries two users.
 * Bounded (LRU) and idle-expiring; an evicted connection is not destroyed, since a call may still be
 * using it, and its idle sockets close on their own (IDLE_SOCKET_MS).
 */
export class ConnectionPool {
  private readonly entries = new Map<string, PoolEntry>();
  private readonly maxEntries: number;
  private readonly idleMs: number;
  private readonly now: () => number;

  constructor(
    private readonly base: KubeConfig,
    { maxEntries = 256, idleMs = 5 * 60_000, now = Date.now }: ConnectionPoolOptions = {},
  ) {
    this.maxEntries = maxEntries;
    this.idleMs = idleMs;
    this.now = now;
  }

  forToken(token: string): Promise<KubeConnection> {
    const key = tokenKey(token);
    const now = this.now();
    const hit = this.entries.get(key);
    this.entries.delete(key);
    if (hit && now - hit.lastUsed < this.idleMs) {
      hit.lastUsed = now;
      this.entries.set(key, hit);
      return hit.connection;
    }
    const connection = openConnection(kubeConfigForToken(this.base, token));
    const entry: PoolEntry = { connection, lastUsed: now };
    this.entries.set(key, entry);
    connection.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return connection;
  }

  get size(): number {
    return this.entries.size;
  }
}
