import type { LogLevel } from '../cli';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** One raw JSON line, whatever the level (the audit log). */
  line(record: Record<string, unknown>): void;
}

/**
 * JSON lines on stderr: in stdio mode stdout carries the protocol, so nothing else may write there.
 * Callers pass only redacted, token-free fields.
 */
export const createLogger = (
  level: LogLevel,
  write: (line: string) => void = (line) => process.stderr.write(line),
): Logger => {
  const emit = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < ORDER[level]) return;
    write(`${JSON.stringify({ ts: new Date().toISOString(), level: lvl, msg, ...fields })}\n`);
  };
  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    line: (record) => write(`${JSON.stringify(record)}\n`),
  };
};
