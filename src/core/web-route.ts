import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Pages and files the bot serves on WEB_PORT, each part under a path of its own (`/counter/`,
 * `/zalo/qr/`). The server answers everything else with 404 and no body, refuses methods other
 * than GET and HEAD, and sets the security headers every answer carries; a route may set a
 * stricter or looser Content-Security-Policy for what it serves.
 */
export interface WebRoute {
  /** Who serves here, for the log: `counter`, `zalo`. */
  readonly owner: string;
  /** The path it serves under, starting and ending with `/`. */
  readonly prefix: string;
  /**
   * Answers one request whose path starts with `prefix`; `rest` is the path after it, without
   * the query. Resolves false when there is nothing there (the server answers 404, no body).
   */
  handle(req: IncomingMessage, res: ServerResponse, rest: string, answer: WebAnswer): Promise<boolean>;
}

/** What a route may tell the server about its answer. */
export interface WebAnswer {
  /**
   * This answer stays open (a page's live stream): its connection stops counting against its
   * client's share of the port (many pages behind one shop's address each hold one), and the
   * route bounds how many it keeps instead.
   */
  streaming(): void;
}
