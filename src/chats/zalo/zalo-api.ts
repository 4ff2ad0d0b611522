import { request } from 'undici';
import { z } from 'zod';
import { err, ok, type Result } from '../../core/result.js';
import { sleep as realSleep, sleepUntil } from '../../http/backoff.js';
import type { Logger } from '../../log/logger.js';

/**
 * Why a Bot API call did not give what was asked, as a value; its words never hold the token
 * (it is in the URL, which no description quotes):
 * - `unreachable`: no answer (connection refused or reset, timeout);
 * - `unreadable`: an answer that is not the API's JSON envelope, or whose result has another shape;
 * - `refused`: `{ok: false, error_code, description}`, with the wait a 429 names.
 */
export type ZaloFailure =
  | { kind: 'unreachable'; method: string; detail: string }
  | { kind: 'unreadable'; method: string; status: number; detail: string }
  | { kind: 'refused'; method: string; errorCode: number; description: string; retryAfterMs: number | null };

/** A failure in one line for logs and notices: method, code, Zalo's words. */
export function describeZaloFailure(failure: ZaloFailure): string {
  switch (failure.kind) {
    case 'unreachable':
      return `${failure.method}: no answer (${failure.detail})`;
    case 'unreadable':
      return `${failure.method}: HTTP ${failure.status}, ${failure.detail}`;
    case 'refused':
      return `${failure.method}: ${failure.errorCode}${failure.description === '' ? '' : ` ${failure.description}`}`;
  }
}

/** The envelope of every answer; `error_code` is what clients act on, the description is for people. */
const Envelope = z.union([
  z.object({ ok: z.literal(true), result: z.unknown().optional() }),
  z.object({
    ok: z.literal(false),
    error_code: z.coerce.number().int(),
    description: z.string().catch(''),
    parameters: z.object({ retry_after: z.number().nonnegative().optional() }).partial().catch({}).optional(),
  }),
]);

/** The longest wait a 429 names that a call sleeps through itself; a longer one comes back as the 429. */
export const IN_PLACE_WAIT_MS = 5_000;
/** A 429 that names no wait: Zalo documents none, so a moderate pause. */
export const DEFAULT_RETRY_AFTER_MS = 10_000;
const DEFAULT_TIMEOUT_MS = 20_000;

export interface ZaloApiOptions {
  token: string;
  /** ZALO_API_ROOT, without a trailing slash. */
  apiRoot: string;
  logger: Logger;
  /** Longest one call may take (a long poll adds its own wait). */
  timeoutMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface CallOptions {
  /** Aborts the call (a long poll when the bot stops). */
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface ZaloApi {
  /**
   * `POST <root>/bot<token>/<method>` with `body` as JSON; the result parsed with `schema`. Never
   * throws. A wait a 429 named holds every later call but getUpdates (which sends nothing): a
   * short rest of it is slept, a longer one comes back at once as the same 429. A 429 naming a
   * short wait is tried once more after it.
   */
  call<S extends z.ZodType>(method: string, body: object, schema: S, options?: CallOptions): Promise<Result<z.infer<S>, ZaloFailure>>;
}

export function createZaloApi(options: ZaloApiOptions): ZaloApi {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const root = options.apiRoot.replace(/\/+$/, '');
  let heldUntil = Number.NEGATIVE_INFINITY;

  async function attempt(method: string, body: object, callOptions: CallOptions): Promise<Result<unknown, ZaloFailure>> {
    const timeoutMs = callOptions.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = callOptions.signal === undefined ? timeout : AbortSignal.any([timeout, callOptions.signal]);
    let status: number;
    let headers: Record<string, string | string[] | undefined>;
    let text: string;
    try {
      const response = await request(`${root}/bot${options.token}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      status = response.statusCode;
      headers = response.headers;
      text = await response.body.text();
    } catch (error) {
      return err({ kind: 'unreachable', method, detail: networkDetail(error, timeout.aborted) });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      // A proxy in front of the API may say "slow down" in its own words: its Retry-After still counts.
      if (status === 429) return err({ kind: 'refused', method, errorCode: 429, description: 'Too Many Requests', retryAfterMs: retryAfter(undefined, '', headers) });
      return err({ kind: 'unreadable', method, status, detail: 'the answer is not JSON' });
    }
    const envelope = Envelope.safeParse(json);
    if (!envelope.success) return err({ kind: 'unreadable', method, status, detail: 'the answer is not the Bot API envelope {ok, result}' });
    if (envelope.data.ok) return ok(envelope.data.result);
    const { error_code: errorCode, description, parameters } = envelope.data;
    const retryAfterMs = errorCode === 429 ? retryAfter(parameters?.retry_after, description, headers) : null;
    return err({ kind: 'refused', method, errorCode, description: description.slice(0, 200), retryAfterMs });
  }

  return {
    async call(method, body, schema, callOptions = {}) {
      for (let tries = 0; ; tries++) {
        if (method !== 'getUpdates') {
          const left = heldUntil - now();
          if (left > IN_PLACE_WAIT_MS) {
            return err({ kind: 'refused', method, errorCode: 429, description: 'Too Many Requests (held by the bot)', retryAfterMs: left });
          }
          if (left > 0) await sleepUntil(() => heldUntil, now, sleep);
        }
        const answer = await attempt(method, body, callOptions);
        if (answer.ok) {
          const parsed = schema.safeParse(answer.value);
          if (parsed.success) return ok(parsed.data);
          const issue = parsed.error.issues[0];
          const where = issue && issue.path.length > 0 ? `result.${issue.path.join('.')}` : 'result';
          return err({ kind: 'unreadable', method, status: 200, detail: `${where}: ${issue?.message ?? 'unexpected shape'}` });
        }
        const failure = answer.error;
        if (failure.kind !== 'refused' || failure.retryAfterMs === null) return answer;
        heldUntil = Math.max(heldUntil, now() + failure.retryAfterMs);
        // getUpdates is not held: its loop waits as long itself.
        if (tries > 0 || method === 'getUpdates' || failure.retryAfterMs > IN_PLACE_WAIT_MS) return answer;
        options.logger.warn('zalo.retry', { endpoint: method, status: 429, retry_after_ms: failure.retryAfterMs });
      }
    },
  };
}

/** The wait a 429 names: `parameters.retry_after`, else "retry after N" in its words, else a Retry-After header (seconds). */
function retryAfter(seconds: number | undefined, description: string, headers: Record<string, string | string[] | undefined>): number {
  if (seconds !== undefined) return Math.ceil(seconds * 1000);
  const worded = /retry after (\d+)/i.exec(description)?.[1];
  if (worded !== undefined) return Number(worded) * 1000;
  const raw = headers['retry-after'];
  const header = Number(Array.isArray(raw) ? raw[0] : raw);
  return raw !== undefined && Number.isFinite(header) && header >= 0 ? Math.ceil(header * 1000) : DEFAULT_RETRY_AFTER_MS;
}

/** ECONNRESET, a timeout…: the error's code or name, never its message (which may name the URL, and so the token). */
function networkDetail(error: unknown, timedOut: boolean): string {
  if (timedOut) return 'timed out';
  if (!(error instanceof Error)) return 'unknown error';
  if ('code' in error && typeof error.code === 'string') return error.code;
  return error.name;
}
