import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Locale } from '../core/locale.js';
import { isOpen } from '../core/payment-request.js';
import type { WebAnswer, WebRoute } from '../core/web-route.js';
import { sameSecret } from '../http/constant-time.js';
import type { Logger } from '../log/logger.js';
import { qrPng } from '../qr/qr-image.js';
import type { StateStore } from '../store/state-store.js';
import { MAX_STREAMS } from '../web/web-server.js';
import { CounterStreams, sseEvent, type Stream, type StreamLimits } from './counter-streams.js';
import {
  cursorOf,
  MAX_CATCH_UP,
  missedSince,
  paymentView,
  requestView,
  shownRequest,
  showsOnCounter,
  todaysLast,
  type CounterLook,
  type RequestView,
} from './counter-views.js';
import { pageHtml } from './page/page-html.js';
import { PAGE_SCRIPT } from './page/page-script.js';
import { PAGE_STYLE } from './page/page-style.js';

/** The part of the state the counter screens read: links, rules, requests, payments as they are stored. */
export type CounterStore = Pick<StateStore, 'counterLinks' | 'chatRules' | 'paymentRequests' | 'recentPayments' | 'onStored' | 'on'>;

export interface CounterDeps {
  store: CounterStore;
  /** The chats configured here: a link kept for one no longer configured shows nothing. */
  destinations: readonly string[];
  /** TZ_DISPLAY. */
  timeZone: string;
  /** LOCALE: the language of a chat that set none. */
  locale: Locale;
  logger: Logger;
  now?: () => number;
  limits?: Partial<StreamLimits>;
}

/** The counter screens: their route on WEB_PORT, and how to let their pages go when the bot stops. */
export interface Counter {
  route: WebRoute;
  close(): void;
}

/** Nothing but the bot's own script, style, images and stream; no other site may frame it. */
const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const LIMITS: StreamLimits = { perLink: 100, total: MAX_STREAMS, heartbeatMs: 20_000 };
/** How soon a page's browser reconnects by itself after its stream ends (a restart, a takeover). */
const RETRY_MS = 2_000;
/** A cursor is a payment's key: one longer than this is not one. */
const MAX_CURSOR_CHARS = 512;
/** QR images kept drawn (by code): the chats' open requests. */
const MAX_DRAWN = 64;

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'x-accel-buffering': 'no' };

function sendText(res: ServerResponse, type: string, body: string, csp?: string): true {
  res.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...(csp === undefined ? {} : { 'content-security-policy': csp }) });
  res.end(body);
  return true;
}

/** Where a page that reconnects was: the browser's `Last-Event-ID`, or the page's `?after=` when it started the stream again. */
function cursorOfRequest(req: IncomingMessage): string | null {
  const header = req.headers['last-event-id'];
  const after = new URLSearchParams((req.url ?? '').split('?')[1] ?? '').get('after');
  const cursor = typeof header === 'string' && header !== '' ? header : after;
  return cursor === null || cursor === '' || cursor.length > MAX_CURSOR_CHARS ? null : cursor;
}

/** What a page was last told of a request, to tell it only changes. */
const signature = (view: RequestView | null) => (view === null ? null : `${view.code} ${view.status} ${view.headline}`);

/**
 * The counter screens on WEB_PORT (`/counter/<secret>`), for a phone or tablet at a chat's till:
 * the chat's payments as they are stored, big and said aloud, and its /qr request as a QR code
 * that turns ✅. They read only the state, so a standby bot serves them as well as the leader
 * (it reads what the leader stores). A wrong or revoked secret is a 404 with nothing in it.
 */
