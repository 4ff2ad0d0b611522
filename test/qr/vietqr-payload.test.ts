import { PNG } from 'pngjs';
import jsQRModule from 'jsqr';
import { describe, expect, it } from 'vitest';
import { crc16CcittFalse } from '../../src/qr/crc16.js';
import { qrPng, qrTerminal } from '../../src/qr/qr-image.js';
import { vietQrPayload, type VietQrRequest } from '../../src/qr/vietqr-payload.js';

// jsqr is CommonJS: under Node's ESM the default import is module.exports, whose `default` the types describe.
const jsQR = jsQRModule.default;

const bytes = (text: string) => new TextEncoder().encode(text);

/** Splits EMVCo id-length-value text, as a banking app's reader does. */
function readFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  let at = 0;
  while (at < text.length) {
    const id = text.slice(at, at + 2);
    const length = Number(text.slice(at + 2, at + 4));
    expect(Number.isInteger(length)).toBe(true);
    fields.set(id, text.slice(at + 4, at + 4 + length));
    at += 4 + length;
  }
  expect(at).toBe(text.length);
  return fields;
}

function payload(request: Partial<VietQrRequest> = {}): string {
  const built = vietQrPayload({ bin: '970436', accountNumber: '0071000888888', amount: 350_000, purpose: 'BB7K2Q9X', ...request });
  if (!built.ok) throw new Error(`${built.error.field}: ${built.error.reason}`);
  return built.value;
}

describe('CRC-16/CCITT-FALSE', () => {
  it('gives the algorithm’s published check value for "123456789"', () => {
    expect(crc16CcittFalse(bytes('123456789'))).toBe('29B1');
  });

  it('keeps leading zeros, upper case, and the initial value for no input', () => {
    expect(crc16CcittFalse(new Uint8Array())).toBe('FFFF');
    // A one-byte input whose checksum is below 0x1000 still has four digits.
    const small = Array.from({ length: 256 }, (_, b) => crc16CcittFalse(Uint8Array.of(b))).find((crc) => crc.startsWith('0'));
    expect(small).toMatch(/^0[0-9A-F]{3}$/);
  });
});

describe('vietQrPayload', () => {
  it('reproduces a published VietQR example byte for byte', () => {
    // 120 000 ₫ to VietinBank (970415) account 0011001932418, content "ung ho lu lut", as printed
    // by the README of an open-source VietQR library.
    const built = vietQrPayload({ bin: '970415', accountNumber: '0011001932418', amount: 120_000, purpose: 'ung ho lu lut' });
    expect(built).toEqual({
      ok: true,
      value: '00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C',
    });
  });

  it('lays out the NAPAS fields a banking app reads', () => {
    const text = payload();
    const fields = readFields(text);
    expect([...fields.keys()]).toEqual(['00', '01', '38', '53', '54', '58', '62', '63']);
    expect(fields.get('01')).toBe('12');
    const merchant = readFields(fields.get('38') ?? '');
    expect(merchant.get('00')).toBe('A000000727');
    expect(merchant.get('02')).toBe('QRIBFTTA');
    expect(Object.fromEntries(readFields(merchant.get('01') ?? ''))).toEqual({ '00': '970436', '01': '0071000888888' });
    expect(fields.get('53')).toBe('704');
    expect(fields.get('54')).toBe('350000');
    expect(fields.get('58')).toBe('VN');
    expect(readFields(fields.get('62') ?? '').get('08')).toBe('BB7K2Q9X');
    expect(fields.get('63')).toBe(crc16CcittFalse(bytes(text.slice(0, -4))));
  });

  it('refuses what a banking app would reject instead of building a code nobody can pay', () => {
    const cases: [Partial<VietQrRequest>, keyof VietQrRequest][] = [
      [{ bin: '97043' }, 'bin'],
      [{ bin: 'VCB000' }, 'bin'],
      [{ accountNumber: '' }, 'accountNumber'],
      [{ accountNumber: '0071-000-888' }, 'accountNumber'],
      [{ accountNumber: '1'.repeat(20) }, 'accountNumber'],
      [{ amount: 0 }, 'amount'],
      [{ amount: -5000 }, 'amount'],
      [{ amount: 1000.5 }, 'amount'],
      [{ amount: 10_000_000_000_000 }, 'amount'],
      [{ purpose: '' }, 'purpose'],
      [{ purpose: 'chuyển khoản' }, 'purpose'],
      [{ purpose: 'A'.repeat(26) }, 'purpose'],
      [{ purpose: 'line\nbreak' }, 'purpose'],
    ];
    for (const [change, field] of cases) {
      const built = vietQrPayload({ bin: '970436', accountNumber: '0071000888888', amount: 1000, purpose: 'BB7K2Q9X', ...change });
      expect(built.ok ? null : built.error.field, JSON.stringify(change)).toBe(field);
    }
  });
});

describe('QR image', () => {
  it('draws a PNG that an independent QR reader decodes back to the payload', async () => {
    const text = payload({ amount: 1_500_000, purpose: 'TT ABC123XY' });
    const png = PNG.sync.read(await qrPng(text));
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(text);
  });

  it('draws the code for a terminal', async () => {
    const drawn = await qrTerminal(payload());
    const rows = drawn.trim().split('\n');
    expect(rows.length).toBeGreaterThan(15);
    expect(drawn).toMatch(/[▀▄█]/);
  });
});
