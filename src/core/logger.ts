export type LogFields = Record<string, string | number | boolean | null | undefined>;

/**
 * What every part logs through; plug-ins get one in their deps. The logger itself (logfmt,
 * levels, secret masking) is src/log/logger.ts.
 */
export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}
