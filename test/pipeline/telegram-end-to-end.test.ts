import { describe, expect, it } from 'vitest';
import { startFakeCasso } from '../../fakes/casso/server.js';
import { startFakeSepay } from '../../fakes/sepay/v1.js';
import { startFakeTelegram } from '../../fakes/telegram/server.js';
import { startHarness } from '../helpers/bot-harness.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';
import { closedAfterEach } from '../helpers/closers.js';

const GROUP = -1001234567890;
const STRANGER = -1009999999999;
const closers = closedAfterEach();

describe('the bot with Telegram, end to end', () => {
  it('alerts the group, answers /balance and /find there, and refuses strangers', async () => {
    const casso = await startFakeCasso();
    const sepay = await startFakeSepay();
    const telegram = await startFakeTelegram();
    closers.push(casso, sepay, telegram);
    const account = casso.addAccount({ accountNumber: '1111111111', balance: 5_000_000, bankName: 'MBBank' }).id;
    sepay.addBankAccount({ accountNumber: '2222222222', accumulated: 7_250_000, bankShortName: 'Vietcombank' });

    const h = await startHarness({
      dataDir: await tempDir(),
      casso,
      sepay,
      env: { ...telegram.botEnv(String(GROUP)), LOCALE: 'en' },
    });
    await h.bot.pollNow();
    casso.addTransaction(account, { amount: 18_067_000, description: 'Nguyễn Văn B chuyển tiền <b>DH1042</b> & @channel' });
    await h.bot.pollNow();
    await until(() => telegram.sentTo(GROUP).length === 1, 5000, 'the alert');

    const [alert] = telegram.sentTo(GROUP);
    expect(alert?.parseMode).toBe('HTML');
    expect(alert?.visible).toContain('+18.067.000 ₫');
    expect(alert?.visible).toContain('Nguyễn Văn B chuyển tiền <b>DH1042</b> & @channel');
    expect(alert?.visible).toContain('1111111111');
    expect(h.printed).toEqual([]);

    telegram.sendText(GROUP, '/balance');
    telegram.sendText(GROUP, `/find@${telegram.botUsername} chuyen tien 18tr067`);
    telegram.sendText(STRANGER, '/balance');
    await until(() => telegram.sentTo(GROUP).length >= 3 && telegram.sentTo(STRANGER).length >= 1, 8000, 'answers');

    const [, balance, found] = telegram.sentTo(GROUP);
    expect(balance?.visible).toContain('23.067.000 ₫'); // the opening 5.000.000 plus the payment
    expect(balance?.visible).toContain('7.250.000 ₫');
    expect(found?.visible).toContain('DH1042');
    const refusal = telegram.sentTo(STRANGER)[0]?.visible ?? '';
    expect(refusal).not.toMatch(/1111111111|2222222222|5\.000\.000|7\.250\.000/);
  });
});
