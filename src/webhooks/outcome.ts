import type { IncomingMessage } from 'node:http';
import type { LogFields } from '../core/logger.js';
import type { Transaction } from '../core/model.js';
import { transactionKey } from '../core/model.js';
import type { Outcome } from '../core/webhook-route.js';

export const outcome = (status: number, reason: string, fields?: LogFields): Outcome => ({ status, reason, fields });

/** Shown in the log so a delivery can be traced to the alert; capped so a big batch stays one line. */
const LOGGED_KEYS = 10;

/**
 * Hands transactions to the store and answers 200 only once it says they are on disk: the
 * provider retries whatever we did not answer with a 2xx, so a 500 here loses nothing.
 */
export async function keep(
  accept: (transactions: Transaction[]) => Promise<void>,
  transactions: Transaction[],
  fields: LogFields = {},
): Promise<Outcome> {
  if (transactions.length === 0) return outcome(200, 'nothing-to-keep', fields);
  const keys = transactions.slice(0, LOGGED_KEYS).map(transactionKey).join(',');
  const detail = { ...fields, count: transactions.length, keys };
  try {
    await accept(transactions);
  } catch (error) {
    return outcome(500, 'store-failed', { ...detail, error: error instanceof Error ? error.message : String(error) });
  }
  return outcome(200, 'stored', detail);
}

/** A header's value; the first one when a client repeats it. */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
