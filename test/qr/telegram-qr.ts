import { request } from 'undici';
import { expect } from 'vitest';
import type { FakeSepay } from '../../fakes/sepay/v1.js';
import type { FakeTelegram } from '../../fakes/telegram/server.js';
import { until } from '../helpers/until.js';

/** What the /qr tests over Telegram share: asking in a chat, and SePay pushing a payment. */

/** Types `/qr …` (or any command) in the chat and returns the bot's answer: a photo (with its code) or text. */
export async function askQr(telegram: FakeTelegram, chat: number, text: string) {
  const before = telegram.sentTo(chat).length;
  telegram.sendText(chat, text);
  await until(() => telegram.sentTo(chat).length > before, 5000, `the answer to ${text}`);
  const answer = telegram.sentTo(chat)[before];
  if (answer === undefined) throw new Error('no answer');
  const code = /Mã thanh toán:\s*([A-Z0-9]{6,10})/.exec(answer.visible)?.[1] ?? null;
  return { answer, code };
}

export const SEPAY_WEBHOOK_KEY = 'sepay-webhook-key-for-tests';

/** SePay books a payment and pushes it to the bot, as its webhook does; returns the booked row. */
export async function pushSepay(
  sepay: FakeSepay,
  webhookPort: number,
  payment: { accountNumber: string; amount: number; content: string; reference?: string | null; at?: Date },
) {
  const { accountNumber, amount, content } = payment;
  const row = sepay.addTransaction({ accountNumber, amountIn: amount, content, referenceNumber: payment.reference, date: payment.at });
  const body = {
    id: Number(row.id),
    gateway: 'MBBank',
    transactionDate: row.transaction_date,
    accountNumber,
    subAccount: null,
    code: null,
    content,
    transferType: 'in',
    transferAmount: amount,
    accumulated: amount,
    referenceCode: row.reference_number,
    description: `BankAPINotify ${content}`,
  };
  const res = await request(`http://127.0.0.1:${webhookPort}/webhooks/sepay`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', authorization: `Apikey ${SEPAY_WEBHOOK_KEY}` },
  });
  await res.body.text();
  expect(res.statusCode).toBe(200);
  return row;
}
