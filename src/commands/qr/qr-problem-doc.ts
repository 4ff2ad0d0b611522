import type { Account } from '../../core/model.js';
import { accountTail } from '../../render/alert.js';
import { code, italic, text, type Doc, type Line } from '../../render/doc.js';
import type { RenderContext } from '../../render/messages.js';
import { truncateText } from '../../render/truncate.js';
import { WORDING } from './wording.js';

const MAX_FIELD_CHARS = 200;
const shownAccount = (accountNumber: string, ctx: RenderContext) => (ctx.privacy === true ? accountTail(accountNumber) : accountNumber);

export type QrProblem =
  | { kind: 'usage' }
  | { kind: 'amount'; word: string }
  | { kind: 'account'; word: string }
  | { kind: 'no-account' }
  | { kind: 'no-match'; suffix: string }
  | { kind: 'choose'; accounts: readonly Account[] }
  | { kind: 'no-bin'; account: Account }
  | { kind: 'cannot-encode'; account: Account }
  | { kind: 'accounts-unread' }
  | { kind: 'not-target' }
  | { kind: 'too-many'; most: number };

/** Why /qr made no request, and what to do instead. */
export function qrProblemDoc(problem: QrProblem, ctx: RenderContext): Doc {
  const w = WORDING[ctx.locale];
  switch (problem.kind) {
    case 'usage':
      return w.usage.map((line) => [text(line)]);
    case 'amount':
      return [[text(w.badAmount(truncateText(problem.word, 40)))], ...w.usage.map((line) => [text(line)])];
    case 'account':
      return [[text(w.badAccount(truncateText(problem.word, 40)))]];
    case 'no-account':
      return [[text(w.noAccount)]];
    case 'no-match':
      return [[text(w.noMatch(truncateText(problem.suffix, 40)))]];
    case 'choose': {
      const lines: Line[] = [[text(w.chooseAccount)]];
      for (const account of problem.accounts) {
        lines.push([text('• '), code(shownAccount(account.accountNumber, ctx)), text(` · ${truncateText(account.bank, MAX_FIELD_CHARS)}`)]);
      }
      const tail = problem.accounts[0]?.accountNumber.slice(-4) ?? '';
      lines.push([italic(`${w.chooseHint}${tail}`)]);
      return lines;
    }
    case 'no-bin':
      return [[text(w.noBin(shownAccount(problem.account.accountNumber, ctx), truncateText(problem.account.bank, MAX_FIELD_CHARS)))]];
    case 'cannot-encode':
      return [[text(w.cannotEncode(shownAccount(problem.account.accountNumber, ctx)))]];
    case 'accounts-unread':
      return [[text(w.accountsUnread)]];
    case 'not-target':
      return [[text(w.notTarget)]];
    case 'too-many':
      return [[text(w.tooMany(problem.most))]];
  }
}
