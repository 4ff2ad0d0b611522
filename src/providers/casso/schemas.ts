import { z } from 'zod';
import { BankBin } from '../bank-bin.js';
import {
  Integer,
  OptionalCount,
  OptionalSignedMoney,
  OptionalVietnamTime,
  RequiredText,
  SignedMoney,
  Text,
} from '../wire-scalars.js';

/*
 * Zod schemas of Casso API v2 bodies. Casso's numbers are numbers today, but the docs type
 * `pageSize` as a string and its v1 sent strings, so every numeric field takes either.
 * Fields beyond the few a record cannot do without are optional: absent, null and "" all
 * read as "not given". Only the fields bankbell reads are declared; the rest pass unread.
 * Scalars come out normalised (ids as strings, money as whole đồng, times as instants),
 * so a bad value fails here, in parseBody, with the path of the field that is wrong.
 */

/** Ids are opaque: `90211` and `"90211"` are the same id. */
const Id = z.union([z.number().int().nonnegative(), z.string().trim().min(1)]).transform(String);

/** The status half of every Casso body: `{error: 0, message, data}` is success, anything else a failure. */
export const CassoStatus = z.object({
  error: Integer,
  /** Only ever shown in an error message, so an odd type is no reason to reject the body. */
  message: z.unknown().transform((value) => (typeof value === 'string' && value !== '' ? value : null)),
});

/** A successful body's payload, parsed under `data` so that errors name `data.…` paths. */
export function cassoData<T>(data: z.ZodType<T>): z.ZodType<{ data: T }> {
  return z.object({ data });
}

/** `/v2/accounts` and `/v2/accounts/:id` items. `balance` 0 is ambiguous; see map.ts. */
export const CassoAccount = z.object({
  id: Id,
  accountNumber: RequiredText,
  accountName: Text,
  bankName: Text,
  bankCodeName: Text,
  BIN: BankBin,
  balance: OptionalSignedMoney,
});
export type CassoAccount = z.output<typeof CassoAccount>;

/**
 * One record of `GET /v2/accounts/:id/transactions` (camelCase names, `privateId`). The record
 * carries no account number or bank: those come from the account it was listed for.
 * `time` is `transactionDateTime` when given, else the date-only `transactionDate`.
 */
export const CassoAccountTransaction = z
  .object({
    privateId: Id,
    reference: Text,
    transactionDateTime: OptionalVietnamTime,
    transactionDate: OptionalVietnamTime,
    amount: SignedMoney,
    description: Text,
    runningBalance: OptionalSignedMoney,
    virtualAccountNumber: Text,
    counterAccountNumber: Text,
    counterAccountName: Text,
    counterAccountBankId: Text,
    counterAccountBankName: Text,
  })
  .transform((record, ctx) => {
    const time = record.transactionDateTime ?? record.transactionDate;
    if (time === null) {
      ctx.issues.push({
        code: 'custom',
        message: 'no transactionDateTime nor transactionDate',
        input: record,
        path: ['transactionDateTime'],
      });
      return z.NEVER;
    }
    return { ...record, time };
  });
export type CassoAccountTransaction = z.output<typeof CassoAccountTransaction>;

/**
 * One record in the schema of `GET /v2/transactions` (all accounts, snake/legacy names), the
 * schema legacy webhooks deliver. The balance has been spelt `cusum_balance` and
 * `cusumBalance`; either is read. `bankSubAccId` and `bankCodeName` are missing from older
 * renderings, hence optional; the webhook parser says when the account number is missing.
 */
export const CassoTransaction = z
  .object({
    id: Id,
    tid: Text,
    description: Text,
    amount: SignedMoney,
    cusum_balance: OptionalSignedMoney,
    cusumBalance: OptionalSignedMoney,
    when: OptionalVietnamTime,
    bankSubAccId: Text,
    bankCodeName: Text,
    virtualAccount: Text,
    corresponsiveName: Text,
    corresponsiveAccount: Text,
    corresponsiveBankId: Text,
    corresponsiveBankName: Text,
  })
  .transform((record, ctx) => {
    if (record.when === null) {
      ctx.issues.push({ code: 'custom', message: 'missing time', input: record, path: ['when'] });
      return z.NEVER;
    }
    return { ...record, when: record.when };
  });
export type CassoTransaction = z.output<typeof CassoTransaction>;

/**
 * A page of records. Every counter is optional: the walker uses whichever it gets and
 * never assumes the requested `pageSize` was honoured (so `pageSize` is not even read). `records: null` reads as an empty
 * page (some backends serialise an empty list as null); an absent `records` is an error.
 */
export function cassoPage<R extends z.ZodType>(record: R) {
  return z.object({
    page: OptionalCount,
    nextPage: OptionalCount,
    totalPages: OptionalCount,
    totalRecords: OptionalCount,
    records: z
      .array(record)
      .nullable()
      .transform((value) => value ?? []),
  });
}
