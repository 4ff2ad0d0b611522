import { connect, type Socket } from 'node:net';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import type { WebRoute } from '../../src/core/web-route.js';
import { silentLogger } from '../../src/log/logger.js';
import { startWebServer } from '../../src/web/web-server.js';
import { closedAfterEach } from '../helpers/closers.js';

const closers = closedAfterEach();

/** A route that serves one secret page under its prefix and knows nothing else. */
function page(owner: string, prefix: string, secret: string, body: string): WebRoute {
  return {
    owner,
    prefix,
    handle: async (_req, res, rest) => {
      if (rest !== secret) return false;
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(body);
      return true;
    },
  };
}

async function serve(routes: WebRoute[]) {
  const server = await startWebServer({ port: 0, host: '127.0.0.1', routes, logger: silentLogger });
  closers.push(server);
  return (path: string, method = 'GET') => request(`http://127.0.0.1:${server.port}${path}`, { method: method as 'GET' });
}

describe('the server on WEB_PORT', () => {
  it('hands a request to the route whose path it is under, with the rest of the path, and never caches', async () => {
    const get = await serve([page('counter', '/counter/', 's3cret', 'the page'), page('zalo', '/zalo/qr/', 'abc.png', 'png')]);
    const answer = await get('/counter/s3cret?x=1');
    expect(answer.statusCode).toBe(200);
    expect(await answer.body.text()).toBe('the page');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers['content-security-policy']).toContain("default-src 'self'");
    expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
    const image = await get('/zalo/qr/abc.png');
    expect(await image.body.text()).toBe('png');
  });

  it('answers a wrong secret, an unknown path and the root with 404 and no body', async () => {
    const get = await serve([page('counter', '/counter/', 's3cret', 'the page')]);
    for (const path of ['/counter/s3creT', '/counter/', '/', '/counter', '/counter/s3cret/', '/favicon.ico']) {
      const answer = await get(path);
      expect(answer.statusCode, path).toBe(404);
      expect(await answer.body.text(), path).toBe('');
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    const get = await serve([page('counter', '/counter/', 's3cret', 'the page')]);
    const post = await get('/counter/s3cret', 'POST');
    expect(post.statusCode).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    await post.body.dump();
    const head = await get('/counter/s3cret', 'HEAD');
    expect(head.statusCode).toBe(200);
    await head.body.dump();
  });

  it('answers 500 with nothing of the error when a route fails, and goes on serving', async () => {
    const failing: WebRoute = {
      owner: 'broken',
      prefix: '/broken/',
      handle: async () => {
        throw new Error('secret detail /etc/passwd');
      },
    };
    const get = await serve([failing, page('counter', '/counter/', 's3cret', 'the page')]);
    const answer = await get('/broken/x');
    expect(answer.statusCode).toBe(500);
    expect(await answer.body.text()).toBe('');
    expect((await get('/counter/s3cret')).statusCode).toBe(200);
  });

  it("counts a client's live streams apart from its share of the port: 40 pages behind one address stay open, and it may still fetch", async () => {
    const live: WebRoute = {
      owner: 'counter',
      prefix: '/live/',
      handle: async (_req, res, _rest, answer) => {
        answer.streaming();
        res.writeHead(200, { 'content-type': 'text/event-stream' }).write(': hello\n\n');
        return true;
      },
    };
    const server = await startWebServer({ port: 0, host: '127.0.0.1', routes: [live, page('counter', '/counter/', 's3cret', 'the page')], logger: silentLogger });
    closers.push(server);
    const sockets: Socket[] = [];
    closers.push({ close: async () => sockets.forEach((s) => s.destroy()) });
    const streams = await Promise.all(
      Array.from(
        { length: 40 },
        () =>
          new Promise<string>((resolve) => {
            const socket = connect({ port: server.port, host: '127.0.0.1' });
            sockets.push(socket);
            let got = '';
            socket.on('connect', () => socket.write('GET /live/x HTTP/1.1\r\nhost: x\r\n\r\n'));
            socket.on('data', (chunk: Buffer) => {
              got += chunk.toString();
              if (got.includes(': hello')) resolve('streaming');
            });
            socket.on('close', () => resolve('closed'));
          }),
      ),
    );
    expect(streams.filter((s) => s === 'streaming')).toHaveLength(40);
    const answer = await request(`http://127.0.0.1:${server.port}/counter/s3cret`, { headersTimeout: 3000 });
    expect(answer.statusCode).toBe(200);
    await answer.body.dump();
    expect(sockets.every((s) => !s.destroyed)).toBe(true);
  });
});
