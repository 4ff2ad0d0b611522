import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChatBlockedError, ChatRateLimitError, ChatRejectedError, ChatTransientError } from '../../src/core/chat-errors.js';
import type { ChatSender } from '../../src/core/chat-sender.js';
import { createSlackChat, type SlackChat } from '../../src/chats/slack/slack-chat.js';
import { silentLogger } from '../../src/log/logger.js';
import type { Transaction } from '../../src/core/model.js';
import { startFakeSlack, type FakeSlack, type SlackBlock, type SlackPost } from '../../fakes/slack/server.js';
import { makeTransaction } from '../../fakes/transactions.js';
import { textAnswer } from '../../src/commands/command.js';
import { renderContext } from '../helpers/render-context.js';
import { COMMANDS } from '../../src/commands/index.js';
import { unpaced } from '../helpers/unpaced.js';

const TOKEN = 'xoxb-sender-test';
const CHANNEL = 'C0ALERTS';

let slack: FakeSlack;
let chat: SlackChat;
let sender: ChatSender;

beforeEach(async () => {
  slack = await startFakeSlack({ botToken: TOKEN });
  slack.invite(CHANNEL);
  chat = slackChat(TOKEN);
  sender = chat.sender;
});

/** A Slack chat that sends through the fake with `botToken`; it listens for nothing. */
function slackChat(botToken: string): SlackChat {
  return createSlackChat({
    inTurn: unpaced,
    botToken,
    signingSecret: 'unused-secret',
    appToken: null,
    port: 0,
    apiUrl: slack.apiUrl,
    logger: silentLogger,
    render: renderContext('vi'),
    isAllowed: () => true,
    commands: COMMANDS,
    answer: async () => textAnswer([]),
  });
}

afterEach(async () => {
  await chat.stop();
  await slack.close();
});

function blockTexts(blocks: readonly SlackBlock[]): string[] {
  return blocks.flatMap((block) => {
    if (block.type === 'header' || block.type === 'section') return [block.text.text];
    if (block.type === 'context') return block.elements.map((e) => e.text);
    return [];
  });
}

/** Everything a reader (or Slack's parser) gets from a post: fallback text and every block text. */
function allTexts(post: SlackPost): string[] {
  return [post.text, ...blockTexts(post.blocks ?? [])];
}

function onlyPost(): SlackPost {
  expect(slack.posts).toHaveLength(1);
  const [post] = slack.posts;
  if (!post) throw new Error('no post');
  return post;
}

