import { createHmac } from 'node:crypto';
import { canonicalJson, escapeJson } from '../../src/providers/casso/canonical-json.js';
import { CASSO_JSON_VARIANTS, type CassoJsonVariant } from '../../src/providers/casso/webhook-signature.js';

/**
 * The `X-Casso-Signature` value Casso would send for `body` at `timestamp`: `t=<t>,v1=<hex>`,
 * v1 = hex(HMAC-SHA512(secret, t + "." + json)), json the body's sorted-keys compact form
 * escaped as `variant`'s serialiser does (src/providers/casso/webhook-signature.ts verifies it).
 */
export function signCassoBody(
  secret: string,
  timestamp: string | number,
  body: unknown,
  variant: CassoJsonVariant = 'js',
): string {
  const json = canonicalJson(body);
  if (json === null) throw new RangeError('body nests too deeply to sign');
  const t = String(timestamp);
  const signed = `${t}.${escapeJson(json, CASSO_JSON_VARIANTS[variant])}`;
  return `t=${t},v1=${createHmac('sha512', secret).update(signed, 'utf8').digest('hex')}`;
}
