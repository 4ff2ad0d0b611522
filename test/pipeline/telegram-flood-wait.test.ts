import { describe, expect, it } from 'vitest';
import { startFakeCasso } from '../../src/demo/simulated/casso-server.js';
import { startFakeTelegram } from '../fakes/telegram-server.js';
import { startHarness } from '../helpers/bot-harness.js';
import { closedAfterEach } from '../helpers/closers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

const GROUP = -1001234567890;
const OWNER = 777001;
const closers = closedAfterEach();

describe("Telegram's retry_after through the real bot", () => {
  it('holds every caller: no alert to another chat and no command answer goes before the time named', async () => {
    const casso = await startFakeCasso();
    const telegram = await startFakeTelegram();
    closers.push(casso, telegram);
    const account = casso.addAccount({ accountNumber: '0071000888888' }).id;
    const h = await startHarness({ dataDir: await tempDir(), casso, env: telegram.botEnv(`${GROUP},${OWNER}`) });
    await h.bot.pollNow();
    // The owner's chat wants only large payments, so the first one goes to the group alone.
    telegram.sendText(OWNER, '/min 500k', { from: { id: OWNER, first_name: 'Chu' } });
    await until(() => telegram.sentTo(OWNER).length === 1, 5000, 'the /min echo');

    // The group's alert meets "retry after 2"; then an alert for both chats and a command come.
    telegram.failNextSend(GROUP, 'rate_limit', { retryAfter: 2 });
    casso.addTransaction(account, { amount: 250_000, description: 'DH-FLOOD-1' });
    await h.bot.pollNow();
    await until(() => telegram.errors.some((e) => e.errorCode === 429), 5000, 'the 429');
    casso.addTransaction(account, { amount: 900_000, description: 'DH-FLOOD-2' });
    await h.bot.pollNow();
    telegram.sendText(OWNER, '/help', { from: { id: OWNER, first_name: 'Chu' } });

    const got = (chat: number, text: string) => telegram.sentTo(chat).some((m) => m.visible.includes(text));
    await until(() => got(GROUP, 'DH-FLOOD-2') && got(OWNER, 'DH-FLOOD-2') && telegram.sentTo(OWNER).length >= 3, 10_000, 'the alerts and the answer');
    expect(telegram.early).toEqual([]);
    expect(telegram.sentTo(GROUP).filter((m) => m.visible.includes('DH-FLOOD-1'))).toHaveLength(1);
    expect(telegram.sentTo(OWNER).filter((m) => m.visible.includes('DH-FLOOD-1'))).toHaveLength(0);
  });
});
