import { describe, expect, it } from 'vitest';
import { healthReport, prometheusText } from '../../src/health/health-report.js';
import { Metrics } from '../../src/health/metrics.js';

describe('/healthz and /metrics on the state', () => {
  const metrics = new Metrics(() => 1_000);
  metrics.recordPoll({ provider: 'casso', ok: true, stored: 0, alerted: 0 });

  it('count dead letters, and say degraded while the state cannot be written', () => {
    const held = { backlog: 4, oldestWaitingMs: 60_000, deadLetters: 2, stateWritable: false };
    expect(healthReport(metrics, ['casso'], held, 2_000)).toMatchObject({
      status: 'degraded',
      outbox: { backlog: 4, deadLetters: 2 },
      state: { writable: false },
    });
    const text = prometheusText(metrics, held);
    expect(text).toContain('\nbankbell_dead_letters 2\n');
    expect(text).toContain('\nbankbell_state_writable 0\n');
  });

  it('say ok once the state is writable again', () => {
    const fine = { backlog: 0, oldestWaitingMs: 0, deadLetters: 0, stateWritable: true };
    expect(healthReport(metrics, ['casso'], fine, 2_000)).toMatchObject({ status: 'ok', state: { writable: true } });
    expect(prometheusText(metrics, fine)).toContain('\nbankbell_state_writable 1\n');
  });

  it('say which bot leads, and count a standby\'s providers as not stale (it does not poll)', () => {
    const fine = { backlog: 0, oldestWaitingMs: 0, deadLetters: 0, stateWritable: true };
    const later = 1_000 + 11 * 60_000;
    const standby = { instance: 'b:2', leading: false, since: null };
    expect(healthReport(metrics, ['casso'], fine, later, standby)).toMatchObject({ status: 'ok', leader: standby });
    const leader = { instance: 'a:1', leading: true, since: '2026-12-02T06:00:00.000Z' };
    expect(healthReport(metrics, ['casso'], fine, later, leader)).toMatchObject({ status: 'degraded', leader });
    expect(prometheusText(metrics, fine, standby)).toContain('\nbankbell_leader{instance="b:2"} 0\n');
    expect(prometheusText(metrics, fine, leader)).toContain('\nbankbell_leader{instance="a:1"} 1\n');
  });
});

describe('/healthz and /metrics on service notices', () => {
  it('list the problems not over yet, and count notices by kind and summaries posted', () => {
    const metrics = new Metrics(() => 1_000);
    metrics.recordPoll({ provider: 'sepay', ok: true, stored: 0, alerted: 0 });
    metrics.recordNotice('provider_problem');
    metrics.recordNotice('provider_problem');
    metrics.recordNotice('chat_over');
    metrics.recordSummary();
    const fine = { backlog: 0, oldestWaitingMs: 0, deadLetters: 0, stateWritable: true };
    const problems = [{ problem: 'provider:sepay', since: Date.UTC(2025, 3, 10, 2, 0), told: true }];
    expect(healthReport(metrics, ['sepay'], fine, 2_000, undefined, problems)).toMatchObject({
      problems: [{ problem: 'provider:sepay', since: '2025-04-10T02:00:00.000Z', told: true }],
    });
    expect(healthReport(metrics, ['sepay'], fine, 2_000)).toMatchObject({ problems: [] });
    const text = prometheusText(metrics, fine);
    expect(text).toContain('\nbankbell_notices_sent_total{kind="provider_problem"} 2\n');
    expect(text).toContain('\nbankbell_notices_sent_total{kind="chat_over"} 1\n');
    expect(text).toContain('\nbankbell_summaries_posted_total 1\n');
  });
});
