import type { PressAnswer, PressRequest } from '../commands/acknowledge.js';
import type { CommandRequest } from '../commands/answer-command.js';
import type { Config } from '../config/schema.js';
import type { ChatSender } from '../core/chat-sender.js';
import type { CheckRow } from '../checks/check-row.js';
import type { Logger } from '../log/logger.js';
import type { CommandAnswer } from '../commands/command-answer.js';
import type { RenderContext } from '../render/messages.js';

export interface ChatDeps {
  logger: Logger;
  render: RenderContext;
  /** The chat-agnostic command answerer. */
  answer: (request: CommandRequest) => Promise<CommandAnswer>;
  /** The chat-agnostic half of a press on an alert's acknowledge button. */
  acknowledge: (request: PressRequest) => Promise<PressAnswer>;
  /** Whether a chat or channel id may see data, given the ids this chat platform is configured with. */
  allowedAmong: (targets: readonly string[]) => (chatId: string) => boolean;
  /** Whether this bot leads now: polling a platform is the leader's alone (see `pollsPlatform`). */
  leading: () => boolean;
}

/** A chat platform, connected: where alerts go and a command listener to start and stop. */
export interface ConnectedChat {
  sender: ChatSender;
  /** Chat or channel ids alerts go to, as configured. */
  targets: readonly string[];
  /**
   * Starts receiving commands. Never rejects: a platform that cannot be reached is retried in
   * the background, a wrong token is logged with its fix (alerts wait in the outbox). `port`
   * is the HTTP listener's, when there is one.
   */
  start(): Promise<{ port: number | null }>;
  /** Stops receiving and lets answers in progress finish (bounded); always resolves. */
  stop(): Promise<void>;
  /** True when it receives by polling the platform, which one bot at a time may do: the leader's job. */
  readonly pollsPlatform?: boolean;
  /** Whether commands are coming in by polling, for /healthz; null while it does not poll. */
  receiving?(): ReceivingStatus | null;
}

/** How a platform's command polling stands. */
export interface ReceivingStatus {
  receiving: boolean;
  /** Why not, when it is not: another program polling with the token, a rejected token, not reached yet. */
  problem: string | null;
  /** Since when (epoch ms) it has been so. */
  since: number;
}

/**
 * One chat platform, everything about it in its own folder. Its library is loaded only when
 * the configuration turns it on: grammY and Bolt cost tens of megabytes each.
 */
export interface Chat {
  readonly name: string;
  /** What the configuration turns on, for the doctor (`Telegram (2 chats)`); null when off. */
  describe(config: Config): string | null;
  /** Null when the configuration leaves this platform off. */
  connect(config: Config, deps: ChatDeps): Promise<ConnectedChat | null>;
  /** `npm run doctor`: token, and whether the bot can post in each configured chat; null when off. */
  doctor(config: Config, options: { timeoutMs: number }): Promise<CheckRow[] | null>;
}
