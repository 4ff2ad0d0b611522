import type { ServerResponse } from 'node:http';
import type { Locale } from '../core/locale.js';

/** One open page's live stream (Server-Sent Events). */
export interface Stream {
  readonly dest: string;
  /** The link it was opened with: a page whose link is revoked is told so and let go. */
  readonly secret: string;
  /** The language its page was drawn in: a `/lang` change makes it reload. */
  readonly locale: Locale;
  /** What the page was last told of the chat's request (its code, status and amount received). */
  shownRequest: string | null;
  readonly res: ServerResponse;
}

export interface StreamLimits {
  /** Pages one link may have open at once (a leaked link cannot take the port). */
  perLink: number;
  /** Pages open at once in all. */
  total: number;
  /** How often an idle stream gets a comment, so that proxies keep it and a dead peer shows. */
  heartbeatMs: number;
}

/**
 * Bytes a page may leave unread: an event is a few hundred, so a page this far behind is gone
 * or stalled, and its stream is cut rather than held in memory.
 */
const MAX_UNREAD_BYTES = 64 * 1024;

/** One event as the stream carries it. JSON holds no line break, so `data` is one line. */
export function sseEvent(event: string, data: unknown, id?: string): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * The live streams of the pages open, by chat. Bounded per link and in all; a page that does not
 * read what it is sent is cut off; every stream gets a comment now and then, which keeps
 * proxies from closing a quiet one and shows a peer that is gone.
 */
export class CounterStreams {
  private readonly byDest = new Map<string, Set<Stream>>();
  private count = 0;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly limits: StreamLimits) {
    this.heartbeat = setInterval(() => {
      for (const stream of this.all()) this.write(stream, ': \n\n');
    }, limits.heartbeatMs);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.count;
  }

  /** Takes a page's stream, or refuses it (null) when its link or the bot has as many as they may. */
  open(stream: Omit<Stream, 'shownRequest'>): Stream | null {
    const held = this.byDest.get(stream.dest) ?? new Set<Stream>();
    if (held.size >= this.limits.perLink || this.count >= this.limits.total) return null;
    const taken: Stream = { ...stream, shownRequest: null };
    held.add(taken);
    this.byDest.set(stream.dest, held);
    this.count++;
    stream.res.once('close', () => {
      if (!held.delete(taken)) return;
      this.count--;
      if (held.size === 0 && this.byDest.get(stream.dest) === held) this.byDest.delete(stream.dest);
    });
    return taken;
  }

  /** The chats that have a page open. */
  dests(): string[] {
    return [...this.byDest.keys()];
  }

  of(dest: string): Stream[] {
    return [...(this.byDest.get(dest) ?? [])];
  }

  all(): Stream[] {
    return [...this.byDest.values()].flatMap((held) => [...held]);
  }

  /** Sends text down a stream; a page that leaves too much unread is cut off. */
  write(stream: Stream, text: string): void {
    const { res } = stream;
    if (res.destroyed || res.writableEnded) return;
    res.write(text);
    if (res.writableLength > MAX_UNREAD_BYTES) res.destroy();
  }

  /** Ends a stream, with `last` said first; its socket goes once that is written. */
  end(stream: Stream, last?: string): void {
    const { res } = stream;
    if (res.destroyed || res.writableEnded) return;
    res.end(last);
    res.socket?.destroySoon();
  }

  /** Ends every stream (the bot stops: the pages reconnect by themselves, to it or another bot). */
  close(): void {
    clearInterval(this.heartbeat);
    for (const stream of this.all()) this.end(stream);
  }
}
