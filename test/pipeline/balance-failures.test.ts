import { describe, expect, it } from 'vitest';
import { wordsOf } from '../../src/commands/command-answer.js';
import { startFakeCasso } from '../../fakes/casso/server.js';
import type { Fault } from '../../fakes/http.js';
import { toPlainText } from '../../src/render/plain-text.js';
import { startHarness } from '../helpers/bot-harness.js';
import { closedAfterEach } from '../helpers/closers.js';
import { tempDir } from '../helpers/temp-dir.js';

const closers = closedAfterEach();
const ACCOUNTS = '/v2/accounts';

const cases: { kind: string; faults: Fault[]; says: string; hidden: string[] }[] = [
  {
    kind: 'a network failure',
    faults: Array.from({ length: 4 }, () => ({ status: 200, destroy: true, pathPrefix: ACCOUNTS })),
    says: 'Không lấy được dữ liệu từ Casso: không kết nối được',
    hidden: ['ECONNRESET', 'socket', '127.0.0.1'],
  },
  {
    kind: 'an error answer naming the provider’s hosts',
    faults: [{ status: 400, body: { error: 400, message: 'upstream db-7.casso.internal:5432 timed out', data: null }, pathPrefix: ACCOUNTS }],
    says: 'Không lấy được dữ liệu từ Casso: báo lỗi',
    hidden: ['db-7.casso.internal', '5432', '400'],
  },
  {
    kind: 'a rejected key',
    faults: [{ status: 401, body: { error: 401, message: 'Unauthorized Access', data: null }, pathPrefix: ACCOUNTS }],
    says: 'Không lấy được dữ liệu từ Casso: khóa API bị từ chối',
    hidden: ['Unauthorized Access'],
  },
];

describe('/balance when a provider fails, through the real bot', () => {
  it.each(cases)('$kind: the chat gets a short fixed wording, the log the details', async ({ faults, says, hidden }) => {
    const casso = await startFakeCasso();
    closers.push(casso);
    casso.addAccount({ accountNumber: '0071000888888', balance: 1_000_000 });
    const h = await startHarness({ dataDir: await tempDir(), casso });
    await h.bot.pollNow();

    casso.injectFaults(...faults);
    const answer = toPlainText(wordsOf(await h.bot.answer({ command: 'balance', args: '', chatId: 'console', allowed: true, platform: 'console' })));

    expect(answer).toContain(says);
    for (const detail of hidden) expect(answer).not.toContain(detail);
    const logged = h.logs.find((line) => line.includes('balance.failed'));
    expect(logged).toContain('provider=casso');
    expect(logged).toContain('endpoint="GET /v2/accounts"');
  });
});
