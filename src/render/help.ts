import { BLANK, bold, code, text, type Doc, type Line } from './doc.js';
import { messagesFor, type Locale } from './messages.js';

/** What the bot does and its commands; `/start` is listed only where it exists (Telegram). */
export function helpDoc(locale: Locale, options: { withStart: boolean }): Doc {
  const h = messagesFor(locale).help;
  return [
    ...h.intro.map((line): Line => [text(line)]),
    ...h.commands
      .filter((c) => options.withStart || !c.telegramOnly)
      .map((c): Line => [bold(c.command), text(` — ${c.description}`)]),
  ];
}

/** Telegram `/start`: the help plus this chat's id, which the operator puts in TELEGRAM_CHAT_IDS. */
export function startDoc(chatId: string | number, locale: Locale): Doc {
  const s = messagesFor(locale).start;
  return [[text(`${s.chatId} `), code(String(chatId))], [text(s.hint)], BLANK, ...helpDoc(locale, { withStart: true })];
}

/** The one-line answer to a chat that is not in the allow list: no account data, no help. */
export function refusalDoc(locale: Locale): Doc {
  return [[text(messagesFor(locale).refusal)]];
}
