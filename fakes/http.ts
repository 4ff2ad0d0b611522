/*
 * The fakes in this tree (Casso, SePay, Telegram, Slack) are real HTTP servers on loopback
 * that answer like the services' APIs. The demo runs its bank on them; the tests and the
 * bench run the bot against them too, and the tests make them misbehave (status codes, error
 * bodies, delays, dropped connections) to show the bot rides that out.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a fake server saw it. */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body's bytes, for uploads (multipart forms, files). */
  raw: Buffer;
}

/** What a fake answers: a status, a JSON value or raw text, headers, and optional misbehaviour. */
export interface FakeReply {
  status: number;
  /** An object is sent as JSON; a string is sent as it is (HTML error pages, empty bodies). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering (timeouts). */
  delayMs?: number;
  /** Drop the connection without answering (connection reset). */
  destroy?: boolean;
}

export interface Fault extends FakeReply {
  /** Only requests whose path starts with this are hit; all requests when absent. */
  pathPrefix?: string;
}

export interface FakeServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Every request received, in order. */
  requests: FakeRequest[];
  /** Queue replies that pre-empt the normal handler, one request each, in order. */
  injectFaults(...faults: Fault[]): void;
  close(): Promise<void>;
}

/**
 * A real node:http server on a free loopback port, so tests drive the real HTTP clients
 * (undici, grammY, Bolt) against it. `handle` plays the service; faults injected with
 * `injectFaults` pre-empt it to simulate outages.
 */
export async function startFakeServer(
  handle: (req: FakeRequest) => FakeReply | Promise<FakeReply>,
  options: { keepAliveTimeoutMs?: number } = {},
): Promise<FakeServer> {
  const requests: FakeRequest[] = [];
  const faults: Fault[] = [];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const raw = Buffer.concat(chunks);
      const request: FakeRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: raw.toString('utf8'),
        raw,
      };
      requests.push(request);
      const faultIndex = faults.findIndex((f) => !f.pathPrefix || request.path.startsWith(f.pathPrefix));
      const reply = faultIndex >= 0 ? faults.splice(faultIndex, 1)[0] : undefined;
      Promise.resolve(reply ?? handle(request)).then(
        (r) => send(res, r),
        (error: unknown) => send(res, { status: 500, body: { error: String(error) } }),
      );
    });
  });

  // Node closes idle connections after 5 s by default; a test that holds its client still longer keeps them open.
  if (options.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = options.keepAliveTimeoutMs;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    injectFaults: (...more) => faults.push(...more),
    close: () =>
      new Promise<void>((resolve) => {
        // Clients keep connections alive; without this close() waits for them to time out.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, reply: FakeReply): void {
  const finish = () => {
    if (res.destroyed) return;
    if (reply.destroy) {
      res.socket?.destroy();
      return;
    }
    const isText = typeof reply.body === 'string';
    const payload = reply.body === undefined ? '' : isText ? (reply.body as string) : JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      'content-type': isText ? 'text/html; charset=utf-8' : 'application/json',
      ...reply.headers,
    });
    res.end(payload);
  };
  if (reply.delayMs) setTimeout(finish, reply.delayMs);
  else finish();
}
