import { InputFile, type Context } from 'grammy';
import { z } from 'zod';
import type { CommandAnswer, FileAnswer, LiveAnswer, QrImageAnswer } from '../../core/command.js';
import { toPlainText } from '../../render/plain-text.js';
import { toTelegramMessages } from './telegram-html.js';
import { truncateText } from '../../render/truncate.js';
import { HTML_MESSAGE } from './message-options.js';

/** Telegram's limit on a document's caption, in characters after entity parsing. */
const MAX_CAPTION = 1024;

/** What sendDocument must answer for the file to count as delivered. */
const SentDocument = z.object({ message_id: z.number().int(), document: z.object({ file_id: z.string().min(1) }) });

type ReplyOptions = { reply_parameters?: { message_id: number; allow_sending_without_reply: boolean } };

/**
 * Sends a command's answer where the command was asked (grammY's replies go to the asking
 * topic): a text as one or more HTML messages, the first quoting the question; a file as a
 * document with a plain-text caption (a /qr image goes by telegram-qr.ts, an answer edited later by telegram-live.ts). Returns what was sent, for the log.
 */
export async function replyWithAnswer(ctx: Context, answer: Exclude<CommandAnswer, QrImageAnswer | LiveAnswer>, quoting: ReplyOptions): Promise<Record<string, number | string>> {
  if (answer.kind === 'file') return { file: await replyWithFile(ctx, answer.file, quoting) };
  const parts = toTelegramMessages(answer.doc);
  for (const [index, html] of parts.entries()) await ctx.reply(html, { ...HTML_MESSAGE, ...(index === 0 ? quoting : {}) });
  return { messages: parts.length };
}

/**
 * The file is streamed into the upload as it is made; grammY asks for a fresh stream on each
 * attempt. An answer that is not a document is an error like any refused call.
 */
async function replyWithFile(ctx: Context, file: FileAnswer, quoting: ReplyOptions): Promise<string> {
  const document = new InputFile(() => file.bytes(), file.name);
  const sent = await ctx.replyWithDocument(document, { caption: truncateText(toPlainText(file.caption), MAX_CAPTION), ...quoting });
  const parsed = SentDocument.safeParse(sent);
  if (!parsed.success) throw new Error(`sendDocument answered without a document: ${parsed.error.issues[0]?.message ?? 'unexpected shape'}`);
  return file.name;
}
