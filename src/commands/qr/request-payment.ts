import { followsAccount, type ChatRules } from '../../core/chat-rules.js';
import type { CommandAnswer } from '../../core/command.js';
import type { Account } from '../../core/model.js';
import { MAX_OPEN_REQUESTS_PER_CHAT, type AddOutcome, type PaymentRequest } from '../../core/payment-request.js';
import type { Logger } from '../../log/logger.js';
import { vietQrPayload } from '../../qr/vietqr-payload.js';
import type { RenderContext } from '../../render/messages.js';
import { paymentRequestDoc } from '../../render/payment-request.js';
import { textAnswer } from '../command.js';
import { newPaymentCode } from './payment-code.js';
import { parseQrArgs } from './parse-qr.js';
import { qrProblemDoc, type QrProblem } from './qr-problem-doc.js';

/** The part of the state /qr uses. */
export interface RequestBook {
  paymentRequests(): readonly PaymentRequest[];
  addPaymentRequest(request: PaymentRequest): Promise<AddOutcome>;
  placePaymentRequest(code: string, messageRef: string): Promise<void>;
}

export interface PaymentRequestDeps {
  requests: RequestBook;
  /** The accounts and their banks' BINs, as /balance reads them (shared cache); a provider that failed is an entry without an account. */
  accounts: { read(): Promise<{ entries: readonly ({ account: Account } | { failure: string })[] }> };
  /** QR_EXPIRY_MINUTES. */
  expiryMinutes: number;
  logger: Logger;
  now?: () => number;
  /** Picks a random index below `max` (codes); crypto's randomInt unless a test needs others. */
  pick?: (max: number) => number;
}

/** Tries with a new code when another bot took the same one in between (several bots, one database). */
const CODE_ATTEMPTS = 3;

const problem = (p: QrProblem, render: RenderContext): CommandAnswer => textAnswer(qrProblemDoc(p, render));

/**
 * `/qr <amount> [acc:<digits>] [note…]` for one chat: picks the account (the one `acc:` names
 * among those the chat follows, or the only one), stores a new open request with a fresh
 * code, durably, and answers with its VietQR payload and caption. Makes no request when the
 * account is ambiguous, unknown, or has no BIN, and says why.
 */
export async function requestPayment(
  args: string,
  chat: { dest: string | null; rules: ChatRules; render: RenderContext },
  deps: PaymentRequestDeps,
): Promise<CommandAnswer> {
  const { render } = chat;
  const parsed = parseQrArgs(args);
  if (!parsed.ok) return problem(parsed.error, render);
  if (chat.dest === null) return problem({ kind: 'not-target' }, render);
  const { amount, accountSuffix, note } = parsed.value;

  const read = await deps.accounts.read();
  const followed = distinctAccounts(read.entries.flatMap((e) => ('account' in e ? [e.account] : []))).filter((a) =>
    followsAccount(chat.rules, a.accountNumber),
  );
  const unread = read.entries.some((e) => !('account' in e));
  const candidates = accountSuffix === null ? followed : followed.filter((a) => followsAccount({ accounts: [accountSuffix] }, a.accountNumber));
  const [account] = candidates;
  if (account === undefined) {
    if (unread) return problem({ kind: 'accounts-unread' }, render);
    return problem(accountSuffix === null ? { kind: 'no-account' } : { kind: 'no-match', suffix: accountSuffix }, render);
  }
  if (candidates.length > 1) return problem({ kind: 'choose', accounts: candidates }, render);
  if (account.bin === null) return problem({ kind: 'no-bin', account }, render);

  const now = (deps.now ?? Date.now)();
  for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
    const code = newPaymentCode(new Set(deps.requests.paymentRequests().map((r) => r.code)), deps.pick);
    const payload = vietQrPayload({ bin: account.bin, accountNumber: account.accountNumber, amount, purpose: code });
    if (!payload.ok) {
      deps.logger.warn('qr.cannot_encode', { account: account.accountNumber, field: payload.error.field, reason: payload.error.reason });
      return problem({ kind: 'cannot-encode', account }, render);
    }
    const request: PaymentRequest = {
      code,
      accountNumber: account.accountNumber,
      bank: account.bank,
      bin: account.bin,
      amount,
      note,
      received: 0,
      payments: [],
      status: 'open',
      dest: chat.dest,
      messageRef: null,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + deps.expiryMinutes * 60_000).toISOString(),
      revision: 0,
      shown: 0,
    };
    const outcome = await deps.requests.addPaymentRequest(request);
    if (outcome === 'too-many') return problem({ kind: 'too-many', most: MAX_OPEN_REQUESTS_PER_CHAT }, render);
    if (outcome === 'code-taken') continue;
    deps.logger.info('qr.requested', { code, dest: chat.dest, amount, expires_at: request.expiresAt });
    return {
      kind: 'image',
      request,
      payload: payload.value,
      caption: paymentRequestDoc(request, render),
      placed: (messageRef) => deps.requests.placePaymentRequest(code, messageRef),
    };
  }
  throw new Error(`no free payment code after ${CODE_ATTEMPTS} attempts`);
}

/** One entry per account number (both providers may watch the same account), preferring one that knows the BIN. */
function distinctAccounts(accounts: readonly Account[]): Account[] {
  const byNumber = new Map<string, Account>();
  for (const account of accounts) {
    const seen = byNumber.get(account.accountNumber);
    if (seen === undefined || (seen.bin === null && account.bin !== null)) byNumber.set(account.accountNumber, account);
  }
  return [...byNumber.values()];
}
