import { textAnswer, type Command, type CommonDeps } from '../command.js';
import { checkProblemDoc } from './check-problem-doc.js';
import { checkPayment, type PaymentCheckDeps } from './check-payment.js';

export interface CheckDeps extends CommonDeps {
  /** What /check needs; without it /check is answered as unavailable. */
  checking?: PaymentCheckDeps;
}

/** `/check <amount> [words…]`: did that money really arrive? ✅ now, or ⏳ edited to ✅ or ❌ within 10 minutes. */
export const check: Command<CheckDeps> = {
  name: 'check',
  help: {
    vi: { usage: '/check <số tiền> [từ khoá]', description: 'khách đưa màn hình chuyển khoản? xem tiền đã về thật chưa (chờ thêm 10 phút)' },
    en: { usage: '/check <amount> [words]', description: 'a customer shows a transfer screen? see whether the money really arrived (waits 10 minutes)' },
  },
  manifest: { description: 'Did that payment really arrive? Answers now, or within 10 minutes', usageHint: '250k | 1tr2 nguyen van b' },
  answer: async (request, chat, deps) =>
    deps.checking === undefined ? textAnswer(checkProblemDoc({ kind: 'not-target' }, chat.render)) : checkPayment(request.args, chat, deps.checking),
};
