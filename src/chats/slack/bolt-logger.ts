import { format } from 'node:util';
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../log/logger.js';

const ORDER: readonly LogLevel[] = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];
const MAX_MESSAGE_CHARS = 500;

/**
 * Routes what Bolt, the WebClient and the Socket Mode client log into our logger as
 * `slack.bolt` events. Bolt sets its level to INFO at construction, which keeps the
 * WebClient's request dumps (debug) out of the log; our LOG_LEVEL filters the rest, and our
 * logger masks secrets. The WebClient already redacts tokens in what it logs.
 */
export function boltLogger(logger: Logger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  let name = 'bolt';
  const emit = (at: LogLevel, msg: unknown[]) => {
    if (ORDER.indexOf(at) < ORDER.indexOf(level)) return;
    const message = format(...msg);
    const fields = {
      source: name,
      message: message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}…` : message,
    };
    logger[at]('slack.bolt', fields);
  };
  return {
    debug: (...msg: unknown[]) => emit(LogLevel.DEBUG, msg),
    info: (...msg: unknown[]) => emit(LogLevel.INFO, msg),
    warn: (...msg: unknown[]) => emit(LogLevel.WARN, msg),
    error: (...msg: unknown[]) => emit(LogLevel.ERROR, msg),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: (next: string) => {
      name = next;
    },
  };
}
