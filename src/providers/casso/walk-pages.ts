import type { Logger } from '../../log/logger.js';
import { err, ok, type Result } from '../../core/result.js';
import { ProviderBadResponseError, type ProviderError } from '../../core/provider-errors.js';

/** What a page says about itself; any counter may be missing. */
export interface PageCounters {
  page: number | null;
  nextPage: number | null;
  totalPages: number | null;
}

export interface Page<R> extends PageCounters {
  records: R[];
  totalRecords: number | null;
}

export interface WalkPagesOptions<R> {
  /** Route label for errors and logs, e.g. `GET /v2/accounts/:id/transactions`. */
  endpoint: string;
  fetchPage: (page: number) => Promise<Result<Page<R>, ProviderError>>;
  idOf: (record: R) => string;
  /** Safety cap against a server that keeps announcing a next page. */
  maxPages: number;
  logger: Logger;
  /** Looks at the first page; true ends the walk there (nothing further can be new). */
  enoughAfterFirst?: (page: Page<R>) => boolean;
}

/**
 * Fetches page after page, as the server's own counters direct, until there is no next
 * page or a page comes back empty. Records seen on an earlier page are dropped: new
 * transactions arriving mid-walk shift the rest down a page. A server that does not
 * advance, or announces pages forever, is an error rather than a silently short list.
 */
export async function walkPages<R>(options: WalkPagesOptions<R>): Promise<Result<R[], ProviderError>> {
  const { endpoint, fetchPage, idOf, maxPages, logger } = options;
  const byId = new Map<string, R>();
  let requested = 1;
  for (let fetched = 0; fetched < maxPages; fetched++) {
    const result = await fetchPage(requested);
    if (!result.ok) return result;
    const page = result.value;
    let duplicates = 0;
    for (const record of page.records) {
      const id = idOf(record);
      if (byId.has(id)) duplicates++;
      else byId.set(id, record);
    }
    logger.debug('casso.page', { endpoint, page: requested, records: page.records.length, duplicates });
    if (page.records.length === 0) return ok([...byId.values()]);
    if (fetched === 0 && options.enoughAfterFirst?.(page)) return ok([...byId.values()]);
    const next = nextPage(requested, page);
    if (next === null) return ok([...byId.values()]);
    if (next <= requested) {
      return err(badPaging(endpoint, `asked for page ${requested}, the server says the next page is ${next}`));
    }
    requested = next;
  }
  return err(badPaging(endpoint, `still more pages after ${maxPages}; stopped in case the server loops`));
}

/**
 * The page to ask for after `requested`, or null when this was the last. `nextPage` wins
 * when it is a page number; `nextPage` null or 0 still yields to `totalPages` when that
 * says more pages exist, since reading one page too many only costs an empty page.
 */
export function nextPage(requested: number, counters: PageCounters): number | null {
  const current = counters.page ?? requested;
  if (counters.totalPages !== null && current >= counters.totalPages) return null;
  if (counters.nextPage !== null && counters.nextPage > 0) return counters.nextPage;
  if (counters.totalPages !== null) return current + 1;
  return null;
}

function badPaging(endpoint: string, detail: string): ProviderError {
  return new ProviderBadResponseError('casso', endpoint, 200, `pagination: ${detail}`);
}
