import type { Gather, SendLimit } from '../core/chat-sender.js';

/**
 * Kept back from every limit: our clock starts a message when it leaves, the platform's when it
 * arrives, and the two gaps differ by a few milliseconds of network and scheduling.
 */
export const SEND_MARGIN_MS = 100;

/** Counts a message from the platform's answer at `answeredAt` instead of from when it left. */
type Settle = (answeredAt: number) => void;

interface Meter {
  /** When a message may go; `yielding`: one that leaves a share of a shared window to others (YIELDED_SHARE). */
  freeAt(now: number, yielding: boolean): number;
  /** Counts a message leaving at `now`. */
  take(now: number): Settle;
  /** How long alerts going at `at` should have waited for others to go with them (Gather). */
  gatherMs(at: number): number;
}

/**
 * How long a message counts as on its way at most: a send that never settles (the process was
 * busy elsewhere, a bug) must not hold its chat for ever. Longer than any send's timeout.
 */
const FLIGHT_MAX_MS = 60_000;

/**
 * `burst` messages at once, then one every interval (a token bucket, kept as the time the next
 * message is due, GCRA-style). The interval is a margin longer than the platform's. A message
 * still on its way holds its slot until answered: it may arrive any time until then (held by a
 * wait the platform named, a slow upload), and the next must arrive an interval after it.
 */
function bucket(burst: number, perSecond: number, gather: Gather | undefined): Meter {
  const interval = (1000 + SEND_MARGIN_MS) / perSecond;
  const tolerance = (burst - 1) * interval;
  let due = Number.NEGATIVE_INFINITY;
  const flying = new Set<{ left: number }>();
  return {
    freeAt(now) {
      for (const flight of flying) if (flight.left < now - FLIGHT_MAX_MS) flying.delete(flight);
      // Full with messages on their way: look again an interval on (or once one is answered).
      if (flying.size >= burst) return now + interval;
      return Math.max(now, due - tolerance);
    },
    take(now) {
      const before = due;
      const flight = { left: now };
      flying.add(flight);
      due = Math.max(due, now) + interval;
      // Counted from the answer, the message's slot moves on by the time it was on its way.
      return (answeredAt) => {
        flying.delete(flight);
        due += Math.max(before, answeredAt) - Math.max(before, now);
      };
    },
    gatherMs(at) {
      if (gather === undefined) return 0;
      // Messages the bucket holds at `at`, fractions included: a bucket that has all but a
      // sliver of its burst back counts as full.
      const spent = burst - Math.min(burst, (at - (due - tolerance)) / interval + 1);
      return spent <= 0.5 ? 0 : gather.baseMs + gather.perSpentMs * spent;
    },
  };
}

/**
 * The share of a window that messages which can wait (service notices, daily summaries) leave to
 * the rest: a notice to every chat of a chain at once (240 of them when a provider fails) would
 * otherwise hold the bot's 30 a second, and every alert behind it, for seconds.
 */
const YIELDED_SHARE = 1 / 3;

/** At most `count` messages in any `windowMs` (a margin longer than the platform's). */
function window(count: number, windowMs: number): Meter {
  const times: number[] = []; // the last `count` messages, oldest first
  const add = (at: number) => {
    times.splice(times.findLastIndex((t) => t <= at) + 1, 0, at);
    if (times.length > count) times.shift();
  };
  const yieldingCount = Math.max(1, Math.floor(count * (1 - YIELDED_SHARE)));
  return {
    freeAt(now, yielding) {
      // The message may go once fewer than `allowed` of the last ones are still in the window.
      const allowed = yielding ? yieldingCount : count;
      const blocking = times[times.length - allowed];
      return times.length < allowed || blocking === undefined ? now : Math.max(now, blocking + windowMs + SEND_MARGIN_MS);
    },
    take(now) {
      add(now);
      return (answeredAt) => {
        const index = times.indexOf(now);
        if (index >= 0) times.splice(index, 1);
        add(answeredAt);
      };
    },
    gatherMs: () => 0,
  };
}

/**
 * What one chat may still send: its own limits and any shared with other chats (a bot-wide
 * cap, the topics of one group). A message goes the moment every budget has room, so a burst
 * goes out at once while the budgets last; only then do messages wait, and only as long as the
 * tightest budget says.
 */
export class SendBudget {
  private readonly meters: Meter[];

  constructor(
    limits: readonly SendLimit[],
    private readonly shared: readonly SendBudget[] = [],
  ) {
    this.meters = limits.map((l) => (l.kind === 'burst' ? bucket(l.burst, l.perSecond, l.gather) : window(l.count, l.windowMs)));
  }

  /**
   * The earliest time (≥ `now`) a message may go. `yielding`: a message that can wait (a notice,
   * a summary) leaves a share of the budgets this chat shares with others to their alerts.
   */
  freeAt(now: number, yielding = false): number {
    return this.earliest(now, false, yielding);
  }

  /** The chat's own meters never yield (its alerts go first in its worker anyway); the shared ones do when asked. */
  private earliest(now: number, ownYields: boolean, sharedYields: boolean): number {
    let at = now;
    for (const meter of this.meters) at = Math.max(at, meter.freeAt(now, ownYields));
    for (const budget of this.shared) at = Math.max(at, budget.earliest(now, sharedYields, sharedYields));
    return at;
  }

  /**
   * When alerts waiting since `since` may go, given that the budget has room from `freeAt` on:
   * then, or later while its limits say to gather more of them into one message.
   */
  alertsGoAt(since: number, freeAt: number): number {
    let hold = 0;
    for (const meter of this.meters) hold = Math.max(hold, meter.gatherMs(freeAt));
    return Math.max(freeAt, since + hold);
  }

  /**
   * Records a message leaving at `now`: it counts at once everywhere, so that no other chat
   * sharing a budget sends while it is on its way. Call what it returns with the time the
   * platform answered: the platform counted the message on arrival, somewhere in between, so
   * from then on it counts from the answer, and the next message stays a full interval behind
   * it however slow this one was to leave (rendering a large digest, a busy machine).
   */
  take(now: number): Settle {
    const settles = [...this.meters.map((meter) => meter.take(now)), ...this.shared.map((budget) => budget.take(now))];
    return (answeredAt) => {
      for (const settle of settles) settle(answeredAt);
    };
  }
}
