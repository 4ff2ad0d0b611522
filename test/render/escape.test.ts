import { describe, expect, it } from 'vitest';
import { bold, code, italic, text, type Doc } from '../../src/render/doc.js';
import { toPlainText } from '../../src/render/plain-text.js';
import { toSlackMrkdwn } from '../../src/chats/slack/slack-mrkdwn.js';
import { toTelegramHtml } from '../../src/chats/telegram/telegram-html.js';

/** Hostile transaction content, as a sender could type it into a bank transfer. */
const HOSTILE: [name: string, content: string, telegram: string, slack: string][] = [
  ['html tags', '<b>x</b>', '&lt;b&gt;x&lt;/b&gt;', '&lt;b&gt;x&lt;/b&gt;'],
  ['an entity stays literal', '&amp;', '&amp;amp;', '&amp;amp;'],
  ['Slack broadcast', '<!channel>', '&lt;!channel&gt;', '&lt;!channel&gt;'],
  ['Slack here', '<!here|here>', '&lt;!here|here&gt;', '&lt;!here|here&gt;'],
  ['Slack user mention', '<@U123>', '&lt;@U123&gt;', '&lt;@U123&gt;'],
  ['Slack disguised link', '<http://x|y>', '&lt;http://x|y&gt;', '&lt;http://x|y&gt;'],
  ['bare @here (pings only via <!here>)', '@here @channel @everyone', '@here @channel @everyone', '@here @channel @everyone'],
  ['mrkdwn bold', '*bold*', '*bold*', '\u2217bold\u2217'],
  ['mrkdwn italic', '_it_', '_it_', '\u02cdit\u02cd'],
  ['mrkdwn strike', '~gone~', '~gone~', '\u223cgone\u223c'],
  ['mrkdwn code', '`code`', '`code`', '\u02cbcode\u02cb'],
  ['mrkdwn code block', '```x```', '```x```', '\u02cb\u02cb\u02cbx\u02cb\u02cb\u02cb'],
  ['full-width markers', '＊b＊ ＿i＿', '＊b＊ ＿i＿', '\ufe61b\ufe61 \u2e0fi\u2e0f'],
  [
    'html link',
    '<a href="http://evil">Nhấn vào đây</a>',
    '&lt;a href="http://evil"&gt;Nhấn vào đây&lt;/a&gt;',
    '&lt;a href="http://evil"&gt;Nhấn vào đây&lt;/a&gt;',
  ],
  ['emoji', '💸 Cảm ơn shop 🙏🏽 👨‍👩‍👧', '💸 Cảm ơn shop 🙏🏽 👨‍👩‍👧', '💸 Cảm ơn shop 🙏🏽 👨‍👩‍👧'],
  ['Vietnamese diacritics', 'Chuyển tiền ĐƠN HÀNG ưởng', 'Chuyển tiền ĐƠN HÀNG ưởng', 'Chuyển tiền ĐƠN HÀNG ưởng'],
  [
    'a forged second line',
    'x\nTiền vào: +1.000.000.000 ₫',
    'x Tiền vào: +1.000.000.000 ₫',
    'x Tiền vào: +1.000.000.000 ₫',
  ],
  ['CR LF and tabs', 'a\r\nb\tc', 'a b c', 'a b c'],
  ['terminal escape', '\u001b[2Jgone', '\ufffd[2Jgone', '\ufffd[2Jgone'],
  ['bidi override', 'abc\u202eDCBA', 'abc\ufffdDCBA', 'abc\ufffdDCBA'],
  ['lone surrogate', 'a\ud800b', 'a\ufffdb', 'a\ufffdb'],
  ['zero-width space, joiners, word joiner, BOM', 'D\u200bH\u200c1\u200d0\u2060\ufeff42', 'DH1042', 'DH1042'],
  ['LRM, RLM, ALM', 'a\u200eb\u200fc\u061cd', 'abcd', 'abcd'],
  ['tag characters', 'x\u{e0041}\u{e0042}\u{e007f}y', 'xy', 'xy'],
  ['soft hyphen, grapheme joiner, variation selector 17', 'a\u00adb\u034fc\u{e0100}d', 'abcd', 'abcd'],
  ['Hangul fillers', 'a\u3164\u115f\u1160\uffa0b', 'a\ufffd\ufffd\ufffd\ufffdb', 'a\ufffd\ufffd\ufffd\ufffdb'],
  ['braille blank', 'DH1\u2800\u2800Tiền vào: +1.000.000.000 ₫', 'DH1\ufffd\ufffdTiền vào: +1.000.000.000 ₫', 'DH1\ufffd\ufffdTiền vào: +1.000.000.000 ₫'],
  ['skin tone and joiner emoji keep their joiner', '👩🏽\u200d💻 ok', '👩🏽\u200d💻 ok', '👩🏽\u200d💻 ok'],
];

