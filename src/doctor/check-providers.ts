import type { Config } from '../config/schema.js';
import type { RetryPolicy } from '../http/backoff.js';
import type { Result } from '../core/result.js';
import { silentLogger } from '../log/logger.js';
import { createCassoClient } from '../providers/casso/client.js';
import type { ProviderError } from '../core/provider-errors.js';
import type { Account, ProviderName } from '../core/model.js';
import { createSepayClient } from '../providers/sepay/client.js';
import { createSepayV2Client } from '../providers/sepay/v2-client.js';
import { PROVIDER_NAMES } from '../render/messages.js';
import { failRow, okRow, warnRow, type CheckRow } from './check-row.js';
import { withDeadline } from './deadline.js';

/** Which accounts a provider's credential sees; null when that could not be found out. */
export interface ProviderSight {
  provider: ProviderName;
  accounts: Account[] | null;
}

export interface ProviderCheck {
  row: CheckRow;
  sight: ProviderSight;
}

export interface ProviderCheckOptions {
  /** The whole check's deadline. */
  timeoutMs: number;
  retry: RetryPolicy;
}

/** The variables behind each provider, and where its credential comes from. */
const SETTINGS: Record<ProviderName, { variable: string; base: string; site: string; page: string }> = {
  casso: { variable: 'CASSO_API_KEY', base: 'CASSO_API_BASE', site: 'my.casso.vn', page: 'my.casso.vn → API key' },
  sepay: { variable: 'SEPAY_API_TOKEN', base: 'SEPAY_API_BASE', site: 'my.sepay.vn', page: 'my.sepay.vn → API Access' },
};

/** `GET /v2/accounts` with the configured key: accepted, and which accounts it sees. */
export function checkCasso(casso: NonNullable<Config['casso']>, options: ProviderCheckOptions): Promise<ProviderCheck> {
  const list = () =>
    createCassoClient({
      apiKey: casso.apiKey,
      baseUrl: casso.apiBase,
      logger: silentLogger,
      timeoutMs: attemptTimeout(options),
      retry: options.retry,
    }).listAccounts();
  return checkProvider('casso', casso.apiBase, options, list);
}

/** The bank account list of the configured API generation (v1 `/userapi/…`, v2 `/v2/…`) with the token. */
export function checkSepay(sepay: NonNullable<Config['sepay']>, options: ProviderCheckOptions): Promise<ProviderCheck> {
  const clientOptions = {
    apiToken: sepay.apiToken,
    baseUrl: sepay.apiBase,
    logger: silentLogger,
    timeoutMs: attemptTimeout(options),
    retry: options.retry,
  };
  // Inside the check: a client throws at creation on a bad URL, and a check never throws.
  const list = () => (sepay.apiVersion === 'v2' ? createSepayV2Client(clientOptions) : createSepayClient(clientOptions)).listBankAccounts();
  return checkProvider('sepay', sepay.apiBase, options, list);
}

/** Each attempt gets a share of the deadline, so a retry still fits in it. */
function attemptTimeout(options: ProviderCheckOptions): number {
  return Math.max(1, Math.floor(options.timeoutMs / (options.retry.attempts + 1)));
}

async function checkProvider(
  provider: ProviderName,
  base: string,
  options: ProviderCheckOptions,
  list: () => Promise<Result<Account[], ProviderError>>,
): Promise<ProviderCheck> {
  const unknown = { provider, accounts: null };
  const result = await withDeadline(options.timeoutMs, list);
  if (!result.ok) return { row: failRow(provider, `${result.error} (${base}): check ${SETTINGS[provider].base} and the network`), sight: unknown };
  if (!result.value.ok) return { row: failRow(provider, describeProviderError(result.value.error, base)), sight: unknown };
  const accounts = result.value.value;
  const row =
    accounts.length === 0
      ? warnRow(provider, `${SETTINGS[provider].variable} accepted, but it sees no bank account: link one at ${SETTINGS[provider].site}`)
      : okRow(provider, `${SETTINGS[provider].variable} accepted; sees ${accountList(accounts)}`);
  return { row, sight: { provider, accounts } };
}

function accountList(accounts: readonly Account[]): string {
  const names = accounts.map((a) => `${a.bank} ${a.accountNumber}`).join(', ');
  return `${accounts.length} ${accounts.length === 1 ? 'account' : 'accounts'}: ${names}`;
}

/** What went wrong and what to do, worded for the operator. Never contains the credential. */
export function describeProviderError(error: ProviderError, base: string): string {
  const label = PROVIDER_NAMES[error.provider];
  const where = SETTINGS[error.provider];
  const status = error.status === null ? '' : ` (HTTP ${error.status})`;
  switch (error.code) {
    case 'auth':
      return `${label} rejected ${where.variable}${status}: copy it again from ${where.page}, alone, without a prefix or quotes`;
    case 'server':
      return `${label} answered with a server error${status} at ${error.endpoint}: it may be down; try again later, and check ${where.base} (${base})`;
    case 'network':
      return `cannot reach ${base}: ${error.message.replace(`${error.provider} unreachable: `, '')}; check ${where.base} and the network`;
    case 'bad_response':
      return `${base} did not answer like the ${label} API${status}: check ${where.base}`;
    case 'rate_limited':
      return `${label} rate-limited the check${status}: another program may be using the same credential; try again in a minute`;
    case 'api':
      return `${label} refused the request${status}: ${error.message}`;
  }
}
