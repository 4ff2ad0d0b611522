import type { ReceivingStatus } from '../../core/chat.js';
import { backoffDelay, pause, type RetryPolicy } from '../../http/backoff.js';
import type { Logger } from '../../log/logger.js';
import { describeZaloFailure, type ZaloApi, type ZaloFailure } from './zalo-api.js';
import { NoResult } from './zalo-answers.js';
import { TOKEN_FIX } from './zalo-errors.js';

export interface ZaloPollingOptions {
  api: ZaloApi;
  logger: Logger;
  /** Whether this bot leads: only the leader takes Zalo's updates (an update handed out is gone). */
  leading: () => boolean;
  /** Long-poll `timeout` in seconds. */
  pollSeconds: number;
  /** Called with each update as it came (parsed by the caller); must not throw. */
  onUpdate: (update: unknown) => void;
}

export interface ZaloPolling {
  /** Starts the long-poll loop; returns at once. Again after stop(). */
  start(): void;
  /** Ends the loop, aborting the poll in flight. */
  stop(): Promise<void>;
  status(): ReceivingStatus | null;
}

/** After a failed poll: 1–2 s at first, at most a minute (a rejected token: at most five). */
const RETRY: RetryPolicy = { attempts: Infinity, baseDelayMs: 2_000, maxDelayMs: 60_000 };
const TOKEN_RETRY: RetryPolicy = { attempts: Infinity, baseDelayMs: 60_000, maxDelayMs: 5 * 60_000 };
/** The request may take the long poll's wait and this much more before it counts as lost. */
const POLL_MARGIN_MS = 10_000;
/** Polls that bring nothing come at most this often, should Zalo answer at once instead of waiting. */
const QUIET_POLL_MS = 500;

/**
 * The bot's `getUpdates` loop, one call at a time: each call hands out at most one update, and
 * Zalo forgets it then (there is no offset to confirm). `error_code` 408 means no update came in
 * the wait, which is no error. Nothing here may take the process down: a failing poll is logged
 * once per problem with its fix, `status()` says so for /healthz, and the loop tries again with
 * backoff until stop().
 */
export function createZaloPolling({ api, logger, leading, pollSeconds, onUpdate }: ZaloPollingOptions): ZaloPolling {
  let abort = new AbortController();
  let running: Promise<void> | undefined;
  let status: ReceivingStatus | null = null;
  const setStatus = (receiving: boolean, problem: string | null) => {
    if (status?.receiving !== receiving || status.problem !== problem) status = { receiving, problem, since: Date.now() };
  };

  function reportFailure(failure: ZaloFailure, failures: number): void {
    const problem = describeZaloFailure(failure);
    const unauthorized = failure.kind === 'refused' && failure.errorCode === 401;
    const fix = unauthorized
      ? TOKEN_FIX
      : failure.kind === 'refused' && failure.errorCode === 400
        ? 'if a webhook is set for this bot, getUpdates does not work: delete it (deleteWebhook), see docs/zalo.md'
        : 'check ZALO_API_ROOT and the network; polling is tried again by itself';
    // Once per problem: a poll failing every few seconds must not flood the log.
    if (failures === 1 || status?.problem !== problem) {
      logger.error(unauthorized ? 'zalo.unauthorized' : 'zalo.polling_failed', { error: problem, effect: 'messages to the bot are not received; alerts still go out', fix });
    }
    setStatus(false, problem);
  }

  async function run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted && leading()) {
      const startedAt = Date.now();
      const answer = await api.call('getUpdates', { timeout: String(pollSeconds) }, NoResult, { signal, timeoutMs: pollSeconds * 1000 + POLL_MARGIN_MS });
      if (signal.aborted) return;
      const quiet = !answer.ok && answer.error.kind === 'refused' && answer.error.errorCode === 408;
      if (answer.ok || quiet) {
        if (status?.receiving !== true) logger.info(failures > 0 ? 'zalo.polling_again' : 'zalo.polling', { effect: 'messages to the bot are received' });
        failures = 0;
        setStatus(true, null);
        if (answer.ok && answer.value !== undefined) onUpdate(answer.value);
        else if (!(await pause(startedAt + QUIET_POLL_MS - Date.now(), signal))) return;
        continue;
      }
      failures += 1;
      reportFailure(answer.error, failures);
      const failure = answer.error;
      const wait =
        failure.kind === 'refused' && failure.retryAfterMs !== null
          ? failure.retryAfterMs
          : backoffDelay(failure.kind === 'refused' && failure.errorCode === 401 ? TOKEN_RETRY : RETRY, Math.min(failures - 1, 20));
      if (!(await pause(wait, signal))) return;
    }
  }

  return {
    status: () => status,
    start() {
      if (running) return;
      abort = new AbortController();
      setStatus(false, 'connecting to Zalo');
      running = run(abort.signal).catch((error: unknown) => {
        // Not expected (every failure is a value): logged so that it is seen, and polling is off until a restart.
        logger.error('zalo.polling_stopped', { error: String(error), fix: 'restart the bot; report this if it repeats' });
        setStatus(false, `polling stopped: ${String(error)}`);
      });
    },
    async stop() {
      abort.abort();
      await running;
      running = undefined;
      status = null;
    },
  };
}
