import { providerLabel } from '../providers/index.js';
import type { ProviderSight } from '../core/provider.js';
import { failRow, okRow, warnRow, type CheckRow } from '../checks/check-row.js';

/**
 * One row per WATCH_ACCOUNTS entry: which provider sees it. An entry no provider sees would
 * never alert; that is only certain when every provider could be asked.
 */
export function checkWatchedAccounts(watch: readonly string[] | null, sights: readonly ProviderSight[]): CheckRow[] {
  if (watch === null) return [];
  const unknown = sights.filter((s) => s.accounts === null).map((s) => providerLabel(s.provider));
  return watch.map((number) => {
    const check = `watch ${number}`;
    const seenBy = sights.flatMap((s) =>
      (s.accounts ?? []).filter((a) => a.accountNumber === number).map((a) => `${providerLabel(s.provider)} (${a.bank})`),
    );
    if (seenBy.length > 0) return okRow(check, `seen by ${seenBy.join(', ')}`);
    if (unknown.length > 0) return warnRow(check, `not seen so far; ${unknown.join(' and ')} could not be asked (see above)`);
    return failRow(
      check,
      'no provider sees this account, so it would never alert: check the number in WATCH_ACCOUNTS (as the bank shows it, no spaces or dots) or link the account in Casso/SePay',
    );
  });
}
