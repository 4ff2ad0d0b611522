import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { Leadership, LeaderView } from '../../core/leadership.js';
import type { Logger } from '../../log/logger.js';
import { describeDatabase } from './database.js';

export interface DatabaseLeadershipOptions {
  url: string;
  /** This bot's name in logs and in the database (host and pid). */
  instance: string;
  logger: Logger;
  /** How often a standby tries to take the lead. */
  retryMs?: number;
  /** How often the leader proves to the server that it is alive. */
  heartbeatMs?: number;
  /**
   * How long the leader trusts its lead without a heartbeat answered. Shorter than the
   * server's idle timeout, so that a bot paused longer than this knows, when it resumes,
   * that another may have taken over, before it acts. Counted on the monotonic clock and on
   * the wall clock, the longer of the two: a suspended machine (a VM put to sleep) may not
   * advance the monotonic clock while the server's time, and its timeout, went on.
   */
  leaseMs?: number;
  /** After this long without a word, the server ends the leader's session and with it the lock. */
  sessionTimeoutMs?: number;
}

/** One instant on both clocks. */
interface Instant {
  monotonic: number;
  wall: number;
}

function now(): Instant {
  return { monotonic: performance.now(), wall: Date.now() };
}

/**
 * How long ago `then` was, the longer of the two clocks. The wall clock stepped back (negative)
 * leaves the monotonic one to say; a suspended machine whose monotonic clock stood still is
 * caught by the wall clock. A wall clock stepped forward past the lease costs a needless
 * re-election, never a second sender.
 */
function sinceBeat(then: Instant): number {
  const at = now();
  return Math.max(at.monotonic - then.monotonic, at.wall - then.wall);
}

/** Any fixed number: the advisory lock all bankbells sharing a database contend for. */
export const LEADER_LOCK = 0x62616e6c;

/**
 * Leadership through a PostgreSQL advisory lock held on a connection of its own. The server
 * releases it when that connection ends: the leader's process dies (at once), or it stops
 * talking (paused, cut off) for `sessionTimeoutMs` (the server's idle_session_timeout). Each
 * takeover increments the epoch in the state row; writes only a leader may make check it in
 * their own transaction, so a replaced leader that wakes up cannot move cursors or outbox rows.
 * A bot that loses the lead (replaced, or the database gone) stands by and contends again.
 */
export class DatabaseLeadership implements Leadership {
  private client: pg.Client | null = null;
  private epoch: number | null = null;
  /** When the last heartbeat that was answered was sent: the lead is as old as that. */
  private beatSent: Instant = { monotonic: 0, wall: 0 };
  private since: string | null = null;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private unreachableTold = false;
  private running: Promise<void> = Promise.resolve();
  private readonly electedListeners: (() => void)[] = [];
  private readonly lostListeners: ((reason: string) => void)[] = [];
  private readonly retryMs: number;
  private readonly heartbeatMs: number;
  private readonly leaseMs: number;
  private readonly sessionTimeoutMs: number;

  constructor(private readonly options: DatabaseLeadershipOptions) {
    this.retryMs = options.retryMs ?? 2_000;
    this.heartbeatMs = options.heartbeatMs ?? 1_000;
    this.leaseMs = options.leaseMs ?? 5_000;
    this.sessionTimeoutMs = options.sessionTimeoutMs ?? 8_000;
  }

  onElected(listener: () => void): void {
    this.electedListeners.push(listener);
  }

  onLost(listener: (reason: string) => void): void {
    this.lostListeners.push(listener);
  }

  /** Contends now, then every `retryMs` while standing by, every `heartbeatMs` while leading. */
  async start(): Promise<void> {
    this.running = this.tick();
    await this.running;
    this.schedule(this.epoch === null ? this.retryMs : this.heartbeatMs);
  }

  currentEpoch(): number | null {
    if (this.epoch === null) return null;
    return sinceBeat(this.beatSent) < this.leaseMs ? this.epoch : null;
  }

  describe(): LeaderView {
    return { instance: this.options.instance, leading: this.currentEpoch() !== null, since: this.since };
  }

  /** Stops contending; a leader's lock is released with its connection. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.disconnect();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => this.schedule(this.epoch === null ? this.retryMs : this.heartbeatMs));
    }, ms);
  }

  private async tick(): Promise<void> {
    try {
      if (this.epoch === null) await this.tryToLead();
      else await this.heartbeat();
    } catch (error) {
      await this.failed(error);
    }
  }

  private async tryToLead(): Promise<void> {
    const client = await this.connect();
    const sentAt = now();
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [LEADER_LOCK]);
    if (rows[0]?.locked !== true) return;
    const result = await client.query<{ epoch: string }>(
      'UPDATE bankbell_state SET epoch = epoch + 1, leader = $1 WHERE id = 1 RETURNING epoch',
      [this.options.instance],
    );
    const epoch = Number(result.rows[0]?.epoch);
    if (!Number.isSafeInteger(epoch)) throw new Error('bankbell_state: no state row to record the leader in');
    this.epoch = epoch;
    this.beatSent = sentAt;
    this.since = new Date().toISOString();
    this.unreachableTold = false;
    this.options.logger.info('leader.elected', { instance: this.options.instance, epoch });
    for (const listener of this.electedListeners) listener();
  }

  private async heartbeat(): Promise<void> {
    // Paused, suspended or starved past the lease: another bot may lead by now. Acting on would
    // risk a second sender; the lead is given up before anything else runs.
    const silent = sinceBeat(this.beatSent);
    if (silent >= this.leaseMs) throw new Error(`no heartbeat for ${Math.round(silent)} ms`);
    const sentAt = now();
    const client = this.client;
    if (client === null) throw new Error('the leader connection is gone');
    const { rows } = await client.query<{ epoch: string }>('SELECT epoch FROM bankbell_state WHERE id = 1');
    if (Number(rows[0]?.epoch) !== this.epoch) throw new Error(`another bot took the lead (epoch ${rows[0]?.epoch})`);
    this.beatSent = sentAt;
  }

  private async failed(error: unknown): Promise<void> {
    if (this.epoch !== null) {
      const reason = error instanceof Error ? error.message : String(error);
      // Told before anything is awaited: whatever runs next must already find this bot standing by.
      this.epoch = null;
      this.since = null;
      this.options.logger.error('leader.lost', {
        instance: this.options.instance,
        error: reason,
        effect: `this bot stops acting at once, stands by (webhooks, commands and /healthz still answered) and contends again every ${this.retryMs} ms`,
      });
      for (const listener of this.lostListeners) listener(reason);
    } else if (!this.unreachableTold) {
      this.unreachableTold = true;
      this.options.logger.warn('leader.cannot_contend', {
        database: describeDatabase(this.options.url),
        error: String(error),
        retry: `every ${this.retryMs} ms`,
      });
    }
    await this.disconnect();
  }

  private async connect(): Promise<pg.Client> {
    if (this.client !== null) return this.client;
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: 'bankbell-leader',
      connectionTimeoutMillis: this.leaseMs,
      query_timeout: this.leaseMs,
    });
    // Errors surface in the next query; this only keeps a dropped connection from crashing the bot.
    client.on('error', () => undefined);
    await client.connect();
    try {
      // The server ends this session, and so releases the lock, when the bot stops talking.
      await client.query(`SET idle_session_timeout = ${Math.round(this.sessionTimeoutMs)}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    return client;
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = null;
    // Ending a connection that is already broken fails; it is gone either way.
    await client?.end().catch(() => undefined);
  }
}
