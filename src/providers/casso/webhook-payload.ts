import { z } from 'zod';
import { err, ok, type Result } from '../../core/result.js';
import type { Transaction } from '../../core/model.js';
import { fromAccountTransaction, fromTransaction } from './map.js';
import { CassoAccountTransaction, CassoTransaction } from './schemas.js';
import { RequiredText, Text } from '../wire-scalars.js';
import { describeIssue, isRecord } from '../payload-fields.js';

/*
 * Casso's two webhook generations (docs/providers.md, "Casso: webhooks, legacy and V2"), both `{error, data}`:
 * - V2: `data` is one object in the camelCase schema of `/v2/accounts/:id/transactions`
 *   (`reference`, `transactionDateTime`, `runningBalance`) plus `accountNumber` and `bankName`;
 * - legacy: `data` is an array in the snake_case schema of `/v2/transactions` (`tid`, `when`,
 *   `cusum_balance`), the account number spelt `bank_sub_acc_id`, `subAccId` or `bankSubAccId`.
 * V2 records are parsed and mapped as the poller's per-account listing is, so a payment
 * pushed and polled yields the same `Transaction` and the same `casso:<id>` key.
 */

/** Casso's "test call" marker (its published signature vector carries it, with id 0). */
const TEST_REFERENCE = 'MA_GIAO_DICH_THU_NGHIEM';

/** `error` is 0 on a real delivery; absent reads as 0, as Casso's own samples only test `!= 0`. */
const Envelope = z.object({
  error: z
    .union([z.number(), z.string().trim().regex(/^-?\d+$/, 'expected a number')])
    .nullish()
    .transform((value) => Number(value ?? 0)),
  data: z.unknown(),
});

const V2Item = z
  .intersection(
    z.object({
      id: z.union([z.number().int().nonnegative(), z.string().trim().min(1)]),
      accountNumber: RequiredText,
      bankName: Text,
      bankAbbreviation: Text,
    }),
    // Per-account listings call the same id `privateId`: one key for both paths
    // (docs/providers.md, "Casso: two record schemas").
    z.preprocess((value) => (isRecord(value) ? { ...value, privateId: value['id'] } : value), CassoAccountTransaction),
  )
  .transform((item) =>
    fromAccountTransaction(item, { accountNumber: item.accountNumber, bank: item.bankName ?? item.bankAbbreviation ?? '' }),
  );

const LEGACY_ACCOUNT_NAMES = ['bankSubAccId', 'subAccId', 'bank_sub_acc_id'] as const;

const LegacyItem = z
  .preprocess((value) => {
    if (!isRecord(value)) return value;
    const account = LEGACY_ACCOUNT_NAMES.map((name) => value[name]).find((v) => v !== undefined && v !== null && v !== '');
    return { ...value, bankSubAccId: account ?? null };
  }, CassoTransaction)
  .transform((record, ctx) => {
    if (record.bankSubAccId === null) {
      ctx.issues.push({
        code: 'custom',
        message: `no account number (${LEGACY_ACCOUNT_NAMES.join(', ')})`,
        input: record,
        path: ['bankSubAccId'],
      });
      return z.NEVER;
    }
    return fromTransaction(record, { accountNumber: record.bankSubAccId, bank: record.bankCodeName ?? '' });
  });

export type CassoDelivery =
  /** Casso said `error != 0`: nothing to keep; its own samples ignore such bodies. */
  | { kind: 'provider-error'; error: number }
  | {
      kind: 'transactions';
      generation: 'v2' | 'legacy';
      transactions: Transaction[];
      /** Dashboard "test call" records, left out of `transactions`. */
      testCalls: Transaction[];
    };

/** Parses a Casso webhook body of either generation; the error is a one-line reason for a 400. */
export function parseCassoDelivery(body: unknown): Result<CassoDelivery, string> {
  const envelope = Envelope.safeParse(body);
  if (!envelope.success) return err(describeIssue(envelope.error));
  const { error, data } = envelope.data;
  if (error !== 0) return ok({ kind: 'provider-error', error });

  const generation = Array.isArray(data) ? 'legacy' : isRecord(data) ? 'v2' : null;
  if (generation === null) return err('data: expected an object (Webhook V2) or an array (legacy webhook)');
  const parsed = generation === 'legacy' ? z.array(LegacyItem).safeParse(data) : V2Item.transform((tx) => [tx]).safeParse(data);
  if (!parsed.success) return err(describeIssue(parsed.error, ['data']));

  return ok({
    kind: 'transactions',
    generation,
    transactions: parsed.data.filter((tx) => !isTestCall(tx)),
    testCalls: parsed.data.filter(isTestCall),
  });
}

/**
 * Casso's dashboard test call sends a made-up transaction. Id 0 is no real id (and would
 * dedupe every later test call against the first), and the marker is no bank reference.
 */
function isTestCall(tx: Transaction): boolean {
  return tx.providerId === '0' || tx.reference === TEST_REFERENCE;
}
