import type { ChatSender } from './chat-sender.js';
import type { CheckRow } from './check-row.js';
import type { WebRoute } from './web-route.js';
import { settingsOf, type ConfigPart, type PluginSettings } from './config-part.js';
import type { ChatCapability } from './command.js';

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
  /** What it serves on WEB_PORT (Zalo fetches a /qr image from the bot); any bot serves it. */
  readonly webRoutes?: readonly WebRoute[];
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
 * One chat platform as its folder writes it, in terms of its own settings (what its `config`
 * part reads) and of what the bot hands every chat (`Deps`: src/chats/chat-deps.ts). Its
 * library is loaded only when the settings turn it on: grammY and Bolt cost tens of megabytes each.
 */
export interface ChatDefinition<Settings, Deps> {
  readonly name: string;
  /** What its chats have beyond every chat's commands (buttons, `/start`): the doctor shows a chat's rules as it does. */
  readonly capabilities: readonly ChatCapability[];
  /** Its variables (its folder's `config.ts`); `turnsOn` names the one that turns it on. */
  readonly config: ConfigPart<Settings>;
  /** What the settings turn on, for the doctor (`Telegram (2 chats)`); null when off. */
  describe(settings: Settings): string | null;
  /** Null when the settings leave this platform off. */
  connect(settings: Settings, deps: Deps): Promise<ConnectedChat | null>;
  /** `npm run doctor`: token, and whether the bot can post in each configured chat; null when off. */
  doctor(settings: Settings, options: { timeoutMs: number }): Promise<CheckRow[] | null>;
}

/**
 * A chat platform as the registry holds it: the same, each part finding the chat's own
 * settings among every plug-in's.
 */
export interface Chat<Deps> {
  readonly name: string;
  readonly capabilities: readonly ChatCapability[];
  readonly config: ConfigPart;
  describe(plugins: PluginSettings): string | null;
  connect(plugins: PluginSettings, deps: Deps): Promise<ConnectedChat | null>;
  doctor(plugins: PluginSettings, options: { timeoutMs: number }): Promise<CheckRow[] | null>;
}

/** A chat folder's `index.ts` exports `defineChat({...})`. */
export function defineChat<Settings, Deps>(definition: ChatDefinition<Settings, Deps>): Chat<Deps> {
  const own = (plugins: PluginSettings) => settingsOf(plugins, definition.config);
  return {
    name: definition.name,
    capabilities: definition.capabilities,
    config: definition.config,
    describe: (plugins) => definition.describe(own(plugins)),
    connect: (plugins, deps) => definition.connect(own(plugins), deps),
    doctor: (plugins, options) => definition.doctor(own(plugins), options),
  };
}
