import type { LogFields, Logger } from '../core/logger.js';

export type { LogFields, Logger };

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LoggerOptions {
  level: LogLevel;
  /** Values that must never reach the log (tokens, keys); replaced by `***` wherever they appear. */
  secrets?: readonly string[];
  write?: (line: string) => void;
  now?: () => Date;
}

/**
 * One line per event in logfmt (`time level event key=value …`): readable in a terminal,
 * parseable by log shippers. Secrets are masked as a last line of defence.
 */
export function createLogger(options: LoggerOptions): Logger {
  const threshold = LOG_LEVELS.indexOf(options.level);
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 4);
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());

  const make = (bound: LogFields): Logger => {
    const emit = (level: LogLevel, event: string, fields: LogFields = {}) => {
      if (LOG_LEVELS.indexOf(level) < threshold) return;
      let line = `${now().toISOString()} ${level.toUpperCase().padEnd(5)} ${event}`;
      for (const [key, value] of Object.entries({ ...bound, ...fields })) {
        if (value === undefined) continue;
        line += ` ${key}=${formatValue(value)}`;
      }
      for (const secret of secrets) line = line.split(secret).join('***');
      write(line);
    };
    return {
      debug: (e, f) => emit('debug', e, f),
      info: (e, f) => emit('info', e, f),
      warn: (e, f) => emit('warn', e, f),
      error: (e, f) => emit('error', e, f),
      child: (fields) => make({ ...bound, ...fields }),
    };
  };
  return make({});
}

function formatValue(value: string | number | boolean | null): string {
  if (typeof value !== 'string') return String(value);
  return /^[\w.:/@+-]+$/.test(value) ? value : JSON.stringify(value);
}

/** For tests and tools that want no output. */
export const silentLogger: Logger = createLogger({ level: 'error', write: () => {} });