describe('Slack sender: what is posted', () => {
  it('posts one payment as Block Kit: amount header, fields, escaped fallback and metadata, no internal id', async () => {
    const tx = makeTransaction({ amount: 18_067_000, content: 'NGUYEN VAN B chuyen tien DH1042', providerId: '777' });
    const result = await sender.send(CHANNEL, [tx]);

    const post = onlyPost();
    expect(result).toEqual({ ok: true, value: { ref: post.ts } });
    expect(post.channel).toBe(CHANNEL);
    const blocks = post.blocks ?? [];
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section']);
    expect(blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: '+18.067.000 ₫ · Tiền vào' } });
    const [section = ''] = blockTexts(blocks).slice(1);
    expect(section).toContain('NGUYEN VAN B chuyen tien DH1042');
    expect(section).toContain('`0123456789`');
    expect(section).toContain('MBBank');
    expect(section).toContain('10:40\u00a010/04/2025');
    expect(section).toContain('SePay');
    // The bank reference lets a person recognise a repeat; the bot's own id means nothing to the shop.
    expect(section.split('\n').at(-1)).toBe('Mã tham chiếu: `FT25100412345678`');
    expect(JSON.stringify(blocks)).not.toContain('sepay:777');
    expect(post.text).not.toContain('sepay:777');
    expect(post.text).toContain('+18.067.000 ₫');
    expect(post.text).toContain('NGUYEN VAN B chuyen tien DH1042');
    expect(post.text).not.toMatch(/\*/);
    expect(post.form.get('unfurl_links')).toBe('false');
    expect(post.form.get('unfurl_media')).toBe('false');
    expect(post.form.get('parse')).toBe('none');
    expect(post.form.get('link_names')).toBe('false');
    expect(post.metadata).toEqual({ event_type: 'bankbell_alert', event_payload: { count: 1, keys: [{ key: 'sepay:777' }] } });
  });

  it('posts several payments as one digest: count, total and their day on top, then their account, one line each', async () => {
    const txs = [
      makeTransaction({ amount: 100_000, content: 'DH1' }),
      makeTransaction({ amount: 250_000, content: 'DH2' }),
      makeTransaction({ amount: 1_500_000, content: 'DH3' }),
    ];
    const result = await sender.send(CHANNEL, txs);
    expect(result.ok).toBe(true);

    const post = onlyPost();
    const blocks = post.blocks ?? [];
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: '3 khoản tiền vào, tổng +1.850.000 ₫ (10/04/2025)' } });
    const lines = blockTexts(blocks.slice(1)).join('\n').split('\n');
    expect(lines).toEqual(['Tài khoản: `0123456789` · MBBank · SePay', '*+100.000 ₫* · 10:40 · DH1', '*+250.000 ₫* · 10:40 · DH2', '*+1.500.000 ₫* · 10:40 · DH3']);
    expect(post.metadata).toMatchObject({ event_payload: { count: 3, keys: txs.map((tx) => ({ key: `sepay:${tx.providerId}` })) } });
  });

  it('never lets hostile content become a mention, link or formatting, and stays within the limits', async () => {
    const hostile = '<!channel> <@U123> & <http://evil|click> *bold* @here ';
    const tx = makeTransaction({ content: hostile + 'x'.repeat(5000) });
    const alone = await sender.send(CHANNEL, [tx]);
    const digest = await sender.send(CHANNEL, [tx, makeTransaction({ content: hostile })]);
    expect(alone.ok && digest.ok).toBe(true);

    expect(slack.posts).toHaveLength(2);
    for (const post of slack.posts) {
      const texts = allTexts(post);
      for (const value of texts) {
        expect(value).not.toMatch(/<[!@#]|<http/);
        expect(value).not.toMatch(/[<>]/);
        expect(value).not.toContain('*bold*');
        expect(value).not.toMatch(/&(?!amp;|lt;|gt;)/);
      }
      const joined = texts.join('\n');
      expect(joined).toContain('&lt;!channel&gt; &lt;@U123&gt; &amp; &lt;http://evil|click&gt; \u2217bold\u2217 @here');
      expect(post.text.length).toBeLessThanOrEqual(3000);
      for (const block of post.blocks ?? []) {
        if (block.type === 'section' || block.type === 'context') {
          const text = block.type === 'section' ? block.text : block.elements[0];
          expect(text).toMatchObject({ type: 'mrkdwn', verbatim: true });
        }
      }
    }
  });

  it('shows an alert whose every field is as long and as escape-heavy as allowed whole, over as many messages as Block Kit needs', async () => {
    const amp = (n: number) => '&'.repeat(n);
    const tx = makeTransaction({
      amount: 9_007_199_254_740_991,
      content: `DH5000 ${amp(5000)} END`,
      accountNumber: amp(500),
      bank: amp(500),
      reference: amp(500),
      code: amp(500),
      providerId: amp(500),
      counterparty: { name: amp(500), accountNumber: amp(500), bank: amp(500) },
    });
    const result = await sender.send(CHANNEL, [tx], { locale: 'vi', privacy: false, ack: true });
    expect(result.ok).toBe(true);
    // Slack writes `&` as five characters: 25 000 of them take three messages.
    expect(slack.posts.length).toBeGreaterThanOrEqual(3);
    for (const post of slack.posts) {
      const blocks = post.blocks ?? [];
      for (const text of blockTexts(blocks)) expect(text.length).toBeLessThanOrEqual(3000);
      // Room kept under the last for the acknowledgement a press adds.
      expect(blockTexts(blocks).join('').length).toBeLessThanOrEqual(12_000 - 200);
      expect(post.text.length).toBeLessThanOrEqual(3000);
    }
    const seen = slack.posts.map((post) => blockTexts(post.blocks ?? []).join('\n')).join('');
    expect(seen.replace(/\n/g, '')).toContain(`DH5000 ${'&amp;'.repeat(5000)} END`);
    expect(slack.posts[0]?.blocks?.[0]).toMatchObject({ type: 'header', text: { text: '+9.007.199.254.740.991 ₫ · Tiền vào' } });
    // The button, and the payment's key, go with the last part.
    expect(slack.posts.map((post) => post.blocks?.some((b) => b.type === 'actions'))).toEqual([...slack.posts.slice(1).map(() => false), true]);
    expect(result).toEqual({ ok: true, value: { ref: slack.posts.map((post) => post.ts).join(','), button: slack.posts.at(-1)?.ts } });
    expect(slack.posts.at(-1)?.metadata).toMatchObject({ event_payload: { count: 1 } });
  });

  it('shows a 4 000-character content whole, in one message: Slack takes that much', async () => {
    const content = `DH4000 ${'thanh toan don hang <@U1> & '.repeat(150)}`.slice(0, 4000);
    const result = await sender.send(CHANNEL, [makeTransaction({ content })]);
    expect(result.ok).toBe(true);
    // 4 000 characters, 5 700 once escaped: one message.
    expect(slack.posts).toHaveLength(1);
    const seen = blockTexts(slack.posts[0]?.blocks ?? []).join('\n');
    expect(seen.replace(/\n/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')).toContain(content);
  });

  it('puts as many whole payments of the most hostile content into a digest as Block Kit takes in one message', async () => {
    const txs: Transaction[] = Array.from({ length: 500 }, (_, i) =>
      makeTransaction({ amount: 9_007_199_254_740_000 + i, accountNumber: '&'.repeat(40), content: `DH${i} ${'&<>'.repeat(400)}` }),
    );
    // 5 200 characters each once escaped: two fit within about 12 000, three do not.
    const count = sender.batchSize(txs);
    expect(count).toBe(2);
    const result = await sender.send(CHANNEL, txs.slice(0, count));
    expect(result.ok).toBe(true);
    const post = onlyPost();
    const blocks = post.blocks ?? [];
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const text of blockTexts(blocks)) expect(text.length).toBeLessThanOrEqual(3000);
    expect(blockTexts(blocks).join('').length).toBeLessThan(12_000);
    const lines = blockTexts(blocks.slice(1)).join('').replace(/\n(?!\*\+)/g, '');
    for (const tx of txs.slice(0, count)) expect(lines).toContain(`DH${tx.amount - 9_007_199_254_740_000} ${'&amp;&lt;&gt;'.repeat(400)}`);
  });

  it('packs a 500-payment backlog of 60–120-character contents into 6 messages, every content whole', async () => {
    const filler = 'NGUYEN VAN AN chuyen tien thanh toan don hang so 1042 ca sang quay 2 '.repeat(2);
    let waiting = Array.from({ length: 500 }, (_, i) =>
      makeTransaction({ amount: 10_000 + i, accountNumber: ['0071000888888', '1900112233', '2222333344'][i % 3], content: `DH${i} ${filler}`.slice(0, 60 + ((i * 37) % 61)).trim() }),
    );
    const look = { locale: 'vi' as const, privacy: false, ack: true };
    let messages = 0;
    while (waiting.length > 0) {
      const count = sender.batchSize(waiting, look);
      const batch = waiting.slice(0, count);
      waiting = waiting.slice(count);
      // One channel per message: this checks what fits a message, not the pacing.
      const channel = `C0BACKLOG${messages}`;
      slack.invite(channel);
      expect((await sender.send(channel, batch, look)).ok).toBe(true);
      messages += 1;
      const post = slack.posts.at(-1)!;
      expect(slack.posts).toHaveLength(messages);
      const lines = blockTexts((post.blocks ?? []).slice(1)).join('\n').split('\n');
      for (const tx of batch) expect(lines.some((line) => line.endsWith(` · ${tx.content}`))).toBe(true);
    }
    expect(messages).toBeLessThanOrEqual(6);
  });
});

describe('Slack sender: errors become outbox decisions, never throws', () => {
  const tx = () => makeTransaction();

  it('429 → rate limited for Retry-After, at once and with no retry inside the library', async () => {
    slack.failNextPost(CHANNEL, { kind: 'rate_limited', retryAfterSeconds: 7 });
    const started = Date.now();
    const result = await sender.send(CHANNEL, [tx()]);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(ChatRateLimitError);
    expect(result.error).toMatchObject({ retryAfterMs: 7000, dest: `slack:${CHANNEL}` });
    expect(slack.refusedPosts).toHaveLength(1);
  });

  it('a Retry-After holds every Web API call of the bot: a post to another channel is handed back without reaching Slack', async () => {
    slack.invite('C0OTHER');
    slack.failNextPost(CHANNEL, { kind: 'rate_limited', retryAfterSeconds: 7 });
    await sender.send(CHANNEL, [tx()]);
    const result = await sender.send('C0OTHER', [tx()]);
    expect(result).toMatchObject({ ok: false, error: { kind: 'rate_limited' } });
    expect(!result.ok && result.error instanceof ChatRateLimitError && result.error.retryAfterMs).toBeGreaterThan(5000);
    expect(slack.early).toEqual([]);
    expect(slack.posts).toEqual([]);
  });

  it.each([
    ['not_in_channel', '/invite @bankbell'],
    ['channel_not_found', 'SLACK_CHANNEL_IDS'],
    ['is_archived', 'archived'],
    ['missing_scope', 'chat:write'],
    ['token_revoked', 'reinstall'],
    ['account_inactive', 'reinstall'],
  ])('%s → blocked, with a hint that says what to do', async (code, hint) => {
    slack.failNextPost(CHANNEL, { kind: 'error', error: code });
    const result = await sender.send(CHANNEL, [tx()]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(ChatBlockedError);
    expect((result.error as ChatBlockedError).hint).toContain(hint);
    expect(result.error.message).toContain(code);
  });

  it('a channel the bot was never invited to → blocked with the invite hint', async () => {
    const result = await sender.send('C0NOTJOINED', [tx()]);
    expect(result).toMatchObject({ ok: false, error: { kind: 'blocked', hint: expect.stringContaining('/invite @bankbell') } });
    expect(slack.refusedPosts).toEqual([{ channel: 'C0NOTJOINED', error: 'not_in_channel' }]);
  });

  it('a wrong token → blocked with the reinstall hint', async () => {
    const other = slackChat('xoxb-wrong');
    const result = await other.sender.send(CHANNEL, [tx()]);
    await other.stop();
    expect(result).toMatchObject({ ok: false, error: { kind: 'blocked', hint: expect.stringContaining('SLACK_BOT_TOKEN') } });
  });

  it.each([
    ['HTTP 500', { kind: 'http_500' } as const],
    ['a dropped connection', { kind: 'connection_reset' } as const],
    ['internal_error', { kind: 'error', error: 'internal_error' } as const],
  ])('%s → transient, tried once', async (_name, failure) => {
    slack.failNextPost(CHANNEL, failure);
    const result = await sender.send(CHANNEL, [tx()]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(ChatTransientError);
    expect(slack.posts).toHaveLength(0);
    expect(slack.server.requests.filter((r) => r.path === '/api/chat.postMessage')).toHaveLength(1);
  });

  it.each(['msg_too_long', 'invalid_blocks'])('%s → sent again once as text only', async (code) => {
    slack.failNextPost(CHANNEL, { kind: 'error', error: code });
    const result = await sender.send(CHANNEL, [makeTransaction({ content: '<!here> DH9' })]);
    const post = onlyPost();
    expect(result).toEqual({ ok: true, value: { ref: post.ts } });
    expect(post.blocks).toBeNull();
    expect(post.text).toContain('&lt;!here&gt; DH9');
    expect(post.text).toContain('+250.000 ₫');
  });

  it('a layout refusal that repeats for the text → rejected, after exactly two tries', async () => {
    slack.failNextPost(CHANNEL, { kind: 'error', error: 'msg_too_long' });
    slack.failNextPost(CHANNEL, { kind: 'error', error: 'msg_too_long' });
    const result = await sender.send(CHANNEL, [tx()]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(ChatRejectedError);
    expect(slack.refusedPosts).toHaveLength(2);
  });

  it('a text-only retry that hits a rate limit reports the rate limit', async () => {
    slack.failNextPost(CHANNEL, { kind: 'error', error: 'invalid_blocks' });
    slack.failNextPost(CHANNEL, { kind: 'rate_limited', retryAfterSeconds: 3 });
    const result = await sender.send(CHANNEL, [tx()]);
    expect(result).toMatchObject({ ok: false, error: { kind: 'rate_limited', retryAfterMs: 3000 } });
  });

  it('an unknown Slack error → rejected (sending it again would fail the same way)', async () => {
    slack.failNextPost(CHANNEL, { kind: 'error', error: 'invalid_metadata_format' });
    const result = await sender.send(CHANNEL, [tx()]);
    expect(result).toMatchObject({ ok: false, error: { kind: 'rejected' } });
    expect(slack.refusedPosts).toHaveLength(1);
  });
});

describe('a message that is not an alert (a service notice, a summary)', () => {
  it('is posted as escaped text, without mentions or unfurling', async () => {
    const result = await sender.post(CHANNEL, [[{ text: '⚠️ Casso is not working', style: 'bold' }], [{ text: 'Why: <!channel> *boom*' }]]);
    expect(result.ok).toBe(true);
    const post = onlyPost();
    expect(post.text).toContain('*⚠️ Casso is not working*');
    expect(post.text).not.toContain('<!channel>');
    expect(post.text).toContain('&lt;!channel&gt;');
    expect(post.blocks).toBeNull();
    expect(post.form.get('parse')).toBe('none');
    expect(post.form.get('link_names')).toBe('false');
    expect(post.form.get('unfurl_links')).toBe('false');
  });

  it('in a channel the bot was never invited to → blocked with the invite hint', async () => {
    const result = await sender.post('C0NOTJOINED', [[{ text: 'hello' }]]);
    expect(result).toMatchObject({ ok: false, error: { kind: 'blocked', hint: expect.stringContaining('/invite @bankbell') } });
  });
});
