import type { CommandListing } from '../../core/command.js';
import type { Locale } from '../../core/locale.js';
import { BLANK, bold, code, text, type Doc, type Line } from '../../render/doc.js';
import { WORDING } from './wording.js';

/** What the bot does and the commands this chat has (`/start` only where it exists). */
export function helpDoc(commands: readonly CommandListing[], locale: Locale): Doc {
  const h = WORDING[locale];
  return [
    ...h.intro.map((line): Line => [text(line)]),
    ...commands.map((c): Line => [bold(c.help[locale].usage), text(` — ${c.help[locale].description}`)]),
  ];
}

/** Telegram `/start`: the help plus this chat's id, which the operator puts in TELEGRAM_CHAT_IDS. */
export function startDoc(chatId: string | number, commands: readonly CommandListing[], locale: Locale): Doc {
  const s = WORDING[locale];
  return [[text(`${s.chatId} `), code(String(chatId))], [text(s.hint)], BLANK, ...helpDoc(commands, locale)];
}
