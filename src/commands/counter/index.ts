import { randomBytes } from 'node:crypto';
import type { CounterLink } from '../../core/counter-link.js';
import type { CommandAnswer } from '../../core/command.js';
import { italic, text, type Doc } from '../../render/doc.js';
import { textAnswer, type AskingChat, type Command, type CommonDeps } from '../command.js';
import { WORDING } from './wording.js';

/** Where the chats' counter screen links are kept (the state). */
export interface CounterLinks {
  counterLink(dest: string): CounterLink | undefined;
  setCounterLink(dest: string, link: CounterLink | null): Promise<void>;
}

export interface CounterDeps extends CommonDeps {
  /** What /counter needs; without it (no WEB_PORT) /counter says the bot serves no pages. */
  counter?: {
    links: CounterLinks;
    /** WEB_PUBLIC_URL: where people reach WEB_PORT; links start with it. */
    publicUrl: string;
  };
}

/** A new secret: 24 random bytes, base64url (see CounterSecret). */
const newSecret = () => randomBytes(24).toString('base64url');

const lines = (...texts: readonly string[]): Doc => texts.map((t) => [text(t)]);

/**
 * `/counter`: this chat's counter screen link, made on first ask and the same after (each
 * phone at the till opens the same one); `/counter off` revokes it, and open pages say so. Any
 * member of an allowed chat may do either: they see the chat's alerts already, and a screen
 * that must go dark (a tablet lost) should not wait for an administrator.
 */
async function answerCounter(args: string, chat: AskingChat, deps: CounterDeps): Promise<CommandAnswer> {
  const w = WORDING[chat.render.locale];
  const word = args.trim().toLowerCase();
  if (word !== '' && word !== 'off') return textAnswer(lines(w.usage));
  if (deps.counter === undefined) return textAnswer(lines(w.noWeb));
  if (chat.dest === null) return textAnswer(lines(w.notTarget));
  const { links, publicUrl } = deps.counter;
  const dest = chat.dest;
  const held = links.counterLink(dest);
  try {
    if (word === 'off') {
      if (held === undefined) return textAnswer(lines(w.noLink));
      await links.setCounterLink(dest, null);
      deps.logger.info('counter.link_revoked', { dest });
      return textAnswer(lines(w.revoked));
    }
    let link = held;
    if (link === undefined) {
      link = { secret: newSecret(), createdAt: new Date((deps.now ?? Date.now)()).toISOString() };
      await links.setCounterLink(dest, link);
      deps.logger.info('counter.link_made', { dest });
    }
    return textAnswer([[text(w.link)], [text(`${publicUrl}/counter/${link.secret}`)], ...lines(...w.how), [italic(w.warning)]]);
  } catch (error) {
    deps.logger.error('counter.save_failed', { dest, error: String(error) });
    return textAnswer(lines(w.saveFailed));
  }
}

/** `/counter [off]`: the private link to this chat's counter screen (see src/counter). */
export const counter: Command<CounterDeps> = {
  name: 'counter',
  help: {
    vi: { usage: '/counter [off]', description: 'liên kết màn hình quầy: tiền vào hiện to và đọc thành tiếng, mã /qr cho khách quét; off để thu hồi' },
    en: { usage: '/counter [off]', description: 'the counter screen link: payments shown big and read aloud, /qr codes for the customer; off revokes it' },
  },
  manifest: { description: 'A link to the counter screen: payments shown big and read aloud', usageHint: 'off' },
  answer: (request, chat, deps) => answerCounter(request.args, chat, deps),
};
