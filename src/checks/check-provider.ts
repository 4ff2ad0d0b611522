import type { Result } from '../core/result.js';
import type { ProviderError } from '../core/provider-errors.js';
import type { Account, ProviderName } from '../core/model.js';
import type { ProviderCheck, ProviderCheckOptions } from '../core/provider.js';
import { failRow, okRow, warnRow } from './check-row.js';
import { withDeadline } from './deadline.js';

/** Where a provider's credential is set and comes from, for the operator. */
export interface CredentialHints {
  label: string;
  /** The variable holding the credential, e.g. `CASSO_API_KEY`. */
  variable: string;
  /** The variable holding the API root, e.g. `CASSO_API_BASE`. */
  baseVariable: string;
  /** Where the operator links bank accounts, e.g. `my.casso.vn`. */
  site: string;
  /** Where the credential is found, e.g. `my.casso.vn → API key`. */
  page: string;
}

/** Each attempt gets a share of the deadline, so a retry still fits in it. */
export function attemptTimeout(options: ProviderCheckOptions): number {
  return Math.max(1, Math.floor(options.timeoutMs / (options.retry.attempts + 1)));
}

/** The credential is accepted and which accounts it sees, found out by listing them. */
export async function checkProvider(
  provider: ProviderName,
  hints: CredentialHints,
  base: string,
  options: ProviderCheckOptions,
  list: () => Promise<Result<Account[], ProviderError>>,
): Promise<ProviderCheck> {
  const unknown = { provider, accounts: null };
  const result = await withDeadline(options.timeoutMs, list);
  if (!result.ok) return { row: failRow(provider, `${result.error} (${base}): check ${hints.baseVariable} and the network`), sight: unknown };
  if (!result.value.ok) return { row: failRow(provider, describeProviderError(result.value.error, hints, base)), sight: unknown };
  const accounts = result.value.value;
  const row =
    accounts.length === 0
      ? warnRow(provider, `${hints.variable} accepted, but it sees no bank account: link one at ${hints.site}`)
      : okRow(provider, `${hints.variable} accepted; sees ${accountList(accounts)}`);
  return { row, sight: { provider, accounts } };
}

function accountList(accounts: readonly Account[]): string {
  const names = accounts.map((a) => `${a.bank} ${a.accountNumber}`).join(', ');
  return `${accounts.length} ${accounts.length === 1 ? 'account' : 'accounts'}: ${names}`;
}

/** What went wrong and what to do, worded for the operator. Never contains the credential. */
function describeProviderError(error: ProviderError, hints: CredentialHints, base: string): string {
  const { label } = hints;
  const where = { variable: hints.variable, base: hints.baseVariable, page: hints.page };
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
