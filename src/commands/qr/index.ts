import { textAnswer, type Command, type CommonDeps } from '../command.js';
import { qrProblemDoc } from './qr-problem-doc.js';
import { requestPayment, type PaymentRequestDeps } from './request-payment.js';

export interface QrDeps extends CommonDeps {
  /** What /qr needs; without it /qr is answered as unavailable. */
  payments?: PaymentRequestDeps;
}

/** `/qr <amount> [acc:<digits>] [note…]`: a VietQR payment request, confirmed in the chat when the money is in. */
export const qr: Command<QrDeps> = {
  name: 'qr',
  help: {
    vi: { usage: '/qr <số tiền> [acc:<số cuối>] [ghi chú]', description: 'mã VietQR để khách quét; tin nhắn chuyển ✅ khi tiền về thật' },
    en: { usage: '/qr <amount> [acc:<last digits>] [note]', description: 'a VietQR code for the customer; the message turns ✅ when the money is really in' },
  },
  manifest: { description: 'A VietQR code for a payment, confirmed here when the money is in', usageHint: '250k | 1tr5 acc:6789 table 5' },
  answer: async (request, chat, deps) =>
    deps.payments === undefined ? textAnswer(qrProblemDoc({ kind: 'not-target' }, chat.render)) : requestPayment(request.args, chat, deps.payments),
};

export { searchWithRequestCodes } from './find-by-code.js';
