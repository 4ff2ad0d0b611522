import type { Result } from '../../core/result.js';
import type { ProviderError } from '../../core/provider-errors.js';
import type { Account, ProviderName } from '../../core/model.js';
import type { Logger } from '../../log/logger.js';

/** One row of a /balance answer: an account as read, or a provider that could not be read, and how it failed. */
export type BalanceEntry = { account: Account } | { provider: ProviderName; failure: ProviderError['code'] };

export interface BalanceAnswer {
  entries: readonly BalanceEntry[];
  /** When the answer was put together (ISO instant); accounts read at another minute say so. */
  readAt: string;
}

/** A provider as /balance sees it. */
export interface BalanceSource {
  provider: ProviderName;
  listAccounts(): Promise<Result<Account[], ProviderError>>;
}

export interface BalanceReaderOptions {
  sources: readonly BalanceSource[];
  /** WATCH_ACCOUNTS: others are not shown. */
  watch: readonly string[] | null;
  /** Where a failed read is told in full; the chat gets only its kind. */
  logger: Logger;
  /** A flurry of /balance requests reuses one read for this long (rate limits). */
  cacheMs?: number;
  /** A failed read is retried no sooner than this. */
  errorCacheMs?: number;
  now?: () => number;
}

export interface BalanceReader {
  /** The providers it reads, in configuration order. */
  readonly providers: readonly ProviderName[];
  read(): Promise<BalanceAnswer>;
}

interface Cached {
  at: number;
  entries: Promise<BalanceEntry[]>;
  failed: boolean;
}

/**
 * Reads every provider's accounts at once, each on its own: a provider that is down says
 * why in its line while the others still answer. Concurrent and recent requests share a read.
 */
export function createBalanceReader(options: BalanceReaderOptions): BalanceReader {
  const cacheMs = options.cacheMs ?? 30_000;
  const errorCacheMs = options.errorCacheMs ?? 5_000;
  const now = options.now ?? Date.now;
  const watched = options.watch === null ? null : new Set(options.watch);
  const cache = new Map<ProviderName, Cached>();

  function readProvider(source: BalanceSource): Promise<BalanceEntry[]> {
    const hit = cache.get(source.provider);
    if (hit && now() - hit.at < (hit.failed ? errorCacheMs : cacheMs)) return hit.entries;
    const entry: Cached = { at: now(), failed: false, entries: Promise.resolve([]) };
    entry.entries = source.listAccounts().then((result): BalanceEntry[] => {
      if (!result.ok) {
        entry.failed = true;
        // The chat sees a fixed wording for the kind of failure; the details (hosts, the provider's
        // own words) are for the operator.
        options.logger.warn('balance.failed', result.error.toLogFields());
        return [{ provider: source.provider, failure: result.error.code }];
      }
      return result.value
        .filter((account) => watched === null || watched.has(account.accountNumber))
        .map((account) => ({ account }));
    });
    cache.set(source.provider, entry);
    return entry.entries;
  }

  return {
    providers: options.sources.map((source) => source.provider),
    async read() {
      const parts = await Promise.all(options.sources.map(readProvider));
      return { entries: parts.flat(), readAt: new Date(now()).toISOString() };
    },
  };
}
