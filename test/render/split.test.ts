import { describe, expect, it } from 'vitest';
import { BLANK, bold, text, verbatim, type Doc, type Line } from '../../src/render/doc.js';
import { toPlainText } from '../../src/render/plain-text.js';
import { SLACK_MAX_CHARS, slackMeasure, toSlackMessages, toSlackMrkdwn } from '../../src/render/slack-mrkdwn.js';
import { splitDoc, visibleMeasure } from '../../src/render/split.js';
import { TELEGRAM_MAX_CHARS, toTelegramMessages } from '../../src/render/telegram-html.js';
import { truncateText } from '../../src/render/truncate.js';
import { digestDoc, isAccountLine } from '../../src/render/alert.js';
import { makeTransaction } from '../../fakes/transactions.js';

/** What a Telegram user sees: the HTML with tags removed and entities decoded. */
const visible = (html: string): string =>
  html.replace(/<\/?(?:b|i|code)>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

const hasLoneSurrogate = (s: string): boolean => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

describe('truncateText', () => {
  it('leaves text within the limit alone', () => {
    expect(truncateText('Chuyển tiền', 11)).toBe('Chuyển tiền');
  });

  it('cuts with an ellipsis, within the limit', () => {
    const long = 'a'.repeat(10_000);
    const cut = truncateText(long, 1000);
    expect(cut).toHaveLength(1000);
    expect(cut.endsWith('a…')).toBe(true);
  });

  it('never separates a letter from its accent, a surrogate pair or an emoji sequence', () => {
    expect(truncateText('tie\u0302\u0300n tie\u0302\u0300n', 4)).toBe('ti…');
    expect(truncateText('ab💸💸💸', 4)).toBe('ab…');
    expect(truncateText('👨‍👩‍👧👨‍👩‍👧', 9)).toBe('👨‍👩‍👧…');
    expect(hasLoneSurrogate(truncateText('💸'.repeat(600), 1000))).toBe(false);
  });
});

describe('splitDoc', () => {
  const lines = (n: number, width: number): Line[] =>
    Array.from({ length: n }, (_, i): Line => [text(String(i).padEnd(width, '.'))]);

  it('keeps a short doc whole and drops an empty one', () => {
    const doc: Doc = [[text('a')], [text('b')]];
    expect(splitDoc(doc, 100)).toEqual([doc]);
    expect(splitDoc([], 100)).toEqual([]);
    expect(splitDoc([BLANK, BLANK], 100)).toEqual([]);
  });

  it('cuts at line boundaries, every part within the limit, nothing lost', () => {
    const doc = lines(100, 99); // 100 lines of 99 chars + newline = 10 000 visible
    const parts = splitDoc(doc, 1000);
    expect(parts.length).toBe(10);
    for (const part of parts) expect(toPlainText(part).length).toBeLessThanOrEqual(1000);
    expect(parts.flat()).toEqual(doc);
  });

  it('prefers to cut at a blank line so a block stays together', () => {
    const block = (name: string): Line[] => [[bold(name)], [text('x'.repeat(30))], [text('y'.repeat(30))]];
    const doc: Doc = [...block('A'), BLANK, ...block('B'), BLANK, ...block('C')];
    const parts = splitDoc(doc, 100); // one block is 64, two are 129
    expect(parts.map((part) => part[0])).toEqual([[bold('A')], [bold('B')], [bold('C')]]);
    expect(parts.every((part) => part.length === 3)).toBe(true);
  });

  it('wraps a single line longer than the limit, keeping its style and graphemes', () => {
    const content = 'Nội dung 💸 '.repeat(1000); // 12 000 UTF-16 units
    const parts = splitDoc([[bold('Nội dung: '), text(content)]], TELEGRAM_MAX_CHARS);
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) {
      const plain = toPlainText(part);
      expect(plain.length).toBeLessThanOrEqual(TELEGRAM_MAX_CHARS);
      expect(hasLoneSurrogate(plain)).toBe(false);
    }
    expect(parts.map(toPlainText).join('')).toBe(`Nội dung: ${content}`);
    expect(parts[1]?.[0]?.[0]?.style).toBeUndefined();
  });

  it('starts a line longer than a part in what is left of the part before it, when that is a fair share', () => {
    const doc: Doc = [[text('Tiền vào')], [text('Nội dung: '), verbatim('x'.repeat(1500))], [text('Tài khoản: 1')]];
    const parts = splitDoc(doc, 1000);
    expect(parts.map((part) => toPlainText(part).length)).toEqual([999, 533]);
    expect(toPlainText(parts[0] ?? []).startsWith('Tiền vào\nNội dung: xxx')).toBe(true);
    expect(parts[1]?.[0]).toEqual([verbatim('x'.repeat(520))]);
    expect(parts.map(toPlainText).join('')).toBe(toPlainText(doc));
    // With little left, it starts a part of its own.
    expect(splitDoc([[text('y'.repeat(900))], [text('x'.repeat(1500))]], 1000).map((part) => toPlainText(part).length)).toEqual([900, 999, 501]);
  });

  it('measures Slack on the escaped text, so entity-heavy content still fits', () => {
    const content = '<&>'.repeat(3000); // 9 000 visible, 39 000 escaped
    const messages = toSlackMessages([[text('Nội dung: '), text(content)]]);
    expect(messages.length).toBeGreaterThan(10);
    for (const message of messages) expect(message.length).toBeLessThanOrEqual(SLACK_MAX_CHARS);
    const decoded = messages.join('').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    expect(decoded).toBe(`Nội dung: ${content}`);
  });

  it('splits for Slack section blocks at a smaller limit on request', () => {
    const doc: Doc = Array.from({ length: 200 }, (_, i): Line => [text(`${i} `.padEnd(40, '_'))]);
    const messages = toSlackMessages(doc, 3000);
    expect(messages.length).toBeGreaterThan(2);
    for (const message of messages) expect(message.length).toBeLessThanOrEqual(3000);
  });

  it('counts Slack markers, and the guard against block quotes, in the budget', () => {
    const doc: Doc = Array.from({ length: 200 }, (): Line => [text('> '), bold('x'.repeat(30))]);
    for (const part of splitDoc(doc, 500, slackMeasure)) expect(toSlackMrkdwn(part).length).toBeLessThanOrEqual(500);
  });

  it('Telegram messages stay within 4096 visible characters', () => {
    const doc: Doc = Array.from({ length: 300 }, (_, i): Line => [bold(`${i}`), text(' <b>&amp;</b> '.repeat(5))]);
    const messages = toTelegramMessages(doc);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(visible(message).length).toBeLessThanOrEqual(TELEGRAM_MAX_CHARS);
  });

  it('repeats a digest\'s account line at the top of every part that starts among its payments', () => {
    const txs = Array.from({ length: 60 }, (_, i) =>
      makeTransaction({ accountNumber: i < 45 ? '0071000888888' : '1900112233', bank: i < 45 ? 'MBBank' : 'Vietcombank', content: `DH${i} ${'x'.repeat(40)}` }),
    );
    const parts = splitDoc(digestDoc(txs, { timeZone: 'Asia/Ho_Chi_Minh', locale: 'vi' }), 700, visibleMeasure, isAccountLine);
    expect(parts.length).toBeGreaterThan(4);
    const seen: string[] = [];
    for (const part of parts) {
      expect(toPlainText(part).length).toBeLessThanOrEqual(700);
      let account = '';
      for (const line of toPlainText(part).split('\n')) {
        if (line.startsWith('Tài khoản:')) account = line;
        const payment = /DH(\d+)/.exec(line);
        if (payment === null) continue;
        expect(account).toContain(Number(payment[1]) < 45 ? '0071000888888 · MBBank · SePay' : '1900112233 · Vietcombank · SePay');
        seen.push(payment[0]);
      }
    }
    expect(seen).toEqual(txs.map((_, i) => `DH${i}`));
    // Without the predicate nothing is repeated: the second part starts with bare payments.
    expect(toPlainText(splitDoc(digestDoc(txs, { timeZone: 'Asia/Ho_Chi_Minh', locale: 'vi' }), 700)[1] ?? []).split('\n')[0]).toMatch(/^\+/);
  });

  it('uses the visible measure by default', () => {
    expect(visibleMeasure.text('<&>')).toBe(3);
    expect(slackMeasure.text('<&>')).toBe(13);
  });
});
