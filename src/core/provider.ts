import type { CheckRow } from './check-row.js';
import { settingsOf, type ConfigPart, type PluginSettings } from './config-part.js';
import type { Logger } from './logger.js';
import type { Account, ProviderName } from './model.js';
import type { AliasesOf } from './payment-aliases.js';
import type { PollSource } from './poll.js';
import type { ProviderError } from './provider-errors.js';
import type { Result } from './result.js';
import type { RetryPolicy } from './retry-policy.js';
import type { WebhookRoute } from './webhook-route.js';

/** A provider's API side, running: what the scheduler polls and what /balance reads. */
export interface ProviderApi {
  source: PollSource;
  /** The accounts with their balances, as the provider reports them now. */
  listAccounts(): Promise<Result<Account[], ProviderError>>;
}

/** What a provider's API side gets besides its own settings. */
export interface ProviderDeps {
  logger: Logger;
  /** Days of existing transactions made searchable when an account is first seen. */
  historyDays: number;
  /** The accounts to alert (WATCH_ACCOUNTS); null watches every account. */
  watch: readonly string[] | null;
}

/** Which accounts a provider's credential sees; null when that could not be found out. */
export interface ProviderSight {
  provider: ProviderName;
  accounts: Account[] | null;
}

/** `npm run doctor`'s word on one provider: its row, and which accounts it sees (for WATCH_ACCOUNTS). */
export interface ProviderCheck {
  row: CheckRow;
  sight: ProviderSight;
}

export interface ProviderCheckOptions {
  /** The whole check's deadline. */
  timeoutMs: number;
  retry: RetryPolicy;
}

/**
 * One bank-transaction provider as its folder writes it, in terms of its own settings (what
 * its `config` part reads). Each side is null when the settings leave it off, so a provider
 * can poll, push, or both.
 */
export interface ProviderDefinition<Settings> {
  readonly name: ProviderName;
  /** How people see its name: `Casso`, `SePay`. */
  readonly label: string;
  /** When one payment can reach the bot under two ids, how to recognise it (see `src/core/payment-aliases.ts`). */
  readonly paymentAliases?: AliasesOf;
  /** Its variables (its folder's `config.ts`). */
  readonly config: ConfigPart<Settings>;
  /** What the settings turn on, for the doctor (`SePay (API v2)`); null when off. */
  describe(settings: Settings): string | null;
  /** Polling and balances; null when its API credential is not set. */
  api(settings: Settings, deps: ProviderDeps): ProviderApi | null;
  /** Its push endpoint on WEBHOOK_PORT; null when its webhook credential is not set. */
  webhookRoute(settings: Settings): WebhookRoute | null;
  /** `npm run doctor`: is the credential accepted, which accounts does it see; null when off. */
  doctor(settings: Settings, options: ProviderCheckOptions): Promise<ProviderCheck> | null;
}

/**
 * A provider as the registry holds it: the same, each part finding the provider's own settings
 * among every plug-in's. Programs never see a provider's settings; the provider never sees
 * another's.
 */
export interface Provider {
  readonly name: ProviderName;
  readonly label: string;
  readonly paymentAliases?: AliasesOf;
  readonly config: ConfigPart;
  describe(plugins: PluginSettings): string | null;
  api(plugins: PluginSettings, deps: ProviderDeps): ProviderApi | null;
  webhookRoute(plugins: PluginSettings): WebhookRoute | null;
  doctor(plugins: PluginSettings, options: ProviderCheckOptions): Promise<ProviderCheck> | null;
}

/** A provider folder's `index.ts` exports `defineProvider({...})`. */
export function defineProvider<Settings>(definition: ProviderDefinition<Settings>): Provider {
  const own = (plugins: PluginSettings) => settingsOf(plugins, definition.config);
  return {
    name: definition.name,
    label: definition.label,
    paymentAliases: definition.paymentAliases,
    config: definition.config,
    describe: (plugins) => definition.describe(own(plugins)),
    api: (plugins, deps) => definition.api(own(plugins), deps),
    webhookRoute: (plugins) => definition.webhookRoute(own(plugins)),
    doctor: (plugins, options) => definition.doctor(own(plugins), options),
  };
}
