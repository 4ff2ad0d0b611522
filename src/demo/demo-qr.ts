import type { RunningBot } from '../app/start-bot.js';
import { wordsOf } from '../core/command.js';
import { qrTerminal } from '../qr/qr-image.js';
import { toPlainText } from '../render/plain-text.js';
import type { DemoAccount, DemoTransaction } from './scenario.js';

export interface DemoQrOptions {
  bot: Pick<RunningBot, 'answer'>;
  accounts: readonly DemoAccount[];
  print(text: string): void;
  book(tx: DemoTransaction): void;
  /** How long the simulated customer takes to scan and pay. */
  payAfterMs: number;
}

/**
 * `/qr` at the demo's prompt: the request and its code drawn in the terminal, then a simulated
 * customer who pays it a little later, with the content rewritten the way banks do (lower
 * case, the code cut by a space, their own words around it), so the match shows for real.
 * The demo's shop takes payments into its first account unless `acc:` names another.
 */
export function createDemoQr(options: DemoQrOptions): { answer(args: string): Promise<void>; stop(): void } {
  const timers = new Set<NodeJS.Timeout>();
  const tail = options.accounts[0]?.accountNumber.slice(-4) ?? '';
  return {
    async answer(args) {
      const withAccount = /(?:^|\s)(?:acc|tk):/i.test(args) || args.trim() === '' ? args : `${args} acc:${tail}`;
      const qr = await options.bot.answer({
        command: 'qr',
        args: withAccount,
        chatId: 'console',
        allowed: true,
        platform: 'console',
        userName: 'demo',
      });
      if (qr.kind !== 'image') {
        options.print(`\n${toPlainText(wordsOf(qr))}\n`);
        return;
      }
      options.print(`\n${toPlainText(qr.caption)}\n\n${await qrTerminal(qr.payload)}`);
      await qr.placed('console');
      const account = options.accounts.find((a) => a.accountNumber === qr.request.accountNumber);
      if (account === undefined) return;
      const { code, amount } = qr.request;
      const timer = setTimeout(() => {
        timers.delete(timer);
        const rewritten = `${code.slice(0, 4).toLowerCase()} ${code.slice(4).toLowerCase()}`;
        options.book({ account, amount, content: `TRAN THI MAI chuyen tien ${rewritten} FT${Date.now() % 1e8}`, orderCode: null, sender: 'TRAN THI MAI' });
      }, options.payAfterMs);
      timers.add(timer);
    },
    stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