export function startCounter(deps: CounterDeps): Counter {
  const { store, logger } = deps;
  const now = deps.now ?? Date.now;
  const streams = new CounterStreams({ ...LIMITS, ...deps.limits });
  const drawn = new Map<string, Buffer>();
  const look = (dest: string): CounterLook => {
    const rules = store.chatRules(dest);
    return { rules, locale: rules.lang ?? deps.locale, timeZone: deps.timeZone };
  };

  // When this bot saw each request end (paid, expired): the page shows how it ended for a while.
  // Those that ended before it started count as long ended.
  const ended = new Map<string, number>();
  for (const request of store.paymentRequests()) if (!isOpen(request)) ended.set(request.code, -Infinity);
  const doneAt = (code: string) => ended.get(code) ?? -Infinity;
  const noteEnded = () => {
    const t = now();
    const kept = new Set<string>();
    for (const request of store.paymentRequests()) {
      kept.add(request.code);
      if (!isOpen(request) && !ended.has(request.code)) ended.set(request.code, t);
    }
    for (const code of ended.keys()) if (!kept.has(code)) ended.delete(code);
  };
  const requestOf = (dest: string, l: CounterLook, t: number): RequestView | null => {
    const request = shownRequest(store.paymentRequests(), dest, t, doneAt);
    return request === null ? null : requestView(request, l, t, doneAt);
  };

  /** The configured chat whose link has this secret, compared in constant time; null for none. */
  const ownerOf = (secret: string): string | null => {
    let owner: string | null = null;
    for (const [dest, link] of Object.entries(store.counterLinks())) if (sameSecret(secret, link.secret)) owner = dest;
    return owner !== null && deps.destinations.includes(owner) ? owner : null;
  };

  const undo = [
    store.onStored((payments) => {
      const t = now();
      for (const dest of streams.dests()) {
        const l = look(dest);
        // A burst (a bot back after days away) is cut to the newest few, as a page coming back gets.
        const text = payments
          .filter((p) => showsOnCounter(p, l.rules))
          .slice(-MAX_CATCH_UP)
          .map((p) => sseEvent('payment', paymentView(p, l, t), cursorOf(p)))
          .join('');
        if (text !== '') for (const stream of streams.of(dest)) streams.write(stream, text);
      }
    }),
    store.on(['requests-changed'], () => {
      noteEnded();
      const t = now();
      for (const dest of streams.dests()) {
        const view = requestOf(dest, look(dest), t);
        for (const stream of streams.of(dest)) {
          if (stream.shownRequest === signature(view)) continue;
          stream.shownRequest = signature(view);
          streams.write(stream, sseEvent('request', { request: view }));
        }
      }
    }),
    store.on(['counters-changed'], () => {
      for (const stream of streams.all()) {
        if (store.counterLinks()[stream.dest]?.secret === stream.secret) continue;
        streams.end(stream, sseEvent('revoked', {}));
        logger.info('counter.page_revoked', { dest: stream.dest });
      }
    }),
    // The page is drawn in its chat's language: a /lang change draws it again.
    store.on(['rules-changed'], () => {
      for (const stream of streams.all()) if (look(stream.dest).locale !== stream.locale) streams.end(stream, sseEvent('reload', {}));
    }),
  ];

  const openStream = (req: IncomingMessage, res: ServerResponse, dest: string, secret: string, answer: WebAnswer): true => {
    if (req.method === 'HEAD') {
      res.writeHead(200, SSE_HEADERS).end();
      return true;
    }
    const l = look(dest);
    const stream: Stream | null = streams.open({ dest, secret, locale: l.locale, res });
    if (stream === null) {
      logger.warn('counter.too_many_pages', { dest, open: streams.size, fix: 'close counter screens no one looks at, or /counter off and share a new link' });
      res.writeHead(503, { 'retry-after': '30', 'content-length': '0' }).end();
      return true;
    }
    answer.streaming();
    res.writeHead(200, SSE_HEADERS);
    const t = now();
    const recent = store.recentPayments();
    const shows = (p: (typeof recent)[number]) => showsOnCounter(p, l.rules);
    const cursor = cursorOfRequest(req);
    const view = requestOf(dest, l, t);
    stream.shownRequest = signature(view);
    const missed = cursor === null ? [] : missedSince(recent, cursor, shows).map((p) => sseEvent('payment', paymentView(p, l, t), cursorOf(p)));
    const ready = {
      request: view,
      ...(cursor === null ? { recent: todaysLast(recent, l, t, shows).map((p) => paymentView(p, l, t)) } : {}),
    };
    streams.write(stream, `retry: ${RETRY_MS}\n\n${missed.join('')}${sseEvent('ready', ready, cursorOf(recent.at(-1)))}`);
    logger.debug('counter.page_open', { dest, caught_up: missed.length, pages: streams.size });
    return true;
  };

  const sendQr = async (res: ServerResponse, dest: string, code: string): Promise<boolean> => {
    const request = store.paymentRequests().find((r) => r.code === code && r.dest === dest);
    const view = request === undefined ? null : requestView(request, look(dest), now(), doneAt);
    if (view === null || view.payload === null) return false;
    const png = drawn.get(code) ?? (await qrPng(view.payload));
    drawn.set(code, png);
    if (drawn.size > MAX_DRAWN) drawn.delete(drawn.keys().next().value ?? code);
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length }).end(png);
    return true;
  };

  const route: WebRoute = {
    owner: 'counter',
    prefix: '/counter/',
    handle: async (req, res, rest, answer) => {
      const slash = rest.indexOf('/');
      const secret = slash < 0 ? rest : rest.slice(0, slash);
      const dest = ownerOf(secret);
      if (dest === null) return false;
      if (slash < 0) return sendText(res, 'text/html; charset=utf-8', pageHtml(secret, look(dest).locale), PAGE_CSP);
      const path = rest.slice(slash + 1);
      if (path === 'counter.js') return sendText(res, 'text/javascript; charset=utf-8', PAGE_SCRIPT);
      if (path === 'counter.css') return sendText(res, 'text/css; charset=utf-8', PAGE_STYLE);
      if (path === 'events') return openStream(req, res, dest, secret, answer);
      const qr = /^qr\/([A-Z0-9]{6,10})\.png$/.exec(path);
      return qr?.[1] === undefined ? false : sendQr(res, dest, qr[1]);
    },
  };

  return {
    route,
    close() {
      undo.forEach((off) => off());
      streams.close();
    },
  };
}
