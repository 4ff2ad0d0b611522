import { createHmac } from 'node:crypto';
import { canonicalJson, escapeJson, type JsonEscaping } from './canonical-json.js';
import { sameSecret } from '../../http/constant-time.js';

/*
 * Casso Webhook V2 signatures (docs/providers.md, "Casso: the V2 signature"): `X-Casso-Signature: t=<ms>,v1=<hex>` where
 * v1 = hex(HMAC-SHA512(key, t + "." + json)) and json is the body with every object's keys
 * sorted, compact. Which serialiser Casso runs is undocumented and its published vector is
 * ASCII-only, so the verifier also tries the escaped forms of PHP and Python: they only
 * differ from JavaScript's on `/` and non-ASCII text, which Vietnamese content is full of.
 */

/** The serialisations tried, most likely first; `js` is JavaScript's own. */
export const CASSO_JSON_VARIANTS = {
  js: { slash: false, nonAscii: false },
  php: { slash: true, nonAscii: true },
  python: { slash: false, nonAscii: true },
  'php-unescaped-unicode': { slash: true, nonAscii: false },
} as const satisfies Record<string, JsonEscaping>;
export type CassoJsonVariant = keyof typeof CASSO_JSON_VARIANTS;

export interface CassoSignatureHeader {
  /** `t` exactly as sent: the signed message starts with these digits. */
  timestamp: string;
  /** Every `v1` value, lower-cased (one today; several would allow key rotation). */
  signatures: string[];
}

/** Reads `t=…,v1=…` (any order, spaces tolerated); null unless there is one `t` and at least one well-formed `v1`. */
export function parseCassoSignatureHeader(header: string): CassoSignatureHeader | null {
  let timestamp: string | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (timestamp !== null || !/^\d{1,16}$/.test(value)) return null;
      timestamp = value;
    } else if (key === 'v1' && /^[0-9a-fA-F]{128}$/.test(value)) {
      signatures.push(value.toLowerCase());
    }
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}

/**
 * `t` as epoch milliseconds. Casso sends milliseconds (13 digits); third-party senders use
 * seconds, and a seconds value read as milliseconds would be 1970 — so values below 10^12
 * (that is, before 2001 in milliseconds) are taken as seconds. The digits are signed, so
 * reading them either way grants nothing to a forger.
 */
export function cassoTimestampMs(timestamp: string): number {
  const n = Number(timestamp);
  return n < 1e12 ? n * 1000 : n;
}

export type CassoVerifyFailure =
  | { reason: 'malformed-header' }
  | { reason: 'stale-timestamp' | 'future-timestamp'; timestamp: string; skewMs: number }
  | { reason: 'too-deep' }
  | {
      reason: 'signature-mismatch';
      timestamp: string;
      /** The variants whose text differed and so were each tried. */
      tried: CassoJsonVariant[];
      /** What a mismatch on diacritics or `/` would point at. */
      hasNonAscii: boolean;
      hasSlash: boolean;
      canonicalLength: number;
    };

export type CassoVerification = { ok: true; variant: CassoJsonVariant; timestampMs: number } | ({ ok: false } & CassoVerifyFailure);

export interface CassoVerifyInput {
  secret: string;
  /** The `X-Casso-Signature` header value. */
  header: string;
  /** The request body, already parsed as JSON. */
  body: unknown;
  nowMs: number;
  /** How far `t` may lie from now, either way. */
  toleranceMs: number;
}

/** Checks a V2 delivery's signature and freshness. Pure: the caller supplies the clock. */
export function verifyCassoSignature(input: CassoVerifyInput): CassoVerification {
  const parsed = parseCassoSignatureHeader(input.header);
  if (parsed === null) return { ok: false, reason: 'malformed-header' };

  const timestampMs = cassoTimestampMs(parsed.timestamp);
  const skewMs = input.nowMs - timestampMs;
  if (Math.abs(skewMs) > input.toleranceMs) {
    return { ok: false, reason: skewMs > 0 ? 'stale-timestamp' : 'future-timestamp', timestamp: parsed.timestamp, skewMs };
  }

  const json = canonicalJson(input.body);
  if (json === null) return { ok: false, reason: 'too-deep' };

  const tried: CassoJsonVariant[] = [];
  const seen = new Set<string>();
  for (const [variant, escaping] of Object.entries(CASSO_JSON_VARIANTS) as [CassoJsonVariant, JsonEscaping][]) {
    const text = escapeJson(json, escaping);
    if (seen.has(text)) continue;
    seen.add(text);
    tried.push(variant);
    const expected = hmacHex(input.secret, parsed.timestamp, text);
    // Every v1 is compared (no early exit) so timing does not tell which one matched.
    const matches = parsed.signatures.map((signature) => sameSecret(signature, expected));
    if (matches.includes(true)) return { ok: true, variant, timestampMs };
  }
  return {
    ok: false,
    reason: 'signature-mismatch',
    timestamp: parsed.timestamp,
    tried,
    hasNonAscii: /[\u0080-\uffff]/.test(json),
    hasSlash: json.includes('/'),
    canonicalLength: json.length,
  };
}

function hmacHex(secret: string, timestamp: string, json: string): string {
  return createHmac('sha512', secret).update(`${timestamp}.${json}`, 'utf8').digest('hex');
}
