import type { ProviderName } from '../core/model.js';
import type { LeaderView } from '../core/leadership.js';
import type { Metrics } from './metrics.js';
import { LATENCY_BUCKETS } from './metrics.js';

/** What the outbox looks like right now. */
export interface OutboxView {
  backlog: number;
  /** Age in ms of the oldest alert still waiting, 0 when none. */
  oldestWaitingMs: number;
  /** Alerts a chat refused for good, kept aside (`npm run doctor` lists them). */
  deadLetters: number;
  /** False while the state cannot be written (disk full, permissions): alerts are held. */
  stateWritable: boolean;
}

/** A problem the bot tells the chats about and that is not over, as /healthz lists it. */
export interface ProblemView {
  problem: string;
  since: number;
  /** Whether its notice went out (a provider failing for less than 5 minutes is not told yet). */
  told: boolean;
}

/** How a chat platform's command polling stands (only platforms that poll, while this bot polls them). */
export interface ReceivingView {
  receiving: boolean;
  problem: string | null;
  since: number;
}

/** A provider is "stale" when it has not polled successfully for this long. */
export const STALE_AFTER_MS = 10 * 60_000;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * GET /healthz: healthy while every provider polled successfully within STALE_AFTER_MS, the state
 * can be written, and every chat platform this bot polls for commands answers its polls.
 */
export function healthReport(
  metrics: Metrics,
  providers: readonly ProviderName[],
  outbox: OutboxView,
  now: number,
  leader?: LeaderView,
  problems: readonly ProblemView[] = [],
  chats: Readonly<Record<string, ReceivingView>> = {},
) {
  // A standby does not poll: its providers are not stale, the leader's are what count.
  const polls = leader?.leading ?? true;
  const rows = providers.map((name) => {
    const health = metrics.providers.get(name);
    const since = health?.lastSuccessAt ?? metrics.startedAt;
    return {
      name,
      stale: polls && now - since > STALE_AFTER_MS,
      lastSuccessfulPoll: iso(health?.lastSuccessAt ?? null),
      lastError: health?.lastError ? { ...health.lastError, at: iso(health.lastError.at) } : null,
    };
  });
  const healthy = rows.every((row) => !row.stale) && outbox.stateWritable && Object.values(chats).every((chat) => chat.receiving);
  return {
    status: healthy ? 'ok' : 'degraded',
    startedAt: iso(metrics.startedAt),
    providers: Object.fromEntries(rows.map(({ name, ...info }) => [name, info])),
    outbox: {
      backlog: outbox.backlog,
      oldestWaitingSeconds: Math.round(outbox.oldestWaitingMs / 1000),
      deadLetters: outbox.deadLetters,
    },
    state: { writable: outbox.stateWritable },
    chats: Object.fromEntries(Object.entries(chats).map(([name, c]) => [name, { receiving: c.receiving, problem: c.problem, since: iso(c.since) }])),
    ...(leader === undefined ? {} : { leader }),
    problems: problems.map((p) => ({ problem: p.problem, since: iso(p.since), told: p.told })),
    lastError: metrics.lastError ? { ...metrics.lastError, at: iso(metrics.lastError.at) } : null,
  };
}

