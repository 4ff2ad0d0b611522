import type { RespondFn, SlashCommand } from '@slack/bolt';
import {
  commandsFor,
  type CommandAnswer,
  type CommandListing,
  type CommandRequest,
  type FileAnswer,
  type LiveAnswer,
  type QrImageAnswer,
} from '../../core/command.js';
import type { Locale } from '../../core/locale.js';
import type { Logger } from '../../log/logger.js';
import { text, type Doc } from '../../render/doc.js';
import { messagesFor } from '../../render/messages.js';
import { toSlackMessages, toSlackMrkdwn } from './slack-mrkdwn.js';
import { BLOCK_LIMITS } from './slack-blocks.js';
import { describeSlackError } from './slack-errors.js';
import type { FileTarget } from './slack-file-upload.js';
import { CAPABILITIES } from './capabilities.js';

/** Slack accepts at most five messages per `response_url`. */
export const MAX_RESPONSES = 5;

// Wording only the Slack adapter needs; kept here rather than in the shared catalogue.
const WORDING: Readonly<Record<Locale, { cut: string }>> = {
  vi: { cut: 'Câu trả lời quá dài nên đã bị cắt bớt; hãy thu hẹp truy vấn.' },
  en: { cut: 'The answer was too long and has been cut; narrow the query.' },
};

/** The commands Slack has, in the registry's order: those every chat has (its manifest lists them). */
export function slackCommands(commands: readonly CommandListing[]): CommandListing[] {
  return commandsFor(commands, CAPABILITIES);
}

export interface SlashCommandDeps {
  /** The commands to answer (slackCommands). */
  commands: readonly CommandListing[];
  isAllowed: (channelId: string) => boolean;
  /** Who may change chat rules; null = anyone in an allowed channel. */
  adminUserIds: readonly string[] | null;
  answer: (request: CommandRequest) => Promise<CommandAnswer>;
  /** Shares a file in a channel (the bot's own upload; a response_url carries no files). */
  uploadFile: (file: FileAnswer, target: FileTarget) => Promise<string>;
  /** Posts a `/qr` request's image and message into the channel (the bot's own, so that it can be updated). */
  postQr: (answer: QrImageAnswer) => Promise<void>;
  /** Posts an answer the bot edits later into the channel (the bot's own message, so that it can be updated). */
  postLive: (answer: LiveAnswer) => Promise<void>;
  locale: Locale;
  logger: Logger;
}

/**
 * `/find` → `find`, among Slack's commands (the manifest lists them); a command the operator
 * added or renamed gets the help, which lists what works.
 */
export function commandName(slashCommand: string, commands: readonly CommandListing[]): string {
  const name = slashCommand.replace(/^\//, '').toLowerCase();
  return commands.find((c) => c.name === name)?.name ?? 'help';
}

/** The answer as Slack messages: each within a section block's size, at most {@link MAX_RESPONSES}. */
export function responseTexts(doc: Doc, locale: Locale): string[] {
  const parts = toSlackMessages(doc, BLOCK_LIMITS.sectionChars);
  if (parts.length <= MAX_RESPONSES) return parts;
  return [...parts.slice(0, MAX_RESPONSES - 1), toSlackMrkdwn([[text(WORDING[locale].cut)]])];
}

/**
 * Answers one slash command after it was acknowledged: allowed channels get the answer in the
 * channel, others a refusal only the asker sees. Never throws: a failure is logged and the user
 * gets a short apology.
 */
export async function answerSlashCommand(command: SlashCommand, respond: RespondFn, deps: SlashCommandDeps): Promise<void> {
  const name = commandName(command.command, deps.commands);
  const allowed = deps.isAllowed(command.channel_id);
  const log = deps.logger.child({ command: name, channel: command.channel_id });
  try {
    const request: CommandRequest = {
      command: name,
      args: command.text ?? '',
      chatId: command.channel_id,
      allowed,
      platform: 'slack',
      capabilities: CAPABILITIES,
      userName: command.user_name,
      mayChange: async () => deps.adminUserIds === null || deps.adminUserIds.includes(command.user_id),
    };
    const answer = await deps.answer(request);
    if (answer.kind === 'image') {
      // Posted into the channel by the bot itself: a response_url message has no ts to update later.
      await deps.postQr(answer);
      log.info('slack.command', { allowed, request: answer.request.code });
      return;
    }
    if (answer.kind === 'live') {
      await deps.postLive(answer);
      log.info('slack.command', { allowed, live: true });
      return;
    }
    if (answer.kind === 'file') {
      const comment = toSlackMrkdwn(answer.file.caption);
      const fileId = await deps.uploadFile(answer.file, { channel: command.channel_id, comment });
      log.info('slack.command', { allowed, file: answer.file.name, file_id: fileId });
      return;
    }
    const responseType = allowed ? 'in_channel' : 'ephemeral';
    for (const part of responseTexts(answer.doc, deps.locale)) {
      // A response_url message's text is linkified like an incoming webhook's (it takes no
      // `parse: 'none'`); the same text in a verbatim section is shown as it is.
      await respond({ response_type: responseType, text: part, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: part, verbatim: true } }] });
    }
    log.info('slack.command', { allowed });
  } catch (error) {
    log.error('slack.command_failed', { error: describeSlackError(error) });
    try {
      await respond({ response_type: 'ephemeral', text: toSlackMrkdwn([[text(messagesFor(deps.locale).commandFailed)]]) });
    } catch (again) {
      log.warn('slack.command_apology_failed', { error: describeSlackError(again) });
    }
  }
}
