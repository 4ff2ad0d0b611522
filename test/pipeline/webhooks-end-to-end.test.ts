import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { signCassoBody } from '../../fakes/casso/sign-webhook.js';
import { startFakeCasso } from '../../fakes/casso/server.js';
import { startFakeSepay } from '../../fakes/sepay/v1.js';
import { startHarness } from '../helpers/bot-harness.js';
import { freePort } from '../../fakes/free-port.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';
import { closedAfterEach } from '../helpers/closers.js';

const CASSO_SECRET = 'casso-checksum-key-for-tests';
const SEPAY_KEY = 'sepay-webhook-key-for-tests';
const closers = closedAfterEach();

async function post(url: string, body: unknown, headers: Record<string, string>) {
  const res = await request(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.statusCode, body: await res.body.text() };
}

describe('webhooks with polling, end to end', () => {
  it('alerts a payment once whether it is pushed, polled, or replayed', async () => {
    const casso = await startFakeCasso();
    const sepay = await startFakeSepay();
    closers.push(casso, sepay);
    const account = casso.addAccount({ accountNumber: '1111111111' }).id;
    sepay.addBankAccount({ accountNumber: '2222222222' });
    const port = await freePort();
    const h = await startHarness({
      dataDir: await tempDir(),
      casso,
      sepay,
      env: { WEBHOOK_PORT: String(port), CASSO_WEBHOOK_SECRET: CASSO_SECRET, SEPAY_WEBHOOK_API_KEY: SEPAY_KEY },
    });
    await h.bot.pollNow();

    // Casso books a payment and pushes it (Webhook V2) before the bot polls.
    const booked = casso.addTransaction(account, { amount: 250_000, description: 'PUSHED-CASSO DH1' });
    const cassoBody = {
      error: 0,
      data: {
        id: Number(booked.id),
        reference: booked.reference,
        description: 'PUSHED-CASSO DH1',
        amount: 250_000,
        runningBalance: 250_000,
        transactionDateTime: '2026-11-21 10:40:00',
        accountNumber: '1111111111',
        bankName: 'MBBank',
        bankAbbreviation: 'MBB',
      },
    };
    const signature = signCassoBody(CASSO_SECRET, Date.now(), cassoBody);
    const pushed = await post(`http://127.0.0.1:${port}/webhooks/casso`, cassoBody, { 'x-casso-signature': signature });
    expect(pushed.status).toBe(200);
    await until(() => h.alertsMentioning('PUSHED-CASSO') === 1, 5000, 'the pushed alert');

    // SePay: a payment pushed, the same pushed again (retry), then seen by polling.
    const row = sepay.addTransaction({ accountNumber: '2222222222', amountIn: 90_000, content: 'PUSHED-SEPAY DH2' });
    const sepayBody = {
      id: Number(row.id),
      gateway: 'Vietcombank',
      transactionDate: row.transaction_date,
      accountNumber: '2222222222',
      subAccount: null,
      code: null,
      content: 'PUSHED-SEPAY DH2',
      transferType: 'in',
      transferAmount: 90_000,
      accumulated: 90_000,
      referenceCode: row.reference_number,
      description: 'BankAPINotify PUSHED-SEPAY DH2',
    };
    for (let i = 0; i < 2; i++) {
      const res = await post(`http://127.0.0.1:${port}/webhooks/sepay`, sepayBody, { authorization: `Apikey ${SEPAY_KEY}` });
      expect(res.status).toBe(200);
    }
    const forged = await post(`http://127.0.0.1:${port}/webhooks/sepay`, { ...sepayBody, id: 999_999, content: 'FORGED' }, { authorization: 'Apikey wrong' });
    expect(forged.status).toBe(401);

    await h.bot.pollNow();
    await h.bot.pollNow();
    await until(() => h.bot.store.outboxSize === 0);
    expect(h.alertsMentioning('PUSHED-CASSO')).toBe(1);
    expect(h.alertsMentioning('PUSHED-SEPAY')).toBe(1);
    expect(h.alertsMentioning('FORGED')).toBe(0);
    expect(h.bot.store.has('sepay:999999')).toBe(false);
  });
});
