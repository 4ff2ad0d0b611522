import type { SendLimit } from '../core/chat-sender.js';

/**
 * Kept back from every limit: our clock starts a message when it leaves, the platform's when it
 * arrives, and the two gaps differ by a few milliseconds of network and scheduling.
 */
export const SEND_MARGIN_MS = 100;

interface Meter {
  freeAt(now: number): number;
  spend(now: number): void;
}

function bucket(burst: number, perSecond: number): Meter {
  // Refilled a margin slower than the platform's, so our count never runs ahead of its own.
  const refillPerMs = perSecond / (1000 + SEND_MARGIN_MS);
  let tokens = burst;
  let at = -Infinity;
  const refill = (now: number) => {
    tokens = Math.min(burst, tokens + (now - at) * refillPerMs);
    at = now;
  };
  return {
    freeAt(now) {
      refill(now);
      return tokens >= 1 ? now : now + (1 - tokens) / refillPerMs;
    },
    spend(now) {
      refill(now);
      tokens -= 1;
    },
  };
}

function window(count: number, windowMs: number): Meter {
  const sent: number[] = []; // the last `count` send times, oldest first
  return {
    freeAt(now) {
      const oldest = sent[0];
      return sent.length < count || oldest === undefined ? now : Math.max(now, oldest + windowMs + SEND_MARGIN_MS);
    },
    spend(now) {
      sent.push(now);
      if (sent.length > count) sent.shift();
    },
  };
}

/**
 * What one chat may still send: its own limits and any shared with other chats (a bot-wide
 * cap). A message goes the moment every budget has room, so a burst goes out at once while
 * the budgets last; only then do messages wait, and only as long as the tightest budget says.
 */
export class SendBudget {
  private readonly meters: Meter[];

  constructor(
    limits: readonly SendLimit[],
    private readonly shared: readonly SendBudget[] = [],
  ) {
    this.meters = limits.map((l) => (l.kind === 'burst' ? bucket(l.burst, l.perSecond) : window(l.count, l.windowMs)));
  }

  /** The earliest time (≥ `now`) a message may go. */
  freeAt(now: number): number {
    let at = now;
    for (const meter of this.meters) at = Math.max(at, meter.freeAt(now));
    for (const budget of this.shared) at = Math.max(at, budget.freeAt(now));
    return at;
  }

  /**
   * Records a message leaving at `now`: it counts at once against the budgets shared with other
   * chats, whose workers may send while this one is on its way.
   */
  start(now: number): void {
    for (const budget of this.shared) budget.spend(now);
  }

  /**
   * Records the platform's answer to that message at `now`. The platform counted it on arrival,
   * somewhere between start and answer; counting this chat's own limits from the answer keeps
   * the next message at least a full interval behind it, however slow the last one was to leave
   * (rendering a large digest, a busy machine).
   */
  finish(now: number): void {
    for (const meter of this.meters) meter.spend(now);
  }

  /** Records a message to this chat alone, counted from `now` everywhere. */
  spend(now: number): void {
    this.start(now);
    this.finish(now);
  }
}
