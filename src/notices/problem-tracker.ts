/** How long a problem must last before it is told, and how often one problem may be told. */
export interface TrackerTimings {
  /** A failure that is not told at once (a provider's poll failing) is told once it has lasted this long. */
  graceMs: number;
  /**
   * A problem is not told again within this long of its last notice: a flapping provider does not
   * spam the chats. The end of a problem is told at once (the operator who fixed it wants to see it).
   */
  quietMs: number;
}

export const DEFAULT_TIMINGS: TrackerTimings = { graceMs: 5 * 60_000, quietMs: 10 * 60_000 };

/** What was seen of one thing that can fail (a provider, the state, a chat) at one instant. */
export type Observation<Reason> = { working: true } | { working: false; reason: Reason; atOnce: boolean };

/** A notice to send: the problem began (`since`), or it is over. */
export type TrackerNotice<Reason> =
  | { key: string; kind: 'problem'; reason: Reason; since: number }
  | { key: string; kind: 'over'; reason: Reason; since: number };

/** An unresolved problem, for /healthz: `told` once its notice went out. */
export interface OpenProblem<Reason> {
  key: string;
  reason: Reason;
  since: number;
  told: boolean;
}

interface Entry<Reason> {
  reason: Reason;
  /** When the current run of failures began; null while it works. */
  failingSince: number | null;
  atOnce: boolean;
  /** When the told problem began, while it has been told and its end not yet. */
  toldSince: number | null;
  lastNoticeAt: number;
}

/**
 * Turns observations and the clock into notices: once when a problem begins (at once, or when
 * it has lasted `graceMs`, but never within `quietMs` of the last notice for its key), and once,
 * at once, when it is over.
 * A problem that ends before it was told is forgotten; one that comes back before its end was
 * told simply goes on. Pure: nothing but `observe` and `due` changes it, and the clock comes in.
 */
export class ProblemTracker<Reason> {
  private readonly entries = new Map<string, Entry<Reason>>();

  constructor(private readonly timings: TrackerTimings = DEFAULT_TIMINGS) {}

  observe(key: string, seen: Observation<Reason>, now: number): void {
    const entry = this.entries.get(key);
    if (seen.working) {
      if (entry) entry.failingSince = null;
      return;
    }
    if (!entry) {
      this.entries.set(key, { reason: seen.reason, failingSince: now, atOnce: seen.atOnce, toldSince: null, lastNoticeAt: -Infinity });
      return;
    }
    entry.reason = seen.reason;
    if (entry.failingSince === null) {
      entry.failingSince = now;
      entry.atOnce = seen.atOnce;
    } else entry.atOnce ||= seen.atOnce;
  }

  /** Takes up a problem told before (by this bot before a restart, or by the leader before it): still failing until seen working. */
  restore(key: string, reason: Reason, since: number, toldAt: number): void {
    this.entries.set(key, { reason, failingSince: since, atOnce: false, toldSince: since, lastNoticeAt: toldAt });
  }

  /** The notices due at `now`, each counted as sent. */
  due(now: number): TrackerNotice<Reason>[] {
    const notices: TrackerNotice<Reason>[] = [];
    for (const [key, entry] of this.entries) {
      const since = entry.failingSince;
      const quiet = now - entry.lastNoticeAt < this.timings.quietMs;
      if (entry.toldSince === null && since !== null && !quiet && (entry.atOnce || now - since >= this.timings.graceMs)) {
        notices.push({ key, kind: 'problem', reason: entry.reason, since });
        entry.toldSince = since;
        entry.lastNoticeAt = now;
      } else if (entry.toldSince !== null && since === null) {
        notices.push({ key, kind: 'over', reason: entry.reason, since: entry.toldSince });
        entry.toldSince = null;
        entry.lastNoticeAt = now;
      }
    }
    return notices;
  }

  /** Problems not over yet (told or still in their grace time), oldest first. */
  open(): OpenProblem<Reason>[] {
    return [...this.entries]
      .flatMap(([key, e]) => {
        const since = e.toldSince ?? e.failingSince;
        return since === null ? [] : [{ key, reason: e.reason, since, told: e.toldSince !== null }];
      })
      .sort((a, b) => a.since - b.since);
  }
}
