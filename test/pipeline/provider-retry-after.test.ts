import { describe, expect, it } from 'vitest';
import { wordsOf } from '../../src/commands/command-answer.js';
import { startFakeSepay } from '../../fakes/sepay/v1.js';
import type { FakeSepayPlumbing } from '../../fakes/sepay/common.js';
import { toPlainText } from '../../src/render/plain-text.js';
import { startFakeSepayV2 } from '../../fakes/sepay/v2.js';
import { startHarness } from '../helpers/bot-harness.js';
import { closedAfterEach } from '../helpers/closers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

const TOKEN = 'test-sepay-token';
const ACCOUNT = '2222222222';
const closers = closedAfterEach();

type AnyFake = FakeSepayPlumbing<object> & { addBankAccount(input: { accountNumber: string; accumulated?: number }): unknown };

const versions: { version: 'v1' | 'v2'; start: () => Promise<AnyFake> }[] = [
  { version: 'v1', start: () => startFakeSepay({ apiToken: TOKEN }) },
  { version: 'v2', start: () => startFakeSepayV2({ apiToken: TOKEN }) },
];

describe('a wait SePay names holds for every request to it', () => {
  it.each(versions)('SePay $version: five 429s in a row, none asked again before its time, across polls and /balance', async ({ version, start }) => {
    const sepay = await start();
    closers.push(sepay);
    sepay.addBankAccount({ accountNumber: ACCOUNT, accumulated: 1_250_000 });
    const h = await startHarness({
      dataDir: await tempDir(),
      env: { SEPAY_API_TOKEN: TOKEN, SEPAY_API_BASE: sepay.url, SEPAY_API_VERSION: version },
    });
    await h.bot.pollNow();
    const before = sepay.hits.length;

    // Each says "retry after 1 s"; the poll gives up after its fourth try.
    sepay.rateLimitNext(5, 1);
    await h.bot.pollNow();
    expect(sepay.hits.slice(before).map((hit) => hit.status)).toEqual([429, 429, 429, 429]);
    // The next scheduled poll and a /balance come at once: both must wait for the time named.
    const [, balance] = await Promise.all([
      h.bot.pollNow(),
      h.bot.answer({ command: 'balance', args: '', chatId: 'console', allowed: true, platform: 'console' }),
    ]);

    await until(() => sepay.hits.slice(before).filter((hit) => hit.status === 200).length >= 2, 10_000, 'SePay answering again');
    expect(sepay.hits.slice(before).filter((hit) => hit.status === 429)).toHaveLength(5);
    expect(sepay.early).toEqual([]);
    expect(toPlainText(wordsOf(balance))).toContain('1.250.000');
  });
});
