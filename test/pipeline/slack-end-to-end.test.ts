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
const closers = closedAfterEach();

describe('the bot with Slack, end to end', () => {
  it('posts alerts to the channel, answers slash commands, rejects forged requests', async () => {
    const sepay = await startFakeSepay();
    const slack = await startFakeSlack();
    closers.push(sepay, slack);
    slack.invite(CHANNEL);
    sepay.addBankAccount({ accountNumber: '2222222222', accumulated: 7_250_000 });
    const port = await freePort();

    const h = await startHarness({
      dataDir: await tempDir(),
      sepay,
      env: {
        ...slack.botEnv({ channels: CHANNEL, signingSecret: SECRET, port }),
      },
    });
    await h.bot.pollNow();
    sepay.addTransaction({ accountNumber: '2222222222', amountIn: 500_000, content: 'DH77 <!channel> <@U123> *gap*' });
    await h.bot.pollNow();
    await until(() => slack.posts.length === 1, 5000, 'the alert');
    const post = slack.posts[0];
    expect(post?.channel).toBe(CHANNEL);
    expect(post?.text).toContain('+500.000 ₫');
    expect(JSON.stringify(post?.blocks)).not.toContain('<!channel>');
    expect(JSON.stringify(post?.blocks)).toContain('&lt;!channel&gt;');

    const receiver = `http://127.0.0.1:${port}`;
    const ack = await slashCommand(receiver, SECRET, {
      command: '/find',
      text: '500k',
      channel_id: CHANNEL,
      response_url: slack.responseUrl('find-1'),
    });
    expect(ack.status).toBe(200);
    await until(() => slack.responses.some((r) => r.id === 'find-1'), 5000, 'the /find answer');
    expect(slack.responses.find((r) => r.id === 'find-1')?.text).toContain('DH77');

    const forged = await slashCommand(
      receiver,
      SECRET,
      { command: '/balance', text: '', channel_id: CHANNEL, response_url: slack.responseUrl('forged') },
      { badSignature: true },
    );
    expect(forged.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(slack.responses.some((r) => r.id === 'forged')).toBe(false);

    // Without SLACK_ADMIN_USER_IDS anyone in the channel may change its rules; the next alert follows them.
    await slashCommand(receiver, SECRET, { command: '/privacy', text: 'on', channel_id: CHANNEL, response_url: slack.responseUrl('privacy') });
    await until(() => slack.responses.some((r) => r.id === 'privacy'), 5000, 'the /privacy answer');
    expect(slack.responses.find((r) => r.id === 'privacy')?.text).toContain('cashier đã đổi cài đặt');
    sepay.addTransaction({ accountNumber: '2222222222', amountIn: 600_000, content: 'DH78' });
    await h.bot.pollNow();
    await until(() => slack.posts.length === 2, 5000, 'the second alert');
    expect(JSON.stringify(slack.posts[1]?.blocks)).toContain('…2222');
    expect(JSON.stringify(slack.posts[1])).not.toContain('2222222222');
  });

  it('lets only SLACK_ADMIN_USER_IDS change rules, and does not start with a list of only commas', async () => {
    const sepay = await startFakeSepay();
    const slack = await startFakeSlack();
    closers.push(sepay, slack);
    slack.invite(CHANNEL);
    sepay.addBankAccount({ accountNumber: '2222222222', accumulated: 7_250_000 });
    const env = async () => slack.botEnv({ channels: CHANNEL, signingSecret: SECRET, port: await freePort() });

    await expect(startHarness({ dataDir: await tempDir(), sepay, env: { ...(await env()), SLACK_ADMIN_USER_IDS: ',' } })).rejects.toThrow(
      /SLACK_ADMIN_USER_IDS: lists no user id/,
    );

    const slackEnv = await env();
    await startHarness({ dataDir: await tempDir(), sepay, env: { ...slackEnv, SLACK_ADMIN_USER_IDS: ',U0OWNER,' } });
    const receiver = `http://127.0.0.1:${slackEnv.SLACK_PORT}`;
    const privacy = async (id: string, user: string) => {
      await slashCommand(receiver, SECRET, { command: '/privacy', text: 'on', channel_id: CHANNEL, user_id: user, user_name: user.toLowerCase(), response_url: slack.responseUrl(id) });
      await until(() => slack.responses.some((r) => r.id === id), 5000, `the /privacy answer ${id}`);
      return slack.responses.find((r) => r.id === id)?.text ?? '';
    };
    expect(await privacy('cashier', 'U0CASHIER')).toContain('Chỉ quản trị viên');
    expect(await privacy('owner', 'U0OWNER')).toContain('u0owner đã đổi cài đặt');
  });
});
