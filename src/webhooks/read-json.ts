import { err, ok, type Result } from '../core/result.js';
import type { JsonBody, ReadJson } from '../core/webhook-route.js';
import { outcome } from './outcome.js';
import { readBody } from './read-body.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function jsonReader(maxBodyBytes: number): ReadJson {
  return async (req) => {
    const raw = await readBody(req, maxBodyBytes);
    if (!raw.ok) {
      return err(
        raw.error === 'too-large' ? outcome(413, 'body-too-large', { limit: maxBodyBytes }) : outcome(400, 'client-aborted'),
      );
    }
    const parsed = parseJsonBody(raw.value);
    return parsed.ok ? parsed : err(outcome(400, parsed.error, { bytes: raw.value.length }));
  };
}

/**
 * Bytes as JSON. Invalid UTF-8 is refused rather than patched with U+FFFD: patched text would
 * neither verify a signature nor be the content the payer wrote.
 */
export function parseJsonBody(body: Buffer): Result<JsonBody, 'not-utf8' | 'not-json'> {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    return err('not-utf8');
  }
  try {
    return ok({ text, json: JSON.parse(text) as unknown });
  } catch {
    return err('not-json');
  }
}
