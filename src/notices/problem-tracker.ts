/** How long a problem must last before it is told, and how often one problem may be told. */
export interface TrackerTimings {
  /** A failure that is not told at once (a provider's poll failing) is told once it has lasted this long. */
  graceMs: number;
  /**
   * A problem is not told again within this long of its last notice: a flapping provider does not
   * spam the chats. The end of a problem is told at once (the operator who fixed it wants to see it).
   */
  quietMs: number;
  /** A notice no chat took is offered again after this long. Default 1 minute. */
  retryMs?: number;
}

export const DEFAULT_TIMINGS: TrackerTimings = { graceMs: 5 * 60_000, quietMs: 10 * 60_000 };
const DEFAULT_RETRY_MS = 60_000;

/** What was seen of one thing that can fail (a provider, the state, a chat) at one instant. */
export type Observation<Reason> = { working: true } | { working: false; reason: Reason; atOnce: boolean };

/** A notice to send: the problem began (`since`), or it is over. */
export type TrackerNotice<Reason> =
  | { key: string; kind: 'problem'; reason: Reason; since: number }
  | { key: string; kind: 'over'; reason: Reason; since: number };

/** An unresolved problem, for /healthz: `told` once a chat took its notice. */
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
  /** The notice on its way to the chats, and when it was due, until one took it or none did. */
  sending: { notice: TrackerNotice<Reason>; at: number } | null;
  /** A notice no chat took is not offered again before this. */
  retryAt: number;
}

/**
 * Turns observations and the clock into notices: once when a problem begins (at once, or when
 * it has lasted `graceMs`, but never within `quietMs` of the last notice for its key), and once,
 * at once, when it is over. A notice counts once a chat took it (`told`); one that no chat took
 * (`untold`) is offered again after `retryMs`, and nothing else is offered for its key meanwhile.
 * A problem that ends before it was told is forgotten; one that comes back before its end was
 * told simply goes on. Pure: only its methods change it, and the clock comes in.
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
      this.entries.set(key, {
        reason: seen.reason,
        failingSince: now,
        atOnce: seen.atOnce,
        toldSince: null,
        lastNoticeAt: -Infinity,
        sending: null,
        retryAt: -Infinity,
      });
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
    this.entries.set(key, { reason, failingSince: since, atOnce: false, toldSince: since, lastNoticeAt: toldAt, sending: null, retryAt: -Infinity });
  }

  /** Drops a problem no chat was told of (nor is being told): it is part of a larger one now. */
  forgetUntold(key: string): void {
    const entry = this.entries.get(key);
    if (entry && entry.toldSince === null && entry.sending === null) this.entries.delete(key);
  }

  /** The notices due at `now`; each is on its way until `told` or `untold` says how it went. */
  due(now: number): TrackerNotice<Reason>[] {
    const notices: TrackerNotice<Reason>[] = [];
    for (const [key, entry] of this.entries) {
      if (entry.sending !== null || now < entry.retryAt) continue;
      const since = entry.failingSince;
      const quiet = now - entry.lastNoticeAt < this.timings.quietMs;
      let notice: TrackerNotice<Reason> | null = null;
      if (entry.toldSince === null && since !== null && !quiet && (entry.atOnce || now - since >= this.timings.graceMs)) {
        notice = { key, kind: 'problem', reason: entry.reason, since };
      } else if (entry.toldSince !== null && since === null) {
        notice = { key, kind: 'over', reason: entry.reason, since: entry.toldSince };
      }
      if (notice === null) continue;
      entry.sending = { notice, at: now };
      notices.push(notice);
    }
    return notices;
  }

  /** A chat took the notice on its way for `key`: the problem (or its end) counts as told, as of when it was due. */
  told(key: string): void {
    const entry = this.entries.get(key);
    const sending = entry?.sending;
    if (!entry || !sending) return;
    entry.sending = null;
    entry.toldSince = sending.notice.kind === 'problem' ? sending.notice.since : null;
    entry.lastNoticeAt = sending.at;
  }

  /** No chat took the notice on its way for `key`: it is offered again after `retryMs`. */
  untold(key: string, now: number): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.sending = null;
    entry.retryAt = now + (this.timings.retryMs ?? DEFAULT_RETRY_MS);
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
