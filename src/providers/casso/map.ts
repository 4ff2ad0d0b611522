import type { Account, Transaction } from '../../core/model.js';
import type { CassoAccount, CassoAccountTransaction, CassoTransaction } from './schemas.js';

/** Where a transaction was booked: the account number and the bank, as shown to users. */
export type AccountRef = Pick<Account, 'accountNumber' | 'bank'>;

/** A Casso account, normalised; `readAt` is when we fetched it. */
export function toAccount(raw: CassoAccount, readAt: Date): Account {
  return {
    provider: 'casso',
    providerId: raw.id,
    bank: raw.bankName ?? raw.bankCodeName ?? '',
    accountNumber: raw.accountNumber,
    holder: raw.accountName,
    bin: raw.BIN,
    // Casso's own examples show `balance: 0` on accounts with hundreds of millions of đồng of
    // credits, so 0 means "not reported", not "empty": say unknown rather than show a false 0.
    balance: raw.balance === 0 ? null : raw.balance,
    readAt: readAt.toISOString(),
  };
}

/** A record of `/v2/accounts/:id/transactions`; it names no account, so `account` says which. */
export function fromAccountTransaction(record: CassoAccountTransaction, account: AccountRef): Transaction {
  return {
    provider: 'casso',
    providerId: record.privateId,
    accountNumber: account.accountNumber,
    bank: account.bank,
    amount: record.amount,
    direction: record.amount < 0 ? 'out' : 'in',
    content: record.description ?? '',
    reference: record.reference,
    occurredAt: record.time.iso,
    balanceAfter: record.runningBalance,
    counterparty: counterparty(
      record.counterAccountName,
      record.counterAccountNumber,
      record.counterAccountBankName ?? record.counterAccountBankId,
    ),
    code: null,
    virtualAccount: record.virtualAccountNumber,
  };
}

/** A record in the `/v2/transactions` schema (legacy webhooks); `account` is where it was booked. */
export function fromTransaction(record: CassoTransaction, account: AccountRef): Transaction {
  return {
    provider: 'casso',
    providerId: record.id,
    accountNumber: account.accountNumber,
    bank: account.bank,
    amount: record.amount,
    direction: record.amount < 0 ? 'out' : 'in',
    content: record.description ?? '',
    reference: record.tid,
    occurredAt: record.when.iso,
    balanceAfter: record.cusum_balance ?? record.cusumBalance,
    counterparty: counterparty(
      record.corresponsiveName,
      record.corresponsiveAccount,
      record.corresponsiveBankName ?? record.corresponsiveBankId,
    ),
    code: null,
    virtualAccount: record.virtualAccount,
  };
}

function counterparty(name: string | null, accountNumber: string | null, bank: string | null): Transaction['counterparty'] {
  return name === null && accountNumber === null && bank === null ? null : { name, accountNumber, bank };
}
