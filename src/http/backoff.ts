import type { RetryPolicy } from '../core/retry-policy.js';

export type { RetryPolicy };

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so retries
 * from many callers spread out but never collapse to zero wait.
 */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(step / 2 + (random() * step) / 2);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sleeps until `now()` has reached `until()`, asked again after each sleep: the deadline may move
 * on meanwhile (another 429), and a timer can fire a little early (Node counts from the event
 * loop's cached clock, stale after a busy turn).
 */
export async function sleepUntil(until: () => number, now: () => number, sleepFor: (ms: number) => Promise<void> = sleep): Promise<void> {
  for (let left = until() - now(); left > 0; left = until() - now()) await sleepFor(left);
}

/** Sleeps `ms`, or less when `signal` aborts first (a poller that stops): true when it slept the whole time. */
export function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve(false);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
