import type { Config } from '../config/schema.js';
import type { Account, ProviderName } from '../core/model.js';
import type { AliasesOf } from '../core/payment-aliases.js';
import type { PollSource } from '../core/poll.js';
import type { ProviderError } from '../core/provider-errors.js';
import type { Result } from '../core/result.js';
import type { ProviderCheck, ProviderCheckOptions } from '../checks/check-provider.js';
import type { Logger } from '../log/logger.js';
import type { WebhookRoute } from '../core/webhook-route.js';

/** A provider's API side, running: what the scheduler polls and what /balance reads. */
export interface ProviderApi {
  source: PollSource;
  /** The accounts with their balances, as the provider reports them now. */
  listAccounts(): Promise<Result<Account[], ProviderError>>;
}

export interface ProviderDeps {
  logger: Logger;
  /** Days of existing transactions made searchable when an account is first seen. */
  historyDays: number;
}

/**
 * One bank-transaction provider, everything about it in its own folder. Each part reads its
 * own settings from the configuration and is null when they leave it off, so a provider can
 * poll, push, or both.
 */
export interface Provider {
  readonly name: ProviderName;
  /** How people see its name: `Casso`, `SePay`. */
  readonly label: string;
  /** When one payment can reach the bot under two ids, how to recognise it (see `src/core/payment-aliases.ts`). */
  readonly paymentAliases?: AliasesOf;
  /** What the configuration turns on, for the doctor (`SePay (API v2)`); null when off. */
  describe(config: Config): string | null;
  /** Polling and balances; null when its API credential is not set. */
  api(config: Config, deps: ProviderDeps): ProviderApi | null;
  /** Its push endpoint on WEBHOOK_PORT; null when its webhook credential is not set. */
  webhookRoute(config: Config): WebhookRoute | null;
  /** `npm run doctor`: is the credential accepted, which accounts does it see; null when off. */
  doctor(config: Config, options: ProviderCheckOptions): Promise<ProviderCheck> | null;
}
