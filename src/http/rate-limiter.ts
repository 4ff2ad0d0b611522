import { sleep as realSleep, sleepUntil } from './backoff.js';

/** Spaces out request starts, first come first served, and pauses everyone on a 429. */
export interface RateLimiter {
  /** Resolves when the caller may start one request; callers are served in call order. */
  acquire(): Promise<void>;
  /** The server said "too many": nobody starts a request for `waitMs` from now. */
  pause(waitMs: number): void;
}

export interface RateLimiterOptions {
  /** Least time between two request starts. */
  minIntervalMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  let nextStart = Number.NEGATIVE_INFINITY;
  let pausedUntil = Number.NEGATIVE_INFINITY;
  // Each caller waits for the one before it: a promise chain is the FIFO queue.
  let tail: Promise<void> = Promise.resolve();

  const waitForTurn = async (): Promise<void> => {
    // A 429 seen by another caller while we sleep can push the pause further out.
    await sleepUntil(() => Math.max(nextStart, pausedUntil), now, sleep);
    nextStart = now() + options.minIntervalMs;
  };

  return {
    acquire() {
      const turn = tail.then(waitForTurn);
      // A failed sleep must not wedge every later caller behind it.
      tail = turn.catch(() => undefined);
      return turn;
    },
    pause(waitMs) {
      pausedUntil = Math.max(pausedUntil, now() + waitMs);
    },
  };
}

const shared = new Map<string, RateLimiter>();

/**
 * The one limiter of this process for an API root and credential: the poller, /balance, /find
 * and the doctor each build their own client, but a provider counts requests per credential
 * and a wait it names holds for all of them, so they must queue together. A trailing `/` on
 * the root does not make a second limiter.
 */
export function sharedRateLimiter(baseUrl: string, credential: string, minIntervalMs: number): RateLimiter {
  const key = `${baseUrl.replace(/\/+$/, '')}\n${credential}`;
  let limiter = shared.get(key);
  if (!limiter) {
    limiter = createRateLimiter({ minIntervalMs });
    shared.set(key, limiter);
  }
  return limiter;
}
