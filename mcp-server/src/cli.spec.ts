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
      },
    });
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
