import { owesAlert } from '../core/alert-policy.js';
import type { Logger } from '../log/logger.js';
import type { ProviderName } from '../core/model.js';
import type { ProviderError } from '../core/provider-errors.js';
import type { PollSource } from '../core/poll.js';
import type { StateStore } from '../store/state-store.js';

export interface CycleReport {
  provider: ProviderName;
  /** False when any call failed (what succeeded was still committed). */
  ok: boolean;
  stored: number;
  alerted: number;
  error?: string;
  /** The provider's first failure of the cycle, when it answered with one (not a store failure). */
  failure?: ProviderError;
}

export interface PollCycleOptions {
  sources: readonly PollSource[];
  store: StateStore;
  /** Destination ids every new alert is owed to. */
  destinations: readonly string[];
  logger: Logger;
  now?: () => Date;
  onReport?: (report: CycleReport) => void;
}

/**
 * One polling cycle: every provider at once, each committed on its own as soon as it
 * answers, so a slow or failing provider never holds back the other's alerts.
 */
export async function runPollCycle(options: PollCycleOptions): Promise<CycleReport[]> {
  const now = options.now ?? (() => new Date());
  return Promise.all(options.sources.map((source) => pollOne(source, options, now())));
}

async function pollOne(source: PollSource, options: PollCycleOptions, now: Date): Promise<CycleReport> {
  const logger = options.logger.child({ provider: source.provider });
  const report: CycleReport = { provider: source.provider, ok: true, stored: 0, alerted: 0 };
  try {
    const { batch, errors } = await source.poll(options.store, now);
    for (const error of errors) logger.error('poll.failed', error.toLogFields());
    if (errors[0]) Object.assign(report, { ok: false, error: errors[0].message, failure: errors[0] });
    const hasWork = batch.transactions.length > 0 || Object.keys(batch.cursors).length > 0 || batch.baselined.length > 0;
    if (hasWork) {
      const transactions = batch.transactions.map((found) => ({ tx: found.tx, alert: owesAlert(found, now.getTime()) }));
      const fresh = await options.store.commit({ ...batch, transactions, destinations: options.destinations });
      const alerted = new Set(transactions.filter((t) => t.alert).map((t) => t.tx));
      report.stored = fresh.length;
      report.alerted = fresh.filter((tx) => alerted.has(tx)).length;
    }
    logger[report.stored > 0 ? 'info' : 'debug']('poll.done', { stored: report.stored, alerted: report.alerted });
  } catch (error) {
    // A bug or a disk error, not a provider answer: the cursor has not moved, retry next cycle.
    Object.assign(report, { ok: false, error: String(error) });
    if (!options.store.writable) {
      // The store told the operator once, with the fix; a line per cycle would bury it.
      logger.debug('poll.not_stored', { error: String(error) });
    } else {
      logger.error('poll.crashed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  }
  options.onReport?.(report);
  return report;
}
