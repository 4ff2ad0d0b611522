import { err, ok, type Result } from '../core/result.js';
import { crc16CcittFalse } from './crc16.js';

/** NAPAS's identifier for VietQR transfers inside the EMVCo merchant-account field 38. */
const NAPAS_GUID = 'A000000727';
/** Napas 24/7 inter-bank transfer to an account number (as opposed to a card number). */
const TRANSFER_TO_ACCOUNT = 'QRIBFTTA';
const VND = '704';

export interface VietQrRequest {
  /** The bank's six-digit BIN (e.g. 970415 for VietinBank). */
  bin: string;
  accountNumber: string;
  /** Whole đồng, more than zero. */
  amount: number;
  /** Transfer content the payer's app pre-fills (field 62, subfield 08). */
  purpose: string;
}

export type VietQrInvalid = { field: keyof VietQrRequest; reason: string };

// Limits from the NAPAS layout: banks' apps reject longer values rather than truncate them.
const ACCOUNT = /^[A-Za-z0-9]{1,19}$/;
const PURPOSE = /^[ -~]{1,25}$/;
const MAX_AMOUNT = 9_999_999_999_999;

/**
 * The text of a dynamic VietQR code (EMVCo merchant-presented mode) asking for `amount` đồng
 * to `accountNumber` at the bank `bin`, with `purpose` as the transfer content. Built offline:
 * no QR web service learns the shop's accounts or amounts.
 */
export function vietQrPayload(request: VietQrRequest): Result<string, VietQrInvalid> {
  if (!/^\d{6}$/.test(request.bin)) return err({ field: 'bin', reason: 'six digits' });
  if (!ACCOUNT.test(request.accountNumber)) return err({ field: 'accountNumber', reason: '1 to 19 letters or digits' });
  if (!Number.isSafeInteger(request.amount) || request.amount <= 0 || request.amount > MAX_AMOUNT) {
    return err({ field: 'amount', reason: 'a whole number of đồng above zero, at most 13 digits' });
  }
  if (!PURPOSE.test(request.purpose)) return err({ field: 'purpose', reason: '1 to 25 plain ASCII characters' });

  const beneficiary = field('00', request.bin) + field('01', request.accountNumber);
  const merchantAccount = field('00', NAPAS_GUID) + field('01', beneficiary) + field('02', TRANSFER_TO_ACCOUNT);
  const body =
    field('00', '01') + // payload format indicator
    field('01', '12') + // dynamic: this code is for one payment
    field('38', merchantAccount) +
    field('53', VND) +
    field('54', String(request.amount)) +
    field('58', 'VN') +
    field('62', field('08', request.purpose)) +
    '6304';
  return ok(body + crc16CcittFalse(new TextEncoder().encode(body)));
}

/** One EMVCo data object: two-digit id, two-digit length, value (ASCII, so length in bytes). */
function field(id: string, value: string): string {
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
}
