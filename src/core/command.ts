import type { TextMessage } from './chat-sender.js';
import type { Locale } from './locale.js';
import type { PaymentRequest } from './payment-request.js';

/*
 * What chats and commands agree on: a chat turns what the platform received into a
 * CommandRequest and shows the CommandAnswer it gets back, and neither knows the other.
 */

/**
 * What only some chat platforms have. `start`: people open a conversation with the bot by
 * sending `/start` (Telegram), which the bot answers even in a chat not yet allowed. `buttons`:
 * a message can carry a button people press (the acknowledge button on alerts: Telegram, Slack).
 */
export type ChatCapability = 'start' | 'buttons';

/** A command as chats list it: `/help`, a command menu, which slash commands are routed. */
export interface CommandListing {
  /** The command word, without the slash: `find`. */
  readonly name: string;
  /** The capability a chat needs for this command to exist there; absent: every chat has it. */
  readonly needs?: ChatCapability;
  /** How `/help` and a command menu show it in each language: `/find <query>` and what it does. */
  readonly help: Readonly<Record<Locale, { readonly usage: string; readonly description: string }>>;
}

/** The commands a chat with these capabilities has, in the registry's order. */
export function commandsFor<C extends CommandListing>(commands: readonly C[], capabilities: readonly ChatCapability[]): C[] {
  return commands.filter((command) => command.needs === undefined || capabilities.includes(command.needs));
}

/** A command as a chat received it. */
export interface CommandRequest {
  /** The command word, without the slash; one the chat does not have is answered with the help. */
  command: string;
  /** Everything after the command word. */
  args: string;
  /** The chat or channel asking, as the platform names it. */
  chatId: string;
  /** Whether that chat is in the platform's allow list (TELEGRAM_CHAT_IDS, SLACK_CHANNEL_IDS…). */
  allowed: boolean;
  /** The asking chat's platform, as its sender names it (`telegram`, `slack`…): its destinations are found by it. */
  platform: string;
  /** What the asking chat has beyond every chat's commands; absent: nothing. */
  capabilities?: readonly ChatCapability[];
  /** Who asked, as the chat shows them (named when a rule change is echoed). */
  userName?: string | null;
  /** May the asker change this chat's rules? Asked only for a change; absent = nobody may. */
  mayChange?: () => Promise<boolean>;
}

/**
 * A file a command answers with, made as it is sent: `bytes()` starts a fresh stream each time
 * it is called (a retry, or a first pass that measures the length), so a large file never has
 * to be held whole.
 */
export interface FileAnswer {
  /** What the chat shows as the file's name; no path, no spaces. */
  name: string;
  mimeType: string;
  /** Shown with the file (Telegram caption, Slack comment). */
  caption: TextMessage;
  bytes(): AsyncIterable<Uint8Array>;
}

/** A new `/qr` request: its VietQR code, posted as an image with its caption. */
export interface QrImageAnswer {
  kind: 'image';
  request: PaymentRequest;
  /** The VietQR text the image encodes. */
  payload: string;
  caption: TextMessage;
  /** Called with the platform's reference of the posted message, so that later edits find it. */
  placed(messageRef: string): Promise<void>;
}

/**
 * A message that changes after it is posted (a `/check` waiting for its payment): the chat posts
 * it as a message of the bot's own that it can edit later, and tells where, so that the edits it
 * owes find it.
 */
export interface LiveAnswer {
  kind: 'live';
  doc: TextMessage;
  /** Called with the platform's reference of the posted message. */
  placed(messageRef: string): Promise<void>;
}

/**
 * What a command answers: a message, a file with a caption, a payment request's QR image, or a
 * message the bot edits later. Chats switch on `kind`, so a new kind of answer is a new member
 * here and a new case in each chat.
 */
export type CommandAnswer = { kind: 'text'; doc: TextMessage } | { kind: 'file'; file: FileAnswer } | QrImageAnswer | LiveAnswer;

/** What an answer says in words: its message, or the caption of its file or image. */
export const wordsOf = (answer: CommandAnswer): TextMessage =>
  answer.kind === 'text' || answer.kind === 'live' ? answer.doc : answer.kind === 'file' ? answer.file.caption : answer.caption;

/** The length of a file in bytes, counted by streaming it once without keeping it. */
export async function byteLength(file: FileAnswer): Promise<number> {
  let length = 0;
  for await (const chunk of file.bytes()) length += chunk.byteLength;
  return length;
}
