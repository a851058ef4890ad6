/**
 * Starting a stack of processes and servers as one unit: parts start in order, and when one fails
 * (a missing file, a port in use, a child that exits) everything already started is stopped and the
 * error names the part, so nothing is left running.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createServer } from 'node:net';

export interface RunningPart {
  name: string;
  stop(): Promise<void>;
}

export class StackPartError extends Error {
  constructor(
    readonly part: string,
    cause: unknown,
  ) {
    // Errors from Node's own modules may come from another realm (jest): read `message` directly.
    const message = (cause as { message?: unknown } | null)?.message;
    super(`${part} failed to start: ${typeof message === 'string' ? message : String(cause)}`);
    this.name = 'StackPartError';
  }
}

/** Fails fast with a clear message when a port is taken, before a server reports it obscurely. */
export const assertPortFree = (port: number, host = '127.0.0.1'): Promise<void> =>
  new Promise((resolve, reject) => {
    if (port === 0) return resolve();
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === 'EADDRINUSE' ? `port ${port} is in use` : error.message)),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });

/** Starts parts in order; on the first failure stops the started ones (last first) and throws. */
export class PartStarter {
  private readonly running: RunningPart[] = [];

  async start<T extends RunningPart>(name: string, start: () => Promise<T>): Promise<T> {
    try {
      const part = await start();
      this.running.push(part);
      return part;
    } catch (error) {
      await this.stopAll();
      throw error instanceof StackPartError ? error : new StackPartError(name, error);
    }
  }

  async stopAll(): Promise<void> {
    while (this.running.length > 0) {
      const part = this.running.pop() as RunningPart;
      await part.stop().catch(() => undefined);
    }
  }
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Stops a child: SIGTERM, then SIGKILL if it is still there after `graceMs`. */
export const stopChild = async (child: ChildProcess, graceMs = 3000): Promise<void> => {
  // Never spawned (ENOENT, EACCES): there is no process, and no 'exit' will come.
  if (exited(child) || child.pid === undefined) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    if (!exited(child)) child.kill('SIGKILL');
  }, graceMs);
  await gone;
  clearTimeout(timer);
};

export interface ChildPart extends RunningPart {
  child: ChildProcess;
}

/**
 * Spawns a long-running child and waits until `readyUrl` answers (any HTTP status). Rejects when
 * the child exits first or the wait times out; the child is stopped then.
 */
export const spawnPart = async (
  name: string,
  command: string,
  args: string[],
  {
    readyUrl,
    timeoutMs = 30_000,
    log = () => undefined,
    ...spawnOptions
  }: SpawnOptions & { readyUrl: string; timeoutMs?: number; log?: (line: string) => void },
): Promise<ChildPart> => {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOptions });
  let output = '';
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-4000);
    text
      .trimEnd()
      .split('\n')
      .forEach((line) => log(`[${name}] ${line}`));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
  spawnError.catch(() => undefined);
  const part: ChildPart = { name, child, stop: () => stopChild(child) };
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (exited(child)) {
        const lastLines = output.trim().split('\n').slice(-5).join('\n');
        throw new Error(
          `exited with ${child.exitCode !== null ? `code ${child.exitCode}` : child.signalCode}` +
            (lastLines ? `:\n${lastLines}` : ''),
        );
      }
      if (Date.now() > deadline) throw new Error(`${readyUrl} did not answer in ${timeoutMs} ms`);
      const answered = await Promise.race([
        fetch(readyUrl).then(
          () => true,
          () => false,
        ),
        spawnError,
      ]);
      if (answered) return part;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } catch (error) {
    await stopChild(child);
    throw error;
  }
};
