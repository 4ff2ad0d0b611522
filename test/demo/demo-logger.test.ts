import { describe, expect, it } from 'vitest';
import { DEMO_QUIET_EVENTS, withoutEvents } from '../../src/demo/demo-logger.js';
import { createLogger } from '../../src/log/logger.js';

describe('the demo logger', () => {
  it('drops "no chat configured" at any level and in child loggers, and keeps everything else', () => {
    const lines: string[] = [];
    const logger = withoutEvents(createLogger({ level: 'debug', write: (line) => lines.push(line) }), DEMO_QUIET_EVENTS);
    const child = logger.child({ platform: 'console' });

    logger.warn('chat.none', { fix: 'Set TELEGRAM_* or SLACK_*' });
    child.info('chat.none');
    logger.warn('poll.failed', { provider: 'casso', status: 503 });
    child.error('chat.send_failed');

    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/ WARN {2}poll\.failed provider=casso status=503$/);
    expect(lines[1]).toMatch(/ ERROR chat\.send_failed platform=console$/);
  });
});
