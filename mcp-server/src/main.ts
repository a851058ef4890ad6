import { parseCli } from './cli';
import { loadBaseKubeConfig } from './k8s/cluster';
import { createLogger } from './runtime/logger';
import { createServerContext } from './server';
import { serveHttp } from './transports/http';
import { serveStdio } from './transports/stdio';
import { SERVER_NAME, SERVER_VERSION } from './version';

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
  let baseKubeConfig;
  try {
    baseKubeConfig = loadBaseKubeConfig(options.kubeconfig);
  } catch (error) {
    logger.error('cannot load the Kubernetes configuration', {
      error: error instanceof Error ? error.message : String(error),
    });
    return 1;
  }
  const ctx = createServerContext(options, baseKubeConfig, logger);
  const handle = options.transport === 'http' ? await serveHttp(ctx) : await serveStdio(ctx);

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
    process.stderr.write(
      `${SERVER_NAME}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
