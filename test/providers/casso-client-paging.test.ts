import { afterEach, describe, expect, it } from 'vitest';
import { ProviderBadResponseError } from '../../src/core/provider-errors.js';
import { nextPage } from '../../src/providers/casso/walk-pages.js';
import { startFakeCasso, type FakeCasso } from '../../fakes/casso/server.js';
import { startFakeServer, type FakeServer } from '../../fakes/http.js';
import { expectErr, expectOk } from '../helpers/provider-results.js';
import { ACCOUNT, clientFor, now, pageBody, transactionRecord } from './casso-client.helpers.js';

let server: FakeServer | FakeCasso | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const APRIL = { fromDate: '2025-04-01', toDate: '2025-04-30' };

async function emptyCasso(): Promise<FakeCasso> {
  const casso = await startFakeCasso({ now });
  server = casso;
  return casso;
}

describe('nextPage', () => {
  it.each([
    ['follows nextPage', { page: 1, nextPage: 2, totalPages: 5 }, 1, 2],
    ['stops on the last page', { page: 5, nextPage: null, totalPages: 5 }, 5, null],
    ['stops on the last page even if nextPage points past it', { page: 5, nextPage: 6, totalPages: 5 }, 5, null],
    ['trusts totalPages when nextPage is 0', { page: 2, nextPage: 0, totalPages: 4 }, 2, 3],
    ['stops when nothing says there is more', { page: 1, nextPage: null, totalPages: null }, 1, null],
    ['follows nextPage without totalPages', { page: 3, nextPage: 4, totalPages: null }, 3, 4],
    ['uses the requested page when the server does not echo it', { page: null, nextPage: null, totalPages: 3 }, 2, 3],
    ['reports a nextPage that does not advance as is', { page: 2, nextPage: 2, totalPages: 9 }, 2, 2],
  ])('%s', (_name, counters, requested, expected) => {
    expect(nextPage(requested, counters)).toBe(expected);
  });
});

describe('Casso client: servers that page badly', () => {
  it('fails, instead of looping, when nextPage does not advance', async () => {
    const casso = await emptyCasso();
    casso.injectFaults({ status: 200, body: pageBody({ page: 1, nextPage: 1, totalPages: 5, records: [transactionRecord(1)] }) });

    const error = expectErr(await clientFor(casso).listAccountTransactions(ACCOUNT, APRIL));

    expect(error).toBeInstanceOf(ProviderBadResponseError);
    expect(error.message).toContain('pagination');
    expect(casso.requests).toHaveLength(1);
  });

  it('fails when the server ignores the page asked for', async () => {
    const casso = await emptyCasso();
    const page1 = pageBody({ page: 1, nextPage: 2, totalPages: 3, records: [transactionRecord(1)] });
    casso.injectFaults({ status: 200, body: page1 }, { status: 200, body: page1 });

    const error = expectErr(await clientFor(casso).listAccountTransactions(ACCOUNT, APRIL));

    expect(error.message).toContain('asked for page 2');
    expect(casso.requests).toHaveLength(2);
  });

  it('gives up after maxPages on a server that announces pages forever', async () => {
    let id = 0;
    server = await startFakeServer((request) => {
      const page = Number(request.query.get('page'));
      return { status: 200, body: pageBody({ page, nextPage: page + 1, totalPages: null, records: [transactionRecord(++id)] }) };
    });

    const error = expectErr(await clientFor({ url: server.url, apiKey: 'k' }, { maxPages: 7 }).listAccountTransactions(ACCOUNT, APRIL));

    expect(error).toBeInstanceOf(ProviderBadResponseError);
    expect(error.message).toContain('after 7');
    expect(server.requests).toHaveLength(7);
  });

  it('stops at an empty page whatever the counters say', async () => {
    const casso = await emptyCasso();
    casso.injectFaults(
      { status: 200, body: pageBody({ page: '1', nextPage: '2', totalPages: '9', records: [transactionRecord(1)] }) },
      { status: 200, body: pageBody({ page: 2, nextPage: 3, totalPages: 9, records: null }) },
    );

    const listed = expectOk(await clientFor(casso).listAccountTransactions(ACCOUNT, APRIL));

    expect(listed.map((t) => t.providerId)).toEqual(['1']);
    expect(casso.requests).toHaveLength(2);
  });

  it('walks on with totalPages when nextPage is missing', async () => {
    const casso = await emptyCasso();
    casso.injectFaults(
      { status: 200, body: pageBody({ page: 1, totalPages: 2, records: [transactionRecord(1)] }) },
      { status: 200, body: pageBody({ page: 2, totalPages: 2, records: [transactionRecord(2), transactionRecord(1)] }) },
    );

    const listed = expectOk(await clientFor(casso).listAccountTransactions(ACCOUNT, APRIL));

    expect(listed.map((t) => t.providerId)).toEqual(['1', '2']);
  });

  it('rejects a page without records', async () => {
    const casso = await emptyCasso();
    casso.injectFaults({ status: 200, body: pageBody({ page: 1, nextPage: null, totalPages: 1, records: undefined }) });

    const error = expectErr(await clientFor(casso).listAccountTransactions(ACCOUNT, APRIL));

    expect(error.message).toContain('data.records');
  });
});
