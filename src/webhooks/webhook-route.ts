import type { IncomingMessage } from 'node:http';
import type { Transaction } from '../core/model.js';
import type { Logger } from '../log/logger.js';
import type { Outcome } from './outcome.js';
import type { ReadJson } from './read-json.js';

/** What the server hands a route for one request. */
export interface WebhookContext {
  readJson: ReadJson;
  /** Stores the transactions durably; resolves once they are on disk, rejects on failure. */
  accept: (transactions: Transaction[]) => Promise<void>;
  /** Epoch milliseconds. */
  nowMs: () => number;
  logger: Logger;
}

/**
 * One provider's push endpoint (`POST <path>`), which exists only when its credentials are
 * configured. `handle` authenticates, parses and hands the transactions to `accept`; it
 * answers 2xx only once they are stored, so the provider retries anything else.
 */
export interface WebhookRoute {
  /** Who pushes here, for the log: `casso`, `sepay`. */
  source: string;
  path: string;
  /** Which credential schemes are on, for the start-up log line (`v2+legacy`, `apikey`). */
  schemes: string;
  handle(req: IncomingMessage, ctx: WebhookContext): Promise<Outcome>;
}
