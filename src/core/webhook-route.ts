import type { IncomingMessage } from 'node:http';
import type { LogFields, Logger } from './logger.js';
import type { Transaction } from './model.js';
import type { Result } from './result.js';

/** How one request ended: the HTTP status, a short reason for the log and the answer, and log detail. */
export interface Outcome {
  status: number;
  reason: string;
  fields?: LogFields;
}

/** A body read within the size limit and parsed: its text (for debugging) and its JSON value. */
export interface JsonBody {
  text: string;
  json: unknown;
}

/** Reads and parses a request body; a failure comes back as the outcome to answer with. */
export type ReadJson = (req: IncomingMessage) => Promise<Result<JsonBody, Outcome>>;

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
