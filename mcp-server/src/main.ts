// Only what answering `initialize` needs is imported statically: the HTTP transport, the tools,
// @kubernetes/client-node and prom-client are loaded by import() when first needed, into chunks of
// their own (build.mjs), so an MCP client launching the server over stdio is answered fast.
import { parseCli, type ServerOptions } from './cli';
import { createLogger, type Logger } from './runtime/logger';
import { serveStdio } from './transports/stdio';
import { SERVER_NAME, SERVER_VERSION } from './version';

const KUBECONFIG_ERROR = 'cannot load the Kubernetes configuration';

const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** HTTP: the kubeconfig is loaded before listening, so a bad one fails the start (exit 1). */
const startHttp = async (options: ServerOptions, logger: Logger) => {
  const { loadBaseKubeConfig } = await import('./k8s/cluster.js');
  let baseKubeConfig;
  try {
    baseKubeConfig = loadBaseKubeConfig(options.kubeconfig);
  } catch (error) {
    logger.error(KUBECONFIG_ERROR, { error: errorMessage(error) });
    return undefined;
  }
  const [{ createServerContext }, { serveHttp }] = await Promise.all([
    import('./server.js'),
    import('./transports/http.js'),
  ]);
  return serveHttp(createServerContext(options, baseKubeConfig, logger));
};

const main = async (): Promise<number | undefined> => {
  const command = parseCli(process.argv.slice(2), process.env);
  if (command.kind === 'help') {
    process.stdout.write(command.text);
    return 0;
  }
  if (command.kind === 'version') {
    process.stdout.write(`${SERVER_NAME} ${SERVER_VERSION}\n`);
    return 0;
  }
  if (command.kind === 'error') {
    process.stderr.write(
      `${SERVER_NAME}: ${command.message}\nRun ${SERVER_NAME} --help for usage.\n`,
    );
    return 2;
  }
  const { options } = command;
  const logger = createLogger(options.logLevel);
  const handle =
    options.transport === 'http'
      ? await startHttp(options, logger)
      : // stdio loads the kubeconfig after the handshake; a bad one still ends the process (exit 1).
        await serveStdio(options, logger, (msg, error) => {
          logger.error(msg, { error: errorMessage(error) });
          process.exit(1);
        });
  if (!handle) return 1;

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    void handle.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  if (options.transport === 'stdio') process.stdin.on('end', () => stop('stdin closed'));
  return undefined;
};

main().then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${SERVER_NAME}: ${errorMessage(error)}\n`);
    process.exit(1);
  },
);
