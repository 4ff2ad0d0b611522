import type { RetryPolicy } from '../http/backoff.js';

/**
 * How long a chat's messages wait after a failure, the same for alerts and for /qr edits: the
 * work is the same (one message to a chat that did not take it), and so is what helps.
 */

/** A passing failure (network, 5xx): back off from 2 s up to 10 minutes, never give up. */
export const TRANSIENT_RETRY: RetryPolicy = { attempts: Infinity, baseDelayMs: 2_000, maxDelayMs: 10 * 60_000 };
/** A chat the bot cannot post in (kicked, no rights): someone must fix it; look again slowly. */
export const BLOCKED_RETRY_MS = 5 * 60_000;
/** After the state could not be written (disk full, database down). */
export const STATE_RETRY_MS = 5_000;
