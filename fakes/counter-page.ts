import { request, type ClientRequest, type IncomingMessage } from 'node:http';

/** One Server-Sent Event as a browser's EventSource reads it. */
export interface PageEvent {
  event: string;
  id: string | null;
  data: string;
  /** When it arrived (Date.now()). */
  at: number;
}

/**
 * A counter screen's page without a browser: holds the page's live stream (`<link>/events`) open
 * and reads its events as EventSource does, with the `Last-Event-ID` a browser sends when it
 * reconnects. For the tests that need no page drawn, and the bench's many pages.
 */
export interface StreamPage {
  status: number;
  events: PageEvent[];
  /** The last event id received, as a browser would send it back. */
  lastEventId(): string | null;
  /** Resolves when the stream ends (the bot let the page go, or closed). */
  ended: Promise<void>;
  close(): void;
}

export function openStream(link: string, options: { lastEventId?: string | null } = {}): Promise<StreamPage> {
  const url = new URL(`${link}/events`);
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (options.lastEventId !== undefined && options.lastEventId !== null) headers['last-event-id'] = options.lastEventId;
  return new Promise((resolve, reject) => {
    const req: ClientRequest = request(url, { headers, agent: false }, (res: IncomingMessage) => {
      const events: PageEvent[] = [];
      let lastId: string | null = options.lastEventId ?? null;
      let buffered = '';
      let fields: { event: string; id: string | null; data: string[] } = { event: 'message', id: null, data: [] };
      const ended = new Promise<void>((done) => {
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      });
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        let newline = buffered.indexOf('\n');
        while (newline >= 0) {
          const line = buffered.slice(0, newline).replace(/\r$/, '');
          buffered = buffered.slice(newline + 1);
          newline = buffered.indexOf('\n');
          if (line === '') {
            if (fields.data.length > 0) {
              if (fields.id !== null) lastId = fields.id;
              events.push({ event: fields.event, id: fields.id, data: fields.data.join('\n'), at: Date.now() });
            }
            fields = { event: 'message', id: null, data: [] };
            continue;
          }
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const name = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (name === 'event') fields.event = value;
          else if (name === 'data') fields.data.push(value);
          else if (name === 'id') fields.id = value;
        }
      });
      resolve({ status: res.statusCode ?? 0, events, lastEventId: () => lastId, ended, close: () => req.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
}
