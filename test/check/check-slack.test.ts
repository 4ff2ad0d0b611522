import { describe, expect, it } from 'vitest';
import { freePort } from '../../fakes/free-port.js';
import { startFakeSepay } from '../../fakes/sepay/v1.js';
import { slashCommand, startFakeSlack } from '../../fakes/slack/server.js';
import { startHarness } from '../helpers/bot-harness.js';
import { closedAfterEach } from '../helpers/closers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

const CHANNEL = 'C0ALERTS1';
const SECRET = 'slack-signing-secret-for-tests';
const SHOP = '0071000888888';
const closers = closedAfterEach();

describe('/check over Slack', () => {
  it("posts a waiting answer as the bot's own message and updates it to ✅ when the payment is polled; a payment already there is answered at once", async () => {
    const sepay = await startFakeSepay();
    const slack = await startFakeSlack();
    closers.push(sepay, slack);
    slack.invite(CHANNEL);
    sepay.addBankAccount({ accountNumber: SHOP, bankShortName: 'Vietcombank', accumulated: 77_000_000 });
    const port = await freePort();
    const h = await startHarness({ dataDir: await tempDir(), sepay, env: slack.botEnv({ channels: CHANNEL, signingSecret: SECRET, port }) });
    await h.bot.pollNow();
    const check = async (text: string, id: string) => {
      const ack = await slashCommand(`http://127.0.0.1:${port}`, SECRET, { command: '/check', text, channel_id: CHANNEL, response_url: slack.responseUrl(id) });
      expect(ack.status).toBe(200);
    };

    await check('350k <!channel>', 'check-1');
    await until(() => h.bot.store.paymentChecks()[0]?.messageRef != null, 5000, 'the waiting answer posted');
    const ref = h.bot.store.paymentChecks()[0]?.messageRef;
    const waiting = slack.posts.find((p) => p.ts === ref);
    expect(waiting?.text).toMatch(/^\*⏳ Chưa thấy 350\.000 ₫, đang chờ đến \d\d:\d\d\*/);
    // The words are shown, never turned into a mention.
    expect(waiting?.text).toContain('&lt;!channel&gt;');

    sepay.addTransaction({ accountNumber: SHOP, amountIn: 350_000, content: 'PHAM VAN E chuyen khoan <!channel>' });
    await h.bot.pollNow();
    await until(() => slack.updates.length === 1, 5000, 'the answer updated');
    expect(slack.updates[0]).toMatchObject({ channel: CHANNEL, ts: ref });
    expect(slack.updates[0]?.text).toMatch(/^\*✅ Đã nhận 350\.000 ₫\*/);
    expect(slack.updates[0]?.text).toContain(SHOP);
    expect(slack.updates[0]?.text).not.toContain('77.000.000');

    // Asked again: that payment is taken; one of another amount that is there is answered at once, through response_url.
    sepay.addTransaction({ accountNumber: SHOP, amountIn: 90_000, content: 'tien nuoc' });
    await h.bot.pollNow();
    await check('90k', 'check-2');
    await until(() => slack.responses.some((r) => r.id === 'check-2'), 5000, 'the answer');
    const found = slack.responses.find((r) => r.id === 'check-2');
    expect(found?.response_type).toBe('in_channel');
    expect(found?.text).toMatch(/^\*✅ Đã nhận 90\.000 ₫\*/);
  });
});
