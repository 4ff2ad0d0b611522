import { vietnamDateTime } from '../../src/core/vietnam-time.js';
import { startFakeServer, type Fault, type FakeReply, type FakeRequest } from '../http.js';

/* What the fakes of SePay v1 and v2 share: the HTTP plumbing around each one's own answers. */

/** One request a fake's handler answered (injected faults are not in here). */
export interface FakeSepayHit {
  /** `Date.now()` on arrival. */
  at: number;
  path: string;
  query: URLSearchParams;
  /** HTTP status sent (with v1, 200 for the empty-body auth rejection too). */
  status: number;
  /** The token sent, or null without a Bearer header. */
  token: string | null;
}

/** The server side of a SePay fake: where it listens, what it saw, and its knobs `B`. */
export interface FakeSepayPlumbing<B> {
  /** Host root without a trailing slash (no `/v2`): pass it as the client's `baseUrl`. */
  url: string;
  /** Every request received, faults included, in order. */
  requests: FakeRequest[];
  /** Requests the fake itself answered, with arrival time and status: for rate assertions. */
  hits: FakeSepayHit[];
  /**
   * Requests that arrived before the time a 429 of this fake had named (its retry-after
   * header, counted from that 429's arrival; its own rate limit and `rateLimitNext`, not
   * injected faults): what a client that honours the wait never sends.
   */
  early: FakeSepayHit[];
  /** Answers the next `count` requests with this version's 429, each naming `retryAfterSeconds`. */
  rateLimitNext(count: number, retryAfterSeconds: number): void;
  /** Queue replies that pre-empt the fake, one request each (500s, HTML, delays, resets). */
  injectFaults(...faults: Fault[]): void;
  /** Change behaviour from now on. */
  configure(patch: Partial<B>): void;
  /**
   * Runs `listener` as each request reaches the fake, before it is answered (not for
   * injected faults): e.g. to add a transaction in the middle of a client's walk.
   */
  onRequest(listener: (request: FakeRequest, index: number) => void): void;
  close(): Promise<void>;
}

/** How one API version says "too many requests": its 429 and the header that names the wait. */
export interface FakeSepayRateLimit {
  tooMany(retryAfterSeconds: number): FakeReply;
  /** Lower-case header name holding the seconds to wait. */
  retryAfterHeader: string;
}

/**
 * Serves `answer` on a loopback port, telling it the Bearer token sent and the arrival
 * time, recording each answer as a hit. `configure` changes `behaviour` in place.
 */
export async function serveFakeSepay<B extends object>(
  behaviour: B,
  answer: (request: FakeRequest, token: string | null, at: number) => FakeReply,
  limit: FakeSepayRateLimit,
): Promise<FakeSepayPlumbing<B>> {
  const hits: FakeSepayHit[] = [];
  const early: FakeSepayHit[] = [];
  const listeners: ((request: FakeRequest, index: number) => void)[] = [];
  const forced: number[] = [];
  /** Until when the last 429 asked callers to wait. */
  let heldUntil = Number.NEGATIVE_INFINITY;

  function handle(req: FakeRequest): FakeReply {
    const at = Date.now();
    for (const listener of listeners) listener(req, hits.length);
    const token = bearer(req.headers.authorization);
    const wait = forced.shift();
    const reply = wait === undefined ? answer(req, token, at) : limit.tooMany(wait);
    const hit = { at, path: req.path, query: req.query, status: reply.status, token };
    hits.push(hit);
    if (at < heldUntil) early.push(hit);
    const named = reply.status === 429 ? Number(reply.headers?.[limit.retryAfterHeader]) : NaN;
    if (Number.isFinite(named)) heldUntil = Math.max(heldUntil, at + named * 1000);
    return reply;
  }

  const server = await startFakeServer(handle);
  return {
    url: server.url,
    requests: server.requests,
    hits,
    early,
    rateLimitNext(count, retryAfterSeconds) {
      for (let i = 0; i < count; i++) forced.push(retryAfterSeconds);
    },
    injectFaults: server.injectFaults,
    close: server.close,
    configure(patch) {
      Object.assign(behaviour, patch);
    },
    onRequest(listener) {
      listeners.push(listener);
    },
  };
}

/** The banks a fake account can be at without naming its full name, BIN and code. */
export const FAKE_BANKS: Record<string, { full: string; bin: string; code: string }> = {
  Vietcombank: { full: 'Ngân hàng TMCP Ngoại Thương Việt Nam', bin: '970436', code: 'VCB' },
  VietinBank: { full: 'Ngân hàng TMCP Công Thương Việt Nam', bin: '970415', code: 'ICB' },
  MBBank: { full: 'Ngân hàng TMCP Quân đội', bin: '970422', code: 'MB' },
  ACB: { full: 'Ngân hàng TMCP Á Châu', bin: '970416', code: 'ACB' },
};

/** A transaction's bank-side time as SePay sends it: a Date as Vietnam time, a string verbatim, none as `now()`. */
export function wireDate(date: Date | string | undefined, now: () => Date): string {
  return date === undefined ? vietnamDateTime(now()) : typeof date === 'string' ? date : vietnamDateTime(date);
}

/**
 * A date filter's value, `YYYY-MM-DD` (the whole day, from its `start` or to its `end`)
 * or `YYYY-MM-DD HH:mm[:ss]`, as a comparable `YYYY-MM-DD HH:mm:ss`; null when it is
 * neither (each fake words that error its own way).
 */
export function comparableDate(raw: string, end: 'start' | 'end'): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) return `${raw} ${end === 'start' ? '00:00:00' : '23:59:59'}`;
  const time = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})(:\d{2})?$/.exec(raw);
  return time ? `${time[1]} ${time[2]}${time[3] ?? ':00'}` : null;
}

/** Most of `times` (ascending, in ms) that fall within any one second. */
export function peakPerSecond(times: readonly number[]): number {
  let peak = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= 1000) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

function bearer(header: string | undefined): string | null {
  const match = /^Bearer (.+)$/.exec(header ?? '');
  return match?.[1] ?? null;
}
