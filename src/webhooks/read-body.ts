import type { IncomingMessage } from 'node:http';
import { err, ok, type Result } from '../core/result.js';

export type ReadBodyError = 'too-large' | 'aborted';

/**
 * Reads a request body of at most `maxBytes`. A declared `content-length` above the limit
 * fails before a byte is read; a chunked body fails as soon as it crosses the limit, and
 * reading stops there, so a client cannot make us buffer more than `maxBytes`.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Result<Buffer, ReadBodyError>> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) return Promise.resolve(err('too-large'));

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: Result<Buffer, ReadBodyError>) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('aborted', onAbort);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.pause();
        finish(err('too-large'));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(ok(Buffer.concat(chunks, size)));
    const onAbort = () => finish(err('aborted'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('aborted', onAbort);
  });
}
