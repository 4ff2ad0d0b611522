import type { PollSource } from '../core/poll.js';
import type { ProblemReason } from '../core/service-notice.js';
import { healthReport, prometheusText, type ReceivingView } from '../health/health-report.js';
import { startHealthServer, type HealthServer } from '../health/health-server.js';
import type { Metrics } from '../health/metrics.js';
import { paymentRequestMetricsText } from '../health/payment-request-metrics.js';
import type { Leadership } from '../core/leadership.js';
import type { Logger } from '../log/logger.js';
import type { OpenProblem } from '../notices/problem-tracker.js';
import type { StateStore } from '../store/state-store.js';

/** The health endpoint is an aid, not a duty: a port in use is logged, never fatal. */
export async function startHealth(
  port: number,
  deps: {
    metrics: Metrics;
    store: StateStore;
    sources: readonly PollSource[];
    logger: Logger;
    leadership: Leadership;
    /** The leader's open problems; none while standing by. */
    problems: () => OpenProblem<ProblemReason>[];
    /** How /healthz names a problem (a chat's without its id). */
    problemLabel: (key: string) => string;
    /** How each chat platform this bot polls for commands stands, by name (none while standing by). */
    receiving: () => Record<string, ReceivingView>;
  },
): Promise<HealthServer | null> {
  const { metrics, store, logger, leadership, problems } = deps;
  const outbox = () => {
    const oldest = store.oldestWaitingSince();
    return {
      backlog: store.outboxSize,
      oldestWaitingMs: oldest === null ? 0 : Date.now() - oldest,
      deadLetters: store.deadLetters.length,
      stateWritable: store.writable,
    };
  };
  try {
    const server = await startHealthServer({
      port,
      logger,
      health: () =>
        healthReport(
          metrics,
          deps.sources.map((s) => s.provider),
          outbox(),
          Date.now(),
          leadership.describe(),
          problems().map((p) => ({ problem: deps.problemLabel(p.key), since: p.since, told: p.told })),
          deps.receiving(),
        ),
      metrics: () => prometheusText(metrics, outbox(), leadership.describe()) + paymentRequestMetricsText(store.keptRequests()),
    });
    logger.info('health.listening', { port: server.port });
    return server;
  } catch (error) {
    logger.error('health.listen_failed', { port, error: String(error), fix: 'free the port or change HEALTH_PORT' });
    return null;
  }
}
