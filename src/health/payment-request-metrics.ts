import { RequestStatus, type SettledRequest } from '../core/payment-request.js';

/**
 * The /qr requests kept (those of the last 45 days, open or done with), in Prometheus text: how many
 * were made, and how many stand at each status (paid, expired, still open or underpaid).
 */
export function paymentRequestMetricsText(kept: Iterable<Pick<SettledRequest, 'status'>>): string {
  const requests = [...kept];
  const out = [
    '# HELP bankbell_payment_requests_made /qr payment requests made (those kept: the last 45 days).',
    '# TYPE bankbell_payment_requests_made gauge',
    `bankbell_payment_requests_made ${requests.length}`,
    '# HELP bankbell_payment_requests /qr payment requests kept, by status (open, underpaid, paid, expired).',
    '# TYPE bankbell_payment_requests gauge',
    ...RequestStatus.options.map((status) => `bankbell_payment_requests{status="${status}"} ${requests.filter((r) => r.status === status).length}`),
  ];
  return `${out.join('\n')}\n`;
}