/** GET /metrics in the Prometheus text exposition format (version 0.0.4). */
export function prometheusText(metrics: Metrics, outbox: OutboxView, leader?: LeaderView): string {
  const out: string[] = [];
  const family = (name: string, type: string, help: string) => out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  const label = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

  family('bankbell_polls_total', 'counter', 'Poll cycles per provider and result.');
  for (const [name, h] of metrics.providers) {
    out.push(`bankbell_polls_total{provider="${name}",result="ok"} ${h.polls - h.failedPolls}`);
    out.push(`bankbell_polls_total{provider="${name}",result="error"} ${h.failedPolls}`);
  }
  family('bankbell_poll_errors_total', 'counter', 'Poll cycles with at least one failed provider call.');
  for (const [name, h] of metrics.providers) out.push(`bankbell_poll_errors_total{provider="${name}"} ${h.failedPolls}`);
  family('bankbell_transactions_stored_total', 'counter', 'New transactions stored.');
  for (const [name, h] of metrics.providers) out.push(`bankbell_transactions_stored_total{provider="${name}"} ${h.stored}`);
  family('bankbell_last_successful_poll_timestamp_seconds', 'gauge', 'Unix time of the last successful poll.');
  for (const [name, h] of metrics.providers) {
    if (h.lastSuccessAt !== null) out.push(`bankbell_last_successful_poll_timestamp_seconds{provider="${name}"} ${h.lastSuccessAt / 1000}`);
  }
  family('bankbell_alerts_sent_total', 'counter', 'Payments delivered to a chat (a digest counts each payment).');
  for (const [dest, d] of metrics.destinations) out.push(`bankbell_alerts_sent_total{destination="${label(dest)}"} ${d.alerts}`);
  family('bankbell_messages_sent_total', 'counter', 'Messages accepted by a chat.');
  for (const [dest, d] of metrics.destinations) out.push(`bankbell_messages_sent_total{destination="${label(dest)}"} ${d.messages}`);
  family('bankbell_send_failures_total', 'counter', 'Failed sends by kind (rate_limited, transient, blocked, moved, rejected).');
  for (const [dest, d] of metrics.destinations) {
    for (const [kind, n] of d.failures) out.push(`bankbell_send_failures_total{destination="${label(dest)}",kind="${kind}"} ${n}`);
  }
  family('bankbell_acknowledgements_total', 'counter', "Payments acknowledged with an alert's button, per destination (presses this bot took).");
  for (const [dest, n] of metrics.acknowledgements) out.push(`bankbell_acknowledgements_total{destination="${label(dest)}"} ${n}`);
  family('bankbell_outbox_backlog', 'gauge', 'Alerts waiting to be delivered (one per payment and chat).');
  out.push(`bankbell_outbox_backlog ${outbox.backlog}`);
  family('bankbell_outbox_oldest_waiting_seconds', 'gauge', 'Age of the oldest alert still waiting.');
  out.push(`bankbell_outbox_oldest_waiting_seconds ${outbox.oldestWaitingMs / 1000}`);
  family('bankbell_dead_letters', 'gauge', 'Alerts a chat refused for good, kept aside in the state.');
  out.push(`bankbell_dead_letters ${outbox.deadLetters}`);
  family('bankbell_state_writable', 'gauge', '1 while the state can be written, 0 while alerts are held (disk full, permissions).');
  out.push(`bankbell_state_writable ${outbox.stateWritable ? 1 : 0}`);
  if (leader !== undefined) {
    family('bankbell_leader', 'gauge', '1 while this bot leads (polls, sends), 0 while it stands by.');
    out.push(`bankbell_leader{instance="${label(leader.instance)}"} ${leader.leading ? 1 : 0}`);
  }
  family('bankbell_reports_total', 'counter', '/report answers given.');
  out.push(`bankbell_reports_total ${metrics.answered.reports}`);
  family('bankbell_exports_total', 'counter', '/export files answered.');
  out.push(`bankbell_exports_total ${metrics.answered.exports}`);
  family('bankbell_exported_rows_total', 'counter', 'Transactions in the /export files answered.');
  out.push(`bankbell_exported_rows_total ${metrics.answered.exportedRows}`);
  family('bankbell_notices_sent_total', 'counter', 'Service notices accepted by a chat, by kind (provider_problem, state_over, chat_problem…).');
  for (const [kind, n] of metrics.notices) out.push(`bankbell_notices_sent_total{kind="${label(kind)}"} ${n}`);
  family('bankbell_summaries_posted_total', 'counter', 'Daily /summary reports posted.');
  out.push(`bankbell_summaries_posted_total ${metrics.summaries}`);
  family('bankbell_alert_latency_seconds', 'histogram', 'From storing a payment to the chat accepting its alert.');
  LATENCY_BUCKETS.forEach((bound, i) => out.push(`bankbell_alert_latency_seconds_bucket{le="${bound}"} ${metrics.latency.buckets[i] ?? 0}`));
  out.push(`bankbell_alert_latency_seconds_bucket{le="+Inf"} ${metrics.latency.count}`);
  out.push(`bankbell_alert_latency_seconds_sum ${metrics.latency.sum}`);
  out.push(`bankbell_alert_latency_seconds_count ${metrics.latency.count}`);
  return `${out.join('\n')}\n`;
}
