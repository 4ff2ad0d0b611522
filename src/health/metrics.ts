import type { ChatError } from '../core/chat-errors.js';
import type { CycleReport } from '../poller/poll-cycle.js';
import type { ProviderName } from '../core/model.js';
import type { OutboxRow } from '../store/state-schema.js';

/**
 * How a /check ended: `found` (the payment was there when asked: ✅ at once), `confirmed` (it came
 * while the check waited: ⏳ then ✅), `missed` (it did not come in time: ⏳ then ❌).
 */
export const CHECK_OUTCOMES = ['found', 'confirmed', 'missed'] as const;
export type CheckOutcomeLabel = (typeof CHECK_OUTCOMES)[number];

/** Seconds from storing a payment to the chat accepting its alert. */
export const LATENCY_BUCKETS = [0.5, 1, 2, 5, 10, 30, 60, 300, 1800] as const;

/**
 * A failure as /healthz shows it: its kind and where, not its text, which may quote what a
 * provider or a chat answered (account numbers, chat ids). The log has the whole message.
 */
export interface ErrorView {
  at: number;
  /** The provider error's code (`auth`, `api`…), the chat error's kind (`blocked`…), or `not_stored`. */
  code: string;
  /** HTTP status of a provider's answer, when there was one. */
  status?: number | null;
  /** The provider's route (`GET /v2/transactions`), never a URL with values. */
  endpoint?: string;
}

interface ProviderHealth {
  polls: number;
  failedPolls: number;
  stored: number;
  lastSuccessAt: number | null;
  lastError: ErrorView | null;
}

/**
 * What the bot has done since it started, kept in memory for /healthz and /metrics. Fed by
 * the poll cycle and the dispatcher; reads nothing itself.
 */
export class Metrics {
  readonly startedAt: number;
  readonly providers = new Map<ProviderName, ProviderHealth>();
  /** Per destination: payments alerted, messages sent, failures by kind. */
  readonly destinations = new Map<string, { alerts: number; messages: number; failures: Map<string, number> }>();
  readonly latency = { buckets: LATENCY_BUCKETS.map(() => 0), count: 0, sum: 0 };
  lastError: (ErrorView & { source: string }) | null = null;
  /** Commands answered: /report answers, /export files and the rows in them. */
  readonly answered = { reports: 0, exports: 0, exportedRows: 0 };
  /** Service notices chats accepted, by kind (`provider_problem`, `chat_over`…), and daily summaries posted. */
  readonly notices = new Map<string, number>();
  summaries = 0;
  /** Per destination: payments acknowledged with the alert's button (by presses this bot took). */
  readonly acknowledgements = new Map<string, number>();
  /** /check answers by how they ended (see `CHECK_OUTCOMES`): found when asked by the bot that took the command, the others by the leader that showed them. */
  readonly checks = new Map<CheckOutcomeLabel, number>(CHECK_OUTCOMES.map((outcome) => [outcome, 0]));

  constructor(private readonly now: () => number = Date.now) {
    this.startedAt = now();
  }

  recordPoll(report: CycleReport): void {
    const at = this.now();
    const health = this.provider(report.provider);
    health.polls += 1;
    health.stored += report.stored;
    if (report.ok) {
      health.lastSuccessAt = at;
      return;
    }
    health.failedPolls += 1;
    // No provider failure: the cycle failed to store what it read (the state is not writable).
    const failure = report.failure;
    const error: ErrorView = failure === undefined ? { at, code: 'not_stored' } : { at, code: failure.code, status: failure.status, endpoint: failure.endpoint };
    health.lastError = error;
    this.lastError = { ...error, source: report.provider };
  }

  recordDelivered(dest: string, rows: readonly OutboxRow[]): void {
    const at = this.now();
    const counts = this.destination(dest);
    counts.messages += 1;
    counts.alerts += rows.length;
    for (const row of rows) {
      const seconds = Math.max(0, (at - row.createdAt) / 1000);
      this.latency.count += 1;
      this.latency.sum += seconds;
      LATENCY_BUCKETS.forEach((bound, i) => {
        if (seconds <= bound) this.latency.buckets[i] = (this.latency.buckets[i] ?? 0) + 1;
      });
    }
  }

  /** `dest` as /metrics names it (destination-labels.ts). */
  recordSendFailure(dest: string, error: ChatError): void {
    const failures = this.destination(dest).failures;
    failures.set(error.kind, (failures.get(error.kind) ?? 0) + 1);
    this.lastError = { at: this.now(), source: dest, code: error.kind };
  }

  recordReport(): void {
    this.answered.reports += 1;
  }

  recordExport(rows: number): void {
    this.answered.exports += 1;
    this.answered.exportedRows += rows;
  }

  recordNotice(kind: string): void {
    this.notices.set(kind, (this.notices.get(kind) ?? 0) + 1);
  }

  recordSummary(): void {
    this.summaries += 1;
  }

  recordAcknowledged(dest: string, count: number): void {
    this.acknowledgements.set(dest, (this.acknowledgements.get(dest) ?? 0) + count);
  }

  recordCheck(outcome: CheckOutcomeLabel): void {
    this.checks.set(outcome, (this.checks.get(outcome) ?? 0) + 1);
  }

  private provider(name: ProviderName): ProviderHealth {
    let health = this.providers.get(name);
    if (!health) {
      health = { polls: 0, failedPolls: 0, stored: 0, lastSuccessAt: null, lastError: null };
      this.providers.set(name, health);
    }
    return health;
  }

  private destination(dest: string) {
    let counts = this.destinations.get(dest);
    if (!counts) {
      counts = { alerts: 0, messages: 0, failures: new Map<string, number>() };
      this.destinations.set(dest, counts);
    }
    return counts;
  }
}
