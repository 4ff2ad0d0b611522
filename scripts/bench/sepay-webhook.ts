import { request, type Dispatcher } from 'undici';
import { wireDate } from '../../fakes/sepay/common.js';

/** The webhook key the bench's bots accept. */
export const WEBHOOK_KEY = 'bench-webhook-key';

/**
 * Delivers one SePay webhook (by default 150 000 đ in, made on 2026-11-21) to the bot listening
 * on `port`, as SePay posts it; the bot's answer. `dispatcher` carries it on connections of the
 * caller's choosing.
 */
export async function deliverSepayWebhook(
  port: number,
  delivery: { id: number; accountNumber: string; content: string; referenceCode: string; amount?: number; at?: Date },
  dispatcher?: Dispatcher,
): Promise<number> {
  const res = await request(`http://127.0.0.1:${port}/webhooks/sepay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Apikey ${WEBHOOK_KEY}` },
    body: JSON.stringify({
      id: delivery.id,
      gateway: 'MBBank',
      transactionDate: delivery.at === undefined ? '2026-11-21 10:40:12' : wireDate(delivery.at, () => new Date()),
      accountNumber: delivery.accountNumber,
      content: delivery.content,
      transferType: 'in',
      transferAmount: delivery.amount ?? 150_000,
      accumulated: 0,
      referenceCode: delivery.referenceCode,
    }),
    ...(dispatcher ? { dispatcher } : {}),
  });
  await res.body.dump();
  return res.statusCode;
}
