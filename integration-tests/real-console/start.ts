/**
 * `npm run start:real-console`: the real-console stack with the paths from the environment
 * (see README "Real console"). Without them it prints what is missing and starts nothing.
 * Ports: KV_LS_REAL_CONSOLE_PORT (first bridge, 9600); the backends sit at +50…+53.
 */
import {
  DEFAULT_REAL_CONSOLE_PORTS,
  realConsoleConfig,
  startRealConsoleStack,
  type RealConsolePorts,
} from './stack';

export const portsFrom = (env: NodeJS.ProcessEnv): RealConsolePorts => {
  const base = Number(env.KV_LS_REAL_CONSOLE_PORT ?? DEFAULT_REAL_CONSOLE_PORTS.bridge);
  return { bridge: base, kube: base + 50, mcp: base + 51, ols: base + 52, plugins: base + 53 };
};

const main = async () => {
  const config = realConsoleConfig();
  if (!config.ok) {
    console.log('Real-console stack not started:');
    config.problems.forEach((problem) => console.log(`  - ${problem}`));
    return;
  }
  const stack = await startRealConsoleStack(config.paths, portsFrom(process.env), {
    log: (line) => console.log(line),
  });
  console.log('\nReal console ready:');
  for (const bridge of stack.bridges) {
    console.log(
      `  ${bridge.user.padEnd(6)} ${bridge.lightspeed ? '          ' : '(no OLS UI)'} ${bridge.url}`,
    );
  }
  console.log('Press Ctrl-C to stop.');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
};

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
