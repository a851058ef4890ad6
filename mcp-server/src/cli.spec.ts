import { DEFAULT_OPTIONS, parseCli } from './cli';

describe('parseCli', () => {
  it('defaults to stdio with the KUBECONFIG of the environment', () => {
    expect(parseCli([], { KUBECONFIG: '/tmp/kc' })).toEqual({
      kind: 'run',
      options: { ...DEFAULT_OPTIONS, kubeconfig: '/tmp/kc' },
    });
  });

  it('reads every option', () => {
    const command = parseCli([
      '--transport',
      'http',
      '--port',
      '9000',
      '--host',
      '0.0.0.0',
      '--kubeconfig',
      '/k',
      '--cache-ttl-seconds',
      '0',
      '--rate-limit',
      '30/min',
      '--k8s-timeout-seconds',
      '3',
      '--log-level',
      'debug',
      '--allowed-hosts',
      'cnv-mcp-server.ns.svc, LOCALHOST,[::1]',
      '--allowed-origins',
      'https://console.example.com,console.example.com',
      '--max-body-bytes',
      '1000',
      '--auth-failures',
      '5/min',
      '--max-k8s-requests',
      '40',
      '--trust-forwarded-for',
    ]);
    expect(command).toEqual({
      kind: 'run',
      options: {
        transport: 'http',
        port: 9000,
        host: '0.0.0.0',
        kubeconfig: '/k',
        cacheTtlSeconds: 0,
        rateLimitPerMinute: 30,
        k8sTimeoutSeconds: 3,
        logLevel: 'debug',
        allowedHosts: ['cnv-mcp-server.ns.svc', 'localhost', '[::1]'],
        allowedOrigins: ['https://console.example.com', 'console.example.com'],
        maxBodyBytes: 1000,
        authFailuresPerMinute: 5,
        maxK8sRequestsPerHttpRequest: 40,
        trustForwardedFor: true,
      },
    });
  });

  it('reads allowed hosts and origins from the environment, flags first', () => {
    const env = { CNV_MCP_ALLOWED_HOSTS: 'a.svc,b.svc', CNV_MCP_ALLOWED_ORIGINS: 'https://c' };
    const fromEnv = parseCli([], env);
    expect(fromEnv.kind === 'run' && fromEnv.options.allowedHosts).toEqual(['a.svc', 'b.svc']);
    expect(fromEnv.kind === 'run' && fromEnv.options.allowedOrigins).toEqual(['https://c']);
    const flag = parseCli(['--allowed-hosts', 'd.svc'], env);
    expect(flag.kind === 'run' && flag.options.allowedHosts).toEqual(['d.svc']);
  });

  it('prefers --kubeconfig over KUBECONFIG', () => {
    const command = parseCli(['--kubeconfig', '/a'], { KUBECONFIG: '/b' });
    expect(command.kind === 'run' && command.options.kubeconfig).toBe('/a');
  });

  it.each([
    [['--transport', 'sse'], '--transport must be stdio or http'],
    [['--port', 'abc'], '--port must be a whole number'],
    [['--port', '70000'], '--port must be at most 65535'],
    [['--rate-limit', 'fast'], '--rate-limit must look like'],
    [['--rate-limit', '0/min'], '--rate-limit must be greater than 0'],
    [['--log-level', 'loud'], '--log-level must be one of'],
    [['--allowed-hosts', 'evil.com:8443'], '--allowed-hosts: "evil.com:8443" is not a valid entry'],
    [['--allowed-origins', 'javascript:alert(1)'], '--allowed-origins: "javascript:alert(1)"'],
    [['--max-body-bytes', '0'], '--max-body-bytes must be greater than 0'],
    [['--auth-failures', 'many'], '--auth-failures must look like'],
    [['--max-k8s-requests', '2.5'], '--max-k8s-requests must be a whole number'],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('rejects %j', (argv, message) => {
    const command = parseCli(argv);
    expect(command.kind).toBe('error');
    expect(command.kind === 'error' && command.message).toContain(message);
  });

  it('answers --help and --version', () => {
    const help = parseCli(['--help']);
    expect(help.kind === 'help' && help.text).toContain('--transport stdio|http');
    expect(parseCli(['-v'])).toEqual({ kind: 'version' });
  });
});
