import { FAKE_CASSO_API_KEY, startFakeCasso, type FakeCasso } from '../../fakes/casso/server.js';
import { startFakeSepay, type FakeSepay } from '../../fakes/sepay/v1.js';
import type { DemoAccount, DemoTransaction } from './scenario.js';

/** The SePay token the simulated SePay accepts: not a secret, it only opens the fake. */
const DEMO_SEPAY_TOKEN = 'bankbell-demo-token';

/**
 * The simulated Casso and SePay: the fakes the tests use, on loopback, holding the demo's
 * accounts. `book` makes a transaction appear at the right one, as a bank feed would.
 */
export interface SimulatedBank {
  /** Variables that point the bot at the fakes. */
  env: Record<string, string>;
  book(tx: DemoTransaction): void;
  close(): Promise<void>;
}

const BANK_CODES: Record<string, { codeName: string; bin: number }> = {
  MBBank: { codeName: 'mbbank', bin: 970422 },
  Techcombank: { codeName: 'techcombank', bin: 970407 },
};

/** Where the customers' money comes from, for the counterparty line Casso gives. */
const SENDER_BANKS = ['Vietcombank', 'VietinBank', 'BIDV', 'ACB', 'VPBank', 'MBBank'];

export async function startSimulatedBank(accounts: readonly DemoAccount[]): Promise<SimulatedBank> {
  const casso: FakeCasso = await startFakeCasso();
  let sepay: FakeSepay;
  try {
    sepay = await startFakeSepay({ apiToken: DEMO_SEPAY_TOKEN });
  } catch (error) {
    await casso.close();
    throw error;
  }
  const cassoIds = new Map<string, number>();
  for (const account of accounts) {
    if (account.provider === 'casso') {
      const bank = BANK_CODES[account.bank];
      const added = casso.addAccount({
        accountNumber: account.accountNumber,
        accountName: account.holder,
        bankName: account.bank,
        balance: account.balance,
        ...(bank ? { bankCodeName: bank.codeName, bin: bank.bin } : {}),
      });
      cassoIds.set(account.accountNumber, added.id);
    } else {
      sepay.addBankAccount({
        accountNumber: account.accountNumber,
        holder: account.holder,
        bankShortName: account.bank,
        accumulated: account.balance,
      });
    }
  }
  let booked = 0;

  return {
    env: {
      CASSO_API_KEY: FAKE_CASSO_API_KEY,
      CASSO_API_BASE: casso.url,
      SEPAY_API_TOKEN: DEMO_SEPAY_TOKEN,
      SEPAY_API_BASE: sepay.url,
    },
    book(tx) {
      booked += 1;
      if (tx.account.provider === 'sepay') {
        sepay.addTransaction({
          accountNumber: tx.account.accountNumber,
          ...(tx.amount >= 0 ? { amountIn: tx.amount } : { amountOut: -tx.amount }),
          content: tx.content,
          code: tx.orderCode,
          ...(tx.when ? { date: tx.when } : {}),
        });
        return;
      }
      const id = cassoIds.get(tx.account.accountNumber);
      if (id === undefined) throw new Error(`demo: ${tx.account.accountNumber} is not a Casso account of the demo`);
      casso.addTransaction(id, {
        amount: tx.amount,
        description: tx.content,
        ...(tx.when ? { when: tx.when } : {}),
        ...(tx.sender === null
          ? {}
          : {
              counterAccountName: tx.sender,
              counterAccountNumber: String(1_000_000_000 + ((booked * 7_919_773) % 9_000_000_000)),
              counterAccountBankName: SENDER_BANKS[booked % SENDER_BANKS.length] ?? 'Vietcombank',
            }),
      });
    },
    async close() {
      await Promise.all([casso.close(), sepay.close()]);
    },
  };
}
