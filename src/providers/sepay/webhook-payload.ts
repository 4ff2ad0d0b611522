import { z } from 'zod';
import { err, ok, type Result } from '../../core/result.js';
import { parseDong } from '../../core/money.js';
import { Direction, type Transaction } from '../../core/model.js';
import { SepayV1Id } from './schemas.js';
import { Money, RequiredText, Text, VietnamTime } from '../wire-scalars.js';
import { describeIssue } from '../payload-fields.js';

/**
 * The balance after the transaction is only shown, never used for alerting: an unreadable one
 * reads as unknown rather than costing the payment. As in the polling mapper, SePay reports 0
 * where it does not know the balance, so 0 is unknown too. It may be negative (overdraft).
 */
const Balance = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((value) => {
    const n = value === null || value === undefined ? null : parseDong(value);
    return n === 0 ? null : n;
  });

/**
 * SePay's webhook body (docs/providers.md, "SePay: webhooks"). `id` is in v1's numeric id space, normalised as
 * v1 ids are, so a payment pushed and polled through v1 has the same `sepay:<id>` key.
 * `transferAmount` is positive; the sign comes from `transferType`.
 */
export const SepayWebhookPayload = z
  .object({
    id: SepayV1Id,
    gateway: Text,
    transactionDate: VietnamTime,
    accountNumber: RequiredText,
    subAccount: Text,
    code: Text,
    content: Text,
    transferType: z.string().trim().toLowerCase().pipe(Direction),
    transferAmount: Money,
    accumulated: Balance,
    referenceCode: Text,
    description: Text,
  })
  .transform(
    (raw): Transaction => ({
      provider: 'sepay',
      providerId: raw.id,
      accountNumber: raw.accountNumber,
      bank: raw.gateway ?? '',
      amount: raw.transferType === 'out' ? -raw.transferAmount : raw.transferAmount,
      direction: raw.transferType,
      content: raw.content ?? '',
      reference: raw.referenceCode,
      occurredAt: raw.transactionDate.iso,
      balanceAfter: raw.accumulated,
      counterparty: null,
      code: raw.code,
      virtualAccount: raw.subAccount,
    }),
  );

/** Parses one SePay delivery; the error is a one-line reason for a 400. */
export function parseSepayDelivery(body: unknown): Result<Transaction, string> {
  const parsed = SepayWebhookPayload.safeParse(body);
  return parsed.success ? ok(parsed.data) : err(describeIssue(parsed.error));
}