describe('untrusted text in a plain span', () => {
  it.each(HOSTILE)('%s: Telegram HTML', (_name, content, telegram) => {
    expect(toTelegramHtml([[text('Nội dung: '), text(content)]])).toBe(`Nội dung: ${telegram}`);
  });

  it.each(HOSTILE)('%s: Slack mrkdwn', (_name, content, _telegram, slack) => {
    expect(toSlackMrkdwn([[text('Nội dung: '), text(content)]])).toBe(`Nội dung: ${slack}`);
  });

  it.each(HOSTILE)('%s: plain text is the same characters, unescaped', (_name, content, telegram) => {
    const unescaped = telegram.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    expect(toPlainText([[text(content)]])).toBe(unescaped);
  });

  it('a 10 000-character content is escaped whole', () => {
    const content = '<&>'.repeat(3334).slice(0, 10_000);
    const html = toTelegramHtml([[text(content)]]);
    expect(html).not.toMatch(/[<>]/);
    expect(html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')).toBe(content);
  });
});

describe('styles', () => {
  const doc: Doc = [[bold('Tiền vào'), text(' '), italic('casso:1'), text(' '), code('0123456789')]];

  it('Telegram emits only <b>, <i> and <code>', () => {
    expect(toTelegramHtml(doc)).toBe('<b>Tiền vào</b> <i>casso:1</i> <code>0123456789</code>');
  });

  it('Slack uses *, _ and `', () => {
    expect(toSlackMrkdwn(doc)).toBe('*Tiền vào* _casso:1_ `0123456789`');
  });

  it('plain text drops styles', () => {
    expect(toPlainText(doc)).toBe('Tiền vào casso:1 0123456789');
  });

  it('hostile text inside a styled span cannot close or reopen the style', () => {
    const hostile: Doc = [[bold('a*b</b><i>c'), text(' '), code('x`y'), text(' '), italic('_z_')]];
    expect(toTelegramHtml(hostile)).toBe('<b>a*b&lt;/b&gt;&lt;i&gt;c</b> <code>x`y</code> <i>_z_</i>');
    expect(toSlackMrkdwn(hostile)).toBe('*a\u2217b&lt;/b&gt;&lt;i&gt;c* `x\u02cby` _\u02cdz\u02cd_');
  });

  it('Slack keeps spaces outside the markers (it ignores "* x *") and skips empty styled spans', () => {
    expect(toSlackMrkdwn([[text('a'), bold(' b '), text('c'), bold(''), italic('  ')]])).toBe('a *b* c  ');
    expect(toTelegramHtml([[bold('')]])).toBe('');
  });

  it('lines are joined with newlines', () => {
    expect(toTelegramHtml([[text('a')], [], [text('b')]])).toBe('a\n\nb');
    expect(toSlackMrkdwn([[text('a')], [text('b')]])).toBe('a\nb');
  });
});

describe('Slack block quotes', () => {
  it.each([
    ['> quoted', '\u00ad&gt; quoted'],
    ['  > quoted', '\u00ad  &gt; quoted'],
    ['＞ quoted', '\u00ad＞ quoted'],
    ['a > b', 'a &gt; b'],
  ])('%j at the start of a line cannot become a quote', (content, slack) => {
    expect(toSlackMrkdwn([[text(content)]])).toBe(slack);
    expect(toTelegramHtml([[text(content)]])).toBe(content.replace('>', '&gt;'));
  });
});
