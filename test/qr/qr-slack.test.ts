import { describe, expect, it } from 'vitest';
import { startFakeSepay } from '../../fakes/sepay/v1.js';
import { slashCommand, startFakeSlack } from '../../fakes/slack/server.js';
import { startHarness } from '../helpers/bot-harness.js';
import { freePort } from '../../fakes/free-port.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';
import { closedAfterEach } from '../helpers/closers.js';

const CHANNEL = 'C0ALERTS1';
const SECRET = 'slack-signing-secret-for-tests';
const SHOP = '0071000888888';
const closers = closedAfterEach();

describe('/qr over Slack', () => {
  it('uploads the QR image and posts the request, then updates that message to ✅ once the payment is polled', async () => {
    const sepay = await startFakeSepay();
    const slack = await startFakeSlack();
    closers.push(sepay, slack);
    slack.invite(CHANNEL);
    sepay.addBankAccount({ accountNumber: SHOP, bankShortName: 'Vietcombank' });
    const port = await freePort();
    const h = await startHarness({
      dataDir: await tempDir(),
      sepay,
      env: {
        ...slack.botEnv({ channels: CHANNEL, signingSecret: SECRET, port }),
      },
    });
    await h.bot.pollNow();

    const ack = await slashCommand(`http://127.0.0.1:${port}`, SECRET, {
      command: '/qr',
      text: '1tr5 <!channel> đơn 1042',
      channel_id: CHANNEL,
      response_url: slack.responseUrl('qr-1'),
    });
    expect(ack.status).toBe(200);
    await until(() => h.bot.store.paymentRequests()[0]?.messageRef != null, 5000, 'the request posted');
    const request = h.bot.store.paymentRequests()[0];
    const [upload] = slack.files;
    expect(upload).toMatchObject({ channel: CHANNEL, filename: `${request?.code}.png` });
    expect(upload?.bytes?.subarray(1, 4).toString()).toBe('PNG');
    const message = slack.posts.find((p) => p.ts === request?.messageRef);
    expect(message?.text).toContain('1.500.000 ₫');
    expect(message?.text).toContain(`\`${request?.code}\``);
    // The cashier's note is shown, never turned into a mention.
    expect(message?.text).toContain('&lt;!channel&gt; đơn 1042');

    sepay.addTransaction({ accountNumber: SHOP, amountIn: 1_500_000, content: `IBFT ${request?.code.toLowerCase()} chuyen khoan` });
    await h.bot.pollNow();
    await until(() => slack.updates.length === 1, 5000, 'the request updated');
    expect(slack.updates[0]).toMatchObject({ channel: CHANNEL, ts: request?.messageRef });
    expect(slack.updates[0]?.text).toMatch(/^\*✅ Đã nhận 1\.500\.000 ₫ lúc \d\d:\d\d\*/);
    await h.bot.pollNow();
    expect(slack.updates).toHaveLength(1);
  });
});
