import { describe, expect, it } from 'vitest';
import { ChatBlockedError, ChatMovedError, ChatRateLimitError, ChatRejectedError, ChatTransientError } from '../../src/core/chat-errors.js';
import { remedyFor, type FailureWaits } from '../../src/delivery/failure-policy.js';

const WAITS: FailureWaits = { transient: { attempts: Infinity, baseDelayMs: 1_000, maxDelayMs: 8_000 }, blockedMs: 300_000 };
const DEST = 'telegram:-100';
const once = { items: 1, failures: 0 };
/** The backoff's random half at its top: the wait is the whole step. */
const top = () => 1;

describe('the failure policy', () => {
  it('waits exactly what a rate limit names, and holds the whole chat for it', () => {
    expect(remedyFor(new ChatRateLimitError(DEST, 2_500), { items: 3, failures: 4 }, WAITS)).toEqual({ act: 'wait', ms: 2_500, wholeChat: true });
  });

  it('backs off from a passing failure, longer after each, up to the cap; only what failed waits', () => {
    const waited = [0, 1, 2, 3, 10].map((failures) => remedyFor(new ChatTransientError(DEST, 'socket hang up'), { items: 1, failures }, WAITS, top));
    expect(waited).toEqual([1_000, 2_000, 4_000, 8_000, 8_000].map((ms) => ({ act: 'wait', ms, wholeChat: false })));
  });

  it('looks again slowly at a chat the bot cannot post in', () => {
    expect(remedyFor(new ChatBlockedError(DEST, 'bot was kicked', 'add it back'), once, WAITS)).toEqual({ act: 'wait', ms: 300_000, wholeChat: false });
  });

  it('splits a digest the chat refuses, and sets aside a single message it refuses', () => {
    const refused = new ChatRejectedError(DEST, 'Bad Request: message is too long');
    expect(remedyFor(refused, { items: 5, failures: 0 }, WAITS)).toEqual({ act: 'split' });
    expect(remedyFor(refused, once, WAITS)).toEqual({ act: 'set-aside' });
  });

  it('follows a chat that moved to its new id', () => {
    expect(remedyFor(new ChatMovedError(DEST, '-100999', 'replace -100 with -100999'), once, WAITS)).toEqual({
      act: 'follow',
      to: '-100999',
      hint: 'replace -100 with -100999',
    });
  });
});
