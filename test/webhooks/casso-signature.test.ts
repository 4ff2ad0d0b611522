import { describe, expect, it } from 'vitest';
import { canonicalJson, escapeJson } from '../../src/providers/casso/canonical-json.js';
import { signCassoBody } from '../../fakes/casso/sign-webhook.js';
import { parseCassoSignatureHeader, verifyCassoSignature, type CassoVerifyInput } from '../../src/providers/casso/webhook-signature.js';
import { CASSO_JS_SAMPLE, CASSO_VECTOR } from './casso-vector.js';

const SECRET = 'checksum-key-for-tests-0123456789';
const NOW = 1_744_255_200_123;
const FIVE_MIN = 5 * 60 * 1000;

function verify(overrides: Partial<CassoVerifyInput> & Pick<CassoVerifyInput, 'header' | 'body'>) {
  return verifyCassoSignature({ secret: SECRET, nowMs: NOW, toleranceMs: FIVE_MIN, ...overrides });
}

const delivery = (description: string) => ({
  error: 0,
  data: { id: 90211, reference: 'FT25100412345678', description, amount: 250000, transactionDateTime: '2025-04-10 10:40:00', accountNumber: '0123456789' },
});

describe('Casso V2 signature', () => {
  it("verifies Casso's published test vector (python.py / php.php)", () => {
    const result = verifyCassoSignature({ ...CASSO_VECTOR, nowMs: CASSO_VECTOR.timestampMs + 1000, toleranceMs: FIVE_MIN });
    expect(result).toEqual({ ok: true, variant: 'js', timestampMs: CASSO_VECTOR.timestampMs });
    // And signing the vector's data reproduces Casso's header exactly.
    expect(signCassoBody(CASSO_VECTOR.secret, CASSO_VECTOR.timestampMs, CASSO_VECTOR.body)).toBe(CASSO_VECTOR.header);
  });

  it("rejects the javascript.js sample, which does not verify against its own data", () => {
    const result = verifyCassoSignature({ ...CASSO_JS_SAMPLE, nowMs: CASSO_JS_SAMPLE.timestampMs, toleranceMs: FIVE_MIN });
    expect(result).toMatchObject({ ok: false, reason: 'signature-mismatch' });
  });

  it('signs over the whole body with keys sorted at every level, whatever order they arrived in', () => {
    const body = delivery('DH1042');
    const reordered = { data: Object.fromEntries(Object.entries(body.data).reverse()), error: 0 };
    const header = signCassoBody(SECRET, NOW, body);
    expect(verify({ header, body: reordered })).toMatchObject({ ok: true });
  });

  it('fails on a tampered body, the wrong secret and a re-signed timestamp', () => {
    const body = delivery('DH1042');
    const header = signCassoBody(SECRET, NOW, body);
    const tampered = { ...body, data: { ...body.data, amount: 2_500_000 } };
    expect(verify({ header, body: tampered })).toMatchObject({ ok: false, reason: 'signature-mismatch' });
    expect(verify({ header, body, secret: 'another-secret' })).toMatchObject({ ok: false, reason: 'signature-mismatch' });
    const moved = header.replace(`t=${NOW}`, `t=${NOW + 1}`);
    expect(verify({ header: moved, body })).toMatchObject({ ok: false, reason: 'signature-mismatch' });
  });

  it('verifies Vietnamese diacritics and "/" whether Casso escapes like JavaScript, PHP or Python', () => {
    const body = delivery('Nguyễn Văn Bình chuyển tiền đơn 12/04 DH1042 😀');
    for (const variant of ['js', 'php', 'python', 'php-unescaped-unicode'] as const) {
      const header = signCassoBody(SECRET, NOW, body, variant);
      expect(verify({ header, body }), variant).toMatchObject({ ok: true, variant });
    }
  });

  it('reports what a mismatch on escaping would need, without throwing on null', () => {
    const body = { error: 0, data: { id: 1, description: 'chuyển 1/2', virtualAccountName: null } };
    const result = verify({ header: signCassoBody('wrong', NOW, body), body });
    expect(result).toEqual({
      ok: false,
      reason: 'signature-mismatch',
      timestamp: String(NOW),
      tried: ['js', 'php', 'python', 'php-unescaped-unicode'],
      hasNonAscii: true,
      hasSlash: true,
      canonicalLength: canonicalJson(body)?.length,
    });
    // An ASCII body without "/" has one serialisation only, so one HMAC is computed.
    const ascii = delivery('DH1042');
    expect(verify({ header: signCassoBody('wrong', NOW, ascii), body: ascii })).toMatchObject({ tried: ['js'] });
  });

  it('rejects stale and future timestamps outside the window, in ms or in seconds', () => {
    const body = delivery('DH1042');
    expect(verify({ header: signCassoBody(SECRET, NOW - FIVE_MIN - 1, body), body })).toMatchObject({
      ok: false,
      reason: 'stale-timestamp',
    });
    expect(verify({ header: signCassoBody(SECRET, NOW + FIVE_MIN + 1, body), body })).toMatchObject({
      ok: false,
      reason: 'future-timestamp',
    });
    expect(verify({ header: signCassoBody(SECRET, NOW - FIVE_MIN + 1, body), body })).toMatchObject({ ok: true });
    const seconds = Math.floor(NOW / 1000);
    expect(verify({ header: signCassoBody(SECRET, seconds, body), body })).toMatchObject({ ok: true, timestampMs: seconds * 1000 });
    expect(verify({ header: signCassoBody(SECRET, seconds - 3600, body), body })).toMatchObject({ reason: 'stale-timestamp' });
  });

  it('reads the header leniently but refuses malformed ones', () => {
    const v1 = 'A'.repeat(128);
    expect(parseCassoSignatureHeader(` v1=${v1} , t=123 `)).toEqual({ timestamp: '123', signatures: ['a'.repeat(128)] });
    for (const bad of ['', 't=123', `v1=${v1}`, `t=abc,v1=${v1}`, `t=1,v1=${v1.slice(1)}`, `t=1,t=2,v1=${v1}`, `t=1;v1=${v1}`]) {
      expect(parseCassoSignatureHeader(bad), bad).toBeNull();
    }
    expect(verify({ header: 'garbage', body: {} })).toEqual({ ok: false, reason: 'malformed-header' });
  });
});

describe('canonical JSON', () => {
  it('sorts keys recursively, keeps array order and writes compactly', () => {
    expect(canonicalJson({ b: [3, { z: 1, a: null }, 'x'], a: { d: true, c: 1.5 } })).toBe(
      '{"a":{"c":1.5,"d":true},"b":[3,{"a":null,"z":1},"x"]}',
    );
  });

  it('keeps a "__proto__" key as a key', () => {
    expect(canonicalJson(JSON.parse('{"b":1,"__proto__":{"x":1}}'))).toBe('{"__proto__":{"x":1},"b":1}');
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(50_000)}${']'.repeat(50_000)}`) as unknown;
    expect(canonicalJson(deep)).toBeNull();
  });

  it('escapes "/" and non-ASCII as PHP does, astral characters as surrogate pairs', () => {
    expect(escapeJson('{"d":"Bình 1/2 😀"}', { slash: true, nonAscii: true })).toBe('{"d":"B\\u00ecnh 1\\/2 \\ud83d\\ude00"}');
  });
});
