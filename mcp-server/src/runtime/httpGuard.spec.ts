import type http from 'node:http';
import { AuthGate, clientAddress, hostAllowed, hostnameOf, originAllowed } from './httpGuard';
import { RateLimiter } from './rateLimiter';

const HOSTS = ['cnv-mcp-server.ns.svc', 'localhost', '127.0.0.1', '[::1]'];

describe('Host validation (DNS rebinding)', () => {
  it.each([
    ['cnv-mcp-server.ns.svc:8443', true],
    ['CNV-MCP-SERVER.ns.svc', true],
    ['localhost:8080', true],
    ['[::1]:8080', true],
    ['127.0.0.1', true],
    ['attacker.example.net', false],
    ['cnv-mcp-server.ns.svc.attacker.example.net', false],
    ['localhost@attacker.example.net', false],
    ['', false],
    [undefined, false],
  ])('%s → %s', (host, allowed) => {
    expect(hostAllowed(host, HOSTS)).toBe(allowed);
  });

  it('strips the port and lowercases', () => {
    expect(hostnameOf('Example.COM:443')).toBe('example.com');
    expect(hostnameOf('[::1]:80')).toBe('[::1]');
  });
});

describe('Origin validation', () => {
  it('allows requests without Origin (server to server)', () => {
    expect(originAllowed(undefined, [], HOSTS)).toBe(true);
  });

  it.each([
    ['http://localhost:9000', [], true],
    ['https://cnv-mcp-server.ns.svc', [], true],
    ['https://attacker.example.net', [], false],
    ['null', [], false],
    ['file://localhost', [], false],
    ['https://console.apps.example.com', ['https://console.apps.example.com'], true],
    ['https://console.apps.example.com:8443', ['https://console.apps.example.com'], false],
    ['http://localhost:9000', ['https://console.apps.example.com'], false],
    ['https://console.apps.example.com:8443', ['console.apps.example.com'], true],
  ])('%s with %j → %s', (origin, allowedOrigins, allowed) => {
    expect(originAllowed(origin, allowedOrigins, HOSTS)).toBe(allowed);
  });
});

describe('clientAddress', () => {
  const req = (remoteAddress: string, forwarded?: string) =>
    ({
      socket: { remoteAddress },
      headers: forwarded ? { 'x-forwarded-for': forwarded } : {},
    }) as unknown as http.IncomingMessage;

  it('uses X-Forwarded-For only when trusted and the peer is loopback', () => {
    expect(clientAddress(req('127.0.0.1', '10.1.2.3, 10.9.9.9'), true)).toBe('10.1.2.3');
    expect(clientAddress(req('::ffff:127.0.0.1', '10.1.2.3'), true)).toBe('10.1.2.3');
    expect(clientAddress(req('127.0.0.1', '10.1.2.3'), false)).toBe('127.0.0.1');
    expect(clientAddress(req('10.5.5.5', '10.1.2.3'), true)).toBe('10.5.5.5');
    expect(clientAddress(req('127.0.0.1'), true)).toBe('127.0.0.1');
  });
});

describe('AuthGate', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000_000;
  });

  it('verifies a token on any answer but 401, and keys its rate limit by it from then on', () => {
    const gate = new AuthGate(5, clock);
    expect(gate.sharedRateKey('token:a', '10.0.0.1')).toBe('unverified:10.0.0.1');
    gate.observe('token:a', '10.0.0.1', 0);
    expect(gate.isVerified('token:a')).toBe(false);
    gate.observe('token:a', '10.0.0.1', 403);
    expect(gate.isVerified('token:a')).toBe(true);
    expect(gate.sharedRateKey('token:a', '10.0.0.1')).toBeUndefined();
  });

  it('blocks an address after its failures, per address, and lets it try again later', () => {
    const gate = new AuthGate(3, clock);
    for (let i = 0; i < 3; i += 1) gate.observe(`token:fake${i}`, '10.0.0.1', 401);
    expect(gate.blockedFor('10.0.0.1')).toBeGreaterThan(0);
    expect(gate.blockedFor('10.0.0.2')).toBe(0);
    expect(gate.isVerified('token:fake0')).toBe(false);
    now += 20_000; // 3/min: one failure more allowed every 20 s
    expect(gate.blockedFor('10.0.0.1')).toBe(0);
  });
});

describe('RateLimiter.peek', () => {
  it('tells without taking', () => {
    let now = 0;
    const limiter = new RateLimiter(2, () => now);
    expect(limiter.peek('a')).toBe(0);
    expect(limiter.take('a')).toBe(0);
    expect(limiter.peek('a')).toBe(0);
    expect(limiter.take('a')).toBe(0);
    expect(limiter.peek('a')).toBe(30);
    expect(limiter.take('a')).toBe(30);
    now += 30_000;
    expect(limiter.peek('a')).toBe(0);
  });
});
