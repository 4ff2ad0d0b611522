import type { Logger } from '../log/logger.js';

/**
 * Events that are advice to an operator and wrong in the demo: `chat.none` tells the reader to
 * configure a chat, while printing alerts to the terminal is what the demo is for.
 */
export const DEMO_QUIET_EVENTS: readonly string[] = ['chat.none'];

/** The bot's logger minus `events`, at every level and in every child logger. */
export function withoutEvents(logger: Logger, events: readonly string[]): Logger {
  const shown = (event: string): boolean => !events.includes(event);
  return {
    debug: (event, fields) => {
      if (shown(event)) logger.debug(event, fields);
    },
    info: (event, fields) => {
      if (shown(event)) logger.info(event, fields);
    },
    warn: (event, fields) => {
      if (shown(event)) logger.warn(event, fields);
    },
    error: (event, fields) => {
      if (shown(event)) logger.error(event, fields);
    },
    child: (fields) => withoutEvents(logger.child(fields), events),
  };
}
