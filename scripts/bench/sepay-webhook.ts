import { request, type Dispatcher } from 'undici';

/** The webhook key the bench's bots accept. */
export const WEBHOOK_KEY = 'bench-webhook-key';

/**
 * Delivers one SePay webhook (150 000 đ in) to the bot listening on `port`, as SePay posts
 * it; the bot's answer. `dispatcher` carries it on connections of the caller's choosing.
 * `transactionDate` is SePay's (Vietnam wall-clock time); a fixed day of November 2026 by default.
 */
export async function deliverSepayWebhook(
  port: number,
  delivery: { id: number; accountNumber: string; content: string; referenceCode: string; transactionDate?: string },
  dispatcher?: Dispatcher,
): Promise<number> {
  const res = await request(`http://127.0.0.1:${port}/webhooks/sepay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Apikey ${WEBHOOK_KEY}` },
    body: JSON.stringify({
      id: delivery.id,
      gateway: 'MBBank',
      transactionDate: delivery.transactionDate ?? '2026-11-21 10:40:12',
      accountNumber: delivery.accountNumber,
      content: delivery.content,
      transferType: 'in',
      transferAmount: 150_000,
      accumulated: 0,
      referenceCode: delivery.referenceCode,
    }),
    ...(dispatcher ? { dispatcher } : {}),
  });
  await res.body.dump();
  return res.statusCode;
}
