import { describe, expect, it } from 'vitest';
import type { Account, Transaction } from '../../src/core/model.js';
import { alertDoc, digestDoc } from '../../src/render/alert.js';
import { balanceDoc } from '../../src/commands/balance/balance-doc.js';
import { findErrorDoc, findResultDoc, findUsageDoc } from '../../src/commands/find/find-doc.js';
import { refusalDoc } from '../../src/commands/answer-command.js';
import { helpDoc, startDoc } from '../../src/commands/help/help-doc.js';
import { COMMANDS } from '../../src/commands/index.js';
import { commandsFor } from '../../src/core/command.js';
import type { Locale } from '../../src/core/locale.js';
import { messagesFor, type RenderContext } from '../../src/render/messages.js';
import { toPlainText } from '../../src/render/plain-text.js';
import { toSlackMrkdwn } from '../../src/chats/slack/slack-mrkdwn.js';
import { toTelegramHtml, toTelegramMessages } from '../../src/chats/telegram/telegram-html.js';
import { code, italic, text } from '../../src/render/doc.js';
import { renderContext } from '../helpers/render-context.js';

const VI: RenderContext = renderContext('vi');
const EN: RenderContext = renderContext('en');

function tx(overrides: Partial<Transaction> = {}): Transaction {
  return {
    provider: 'casso',
    providerId: '12345',
    accountNumber: '0071000123456789',
    bank: 'Vietcombank',
    amount: 18_067_000,
    direction: 'in',
    content: 'THANH TOAN DH1042',
    reference: 'FT25100123',
    occurredAt: '2025-04-10T03:40:12.000Z',
    balanceAfter: null,
    counterparty: { name: 'NGUYEN VAN A', accountNumber: '0011223344', bank: 'ACB' },
    code: null,
    virtualAccount: null,
    ...overrides,
  };
}

describe('alertDoc', () => {
  it('says everything guarantee 4 asks for, in Vietnamese by default', () => {
    expect(toPlainText(alertDoc(tx({ code: 'DH1042' }), VI))).toBe(
      [
        'Tiền vào',
        'Số tiền:\u00a0+18.067.000 ₫',
        'Nội dung:\u00a0THANH TOAN DH1042',
        'Tài khoản:\u00a00071000123456789',
        'Ngân hàng:\u00a0Vietcombank',
        'Người chuyển:\u00a0NGUYEN VAN A · 0011223344 · ACB',
        'Thời gian:\u00a010:40\u00a010/04/2025',
        'Nguồn:\u00a0Casso',
        'Mã tham chiếu:\u00a0FT25100123',
        'Mã thanh toán:\u00a0DH1042',
      ].join('\n'),
    );
  });

  it('in English, for money out, without the optional parts', () => {
    const out = tx({
      provider: 'sepay',
      providerId: '92704',
      amount: -500_000,
      direction: 'out',
      reference: null,
      counterparty: { name: null, accountNumber: ' ', bank: null },
      occurredAt: '2025-04-09T17:30:00.000Z',
    });
    expect(toPlainText(alertDoc(out, EN))).toBe(
      [
        'Money out',
        'Amount:\u00a0-500.000 ₫',
        'Content:\u00a0THANH TOAN DH1042',
        'Account:\u00a00071000123456789',
        'Bank:\u00a0Vietcombank',
        'Time:\u00a010\u00a0Apr\u00a02025\u00a000:30',
        'Provider:\u00a0SePay',
      ].join('\n'),
    );
  });

  it('shows hostile content literally on both chats', () => {
    const hostile = tx({ content: '<!channel> *FREE* <a href="http://evil">x</a> @here', counterparty: null, reference: null });
    expect(toTelegramHtml(alertDoc(hostile, VI))).toBe(
      [
        '<b>Tiền vào</b>',
        'Số tiền:\u00a0<b>+18.067.000 ₫</b>',
        // Inside <code>, where Telegram makes no mention or link of `@here` or a URL.
        'Nội dung:\u00a0<code>&lt;!channel&gt; *FREE* &lt;a href="http://evil"&gt;x&lt;/a&gt; @here</code>',
        'Tài khoản:\u00a0<code>0071000123456789</code>',
        'Ngân hàng:\u00a0Vietcombank',
        'Thời gian:\u00a010:40\u00a010/04/2025',
        'Nguồn:\u00a0Casso',
      ].join('\n'),
    );
    expect(toSlackMrkdwn(alertDoc(hostile, VI))).toBe(
      [
        '*Tiền vào*',
        'Số tiền: *+18.067.000 ₫*',
        'Nội dung:\u00a0&lt;!channel&gt; \u2217FREE\u2217 &lt;a href="http://evil"&gt;x&lt;/a&gt; @here',
        'Tài khoản: `0071000123456789`',
        'Ngân hàng:\u00a0Vietcombank',
        'Thời gian:\u00a010:40\u00a010/04/2025',
        'Nguồn:\u00a0Casso',
      ].join('\n'),
    );
  });

  it('keeps every label with its value and every time in one piece, for narrow screens', () => {
    for (const ctx of [VI, EN]) {
      const [, ...fields] = toPlainText(alertDoc(tx({ code: 'DH1042' }), ctx)).split('\n');
      expect(fields.length).toBeGreaterThanOrEqual(9);
      for (const line of fields) expect(line).toMatch(/^[^:\s][^:]*:\u00a0\S/);
      const time = fields.find((line) => /^(Thời gian|Time):/.test(line)) ?? '';
      expect(time.slice(time.indexOf(':') + 1)).toMatch(/^\u00a0\S+(\u00a0\S+)+$/);
    }
  });

  it('on Slack, puts a plain space next to a style marker and keeps the other non-breaking spaces', () => {
    expect(toSlackMrkdwn([[text('Tài khoản:\u00a0'), code('0123'), text('\u00a0·\u00a0'), italic('x'), text('\u00a0y\u00a0z')]])).toBe(
      'Tài khoản: `0123` · _x_ y\u00a0z',
    );
  });

  it('shows long content whole, however long: a message too short for it is split, never cut', () => {
    const real = 'CT DEN:512345 MBVCB.123 ' + 'Thanh toán đơn hàng số DH1042 '.repeat(15);
    expect(toPlainText(alertDoc(tx({ content: real }), VI))).toContain(`Nội dung:\u00a0${real}\n`);

    const absurd = `${'x'.repeat(10_000)}END`;
    expect(toPlainText(alertDoc(tx({ content: absurd }), VI))).toContain(`Nội dung:\u00a0${absurd}\n`);
    const messages = toTelegramMessages(alertDoc(tx({ content: absurd }), VI));
    expect(messages).toHaveLength(3);
    // Within 4 096 visible characters each, the content in `code` in every part.
    for (const message of messages) expect(message.replace(/<\/?(?:b|i|code)>/g, '').length).toBeLessThanOrEqual(4096);
    for (const message of messages) expect(message).toContain(`<code>${'x'.repeat(100)}`);
    expect(messages.join('').replace(/<\/?code>/g, '')).toContain(absurd);
  });

  it('marks empty content instead of printing nothing', () => {
    expect(toPlainText(alertDoc(tx({ content: '  ' }), EN))).toContain('Content:\u00a0(no content)\n');
  });
});

describe('digestDoc', () => {
  const second = tx({ providerId: '2', amount: 500_000, content: 'Chuyển tiền '.repeat(10), accountNumber: '19036789001234', occurredAt: '2025-04-10T04:00:00.000Z' });

  it('puts count, total and the shared day on top, then each account and under it one line per payment with the time alone', () => {
    expect(toPlainText(digestDoc([tx(), second], VI))).toBe(
      [
        '2 khoản tiền vào, tổng +18.567.000 ₫ (10/04/2025)',
        '',
        'Tài khoản:\u00a00071000123456789 · Vietcombank · Casso',
        '+18.067.000 ₫ · 10:40 · THANH TOAN DH1042',
        '',
        'Tài khoản:\u00a019036789001234 · Vietcombank · Casso',
        `+500.000 ₫ · 11:00 · ${'Chuyển tiền '.repeat(10).trimEnd()}`,
      ].join('\n'),
    );
    expect(toPlainText(digestDoc([tx()], EN)).split('\n')[0]).toBe('1 payment, total +18.067.000 ₫ (10\u00a0Apr\u00a02025)');
  });

  it('groups payments by account and provider in the order their first payment came, each group oldest first', () => {
    const viaSepay = tx({ provider: 'sepay', providerId: '9', amount: 70_000 });
    const lines = toPlainText(digestDoc([tx({ amount: 10_000 }), second, viaSepay, tx({ providerId: '3', amount: 30_000 })], EN)).split('\n');
    expect(lines.filter((line) => line.startsWith('Account:') || line.startsWith('+'))).toEqual([
      'Account:\u00a00071000123456789 · Vietcombank · Casso',
      '+10.000 ₫ · 10:40 · THANH TOAN DH1042',
      '+30.000 ₫ · 10:40 · THANH TOAN DH1042',
      'Account:\u00a019036789001234 · Vietcombank · Casso',
      `+500.000 ₫ · 11:00 · ${'Chuyển tiền '.repeat(10).trimEnd()}`,
      'Account:\u00a00071000123456789 · Vietcombank · SePay',
      '+70.000 ₫ · 10:40 · THANH TOAN DH1042',
    ]);
  });

  it('decides "same day" in TZ_DISPLAY, not in UTC', () => {
    // 16:59Z and 17:01Z are one UTC day but 23:59 and 00:01 on two days in Vietnam.
    const lateNight = [tx({ occurredAt: '2025-04-09T16:59:00.000Z' }), tx({ providerId: '2', occurredAt: '2025-04-09T17:01:00.000Z' })];
    expect(toPlainText(digestDoc(lateNight, VI)).split('\n')).toEqual([
      '2 khoản tiền vào, tổng +36.134.000 ₫',
      '',
      'Tài khoản:\u00a00071000123456789 · Vietcombank · Casso',
      '+18.067.000 ₫ · 23:59\u00a009/04 · THANH TOAN DH1042',
      '+18.067.000 ₫ · 00:01\u00a010/04 · THANH TOAN DH1042',
    ]);
    expect(toPlainText(digestDoc(lateNight, renderContext('en', 'UTC'))).split('\n')).toEqual([
      '2 payments, total +36.134.000 ₫ (9\u00a0Apr\u00a02025)',
      '',
      'Account:\u00a00071000123456789 · Vietcombank · Casso',
      '+18.067.000 ₫ · 16:59 · THANH TOAN DH1042',
      '+18.067.000 ₫ · 17:01 · THANH TOAN DH1042',
    ]);
  });

  it('shows day and month on each line across days, and the year across years', () => {
    const acrossDays = [tx(), tx({ providerId: '2', occurredAt: '2025-04-11T01:05:00.000Z' })];
    expect(toPlainText(digestDoc(acrossDays, EN)).split('\n').slice(3)).toEqual([
      '+18.067.000 ₫ · 10\u00a0Apr\u00a010:40 · THANH TOAN DH1042',
      '+18.067.000 ₫ · 11\u00a0Apr\u00a008:05 · THANH TOAN DH1042',
    ]);
    const acrossYears = [tx({ occurredAt: '2025-12-31T16:30:00.000Z' }), tx({ providerId: '2', occurredAt: '2025-12-31T17:30:00.000Z' })];
    expect(toPlainText(digestDoc(acrossYears, VI)).split('\n').slice(3)).toEqual([
      '+18.067.000 ₫ · 23:30\u00a031/12/2025 · THANH TOAN DH1042',
      '+18.067.000 ₫ · 00:30\u00a001/01/2026 · THANH TOAN DH1042',
    ]);
  });
});

describe('balanceDoc', () => {
  const account = (overrides: Partial<Account>): Account => ({
    provider: 'sepay',
    providerId: '1',
    bank: 'MBBank',
    accountNumber: '0359123456',
    holder: 'SHOP ABC',
    bin: null,
    balance: 2_525_493,
    readAt: '2025-04-10T03:40:12.000Z',
    ...overrides,
  });

  it('lists accounts, unknown balances, failed providers and a total', () => {
    const doc = balanceDoc(
      {
        readAt: '2025-04-10T03:40:30.000Z',
        entries: [
          { account: account({}) },
          { account: account({ provider: 'casso', bank: 'Vietcombank', accountNumber: '0071000123456789', holder: null, balance: 18_067_000 }) },
          { account: account({ accountNumber: '999', balance: null, readAt: '2025-04-10T03:30:00.000Z' }) },
          { provider: 'casso', failure: 'server' },
        ],
      },
      VI,
    );
    expect(toPlainText(doc)).toBe(
      [
        'Số dư tài khoản (đọc lúc 10:40\u00a010/04/2025)',
        '2.525.493 ₫ · MBBank 0359123456 · SHOP ABC · SePay',
        '18.067.000 ₫ · Vietcombank 0071000123456789 · Casso',
        'không rõ số dư · MBBank 999 · SHOP ABC · SePay (đọc lúc 10:30\u00a010/04/2025)',
        'Không lấy được dữ liệu từ Casso: máy chủ đang gặp lỗi',
        'Tổng 2 tài khoản: 20.592.493 ₫',
      ].join('\n'),
    );
  });

  it('says when nothing is watched, in English too', () => {
    expect(toPlainText(balanceDoc({ readAt: '2025-04-10T03:40:30.000Z', entries: [] }, EN))).toBe(
      'Account balances (read at 10\u00a0Apr\u00a02025\u00a010:40)\nNo accounts are being watched.',
    );
  });
});

describe('findResultDoc', () => {
  it('says so when nothing matched', () => {
    expect(toPlainText(findResultDoc({ total: 0, more: false, shown: [] }, VI))).toBe('Không tìm thấy giao dịch nào.');
    expect(toPlainText(findResultDoc({ total: 0, more: false, shown: [] }, EN))).toBe('No results.');
  });

  it('counts all matches and shows each as in an alert, blank-line separated', () => {
    const shown = [tx({ providerId: '2' }), tx({ providerId: '1' })];
    const plain = toPlainText(findResultDoc({ total: 57, more: false, shown }, EN));
    const [header, ...blocks] = plain.split('\n\n');
    expect(header).toBe('57 results, showing newest 2:');
    expect(blocks).toEqual(shown.map((t) => toPlainText(alertDoc(t, EN))));
    expect(toPlainText(findResultDoc({ total: 1, more: false, shown: [tx()] }, VI)).split('\n')[0]).toBe('Tìm thấy 1 giao dịch:');
  });

  it('ten results split into messages without cutting a transaction in half', () => {
    const shown = Array.from({ length: 10 }, (_, i) => tx({ providerId: String(i), content: 'x'.repeat(900) }));
    const messages = toTelegramMessages(findResultDoc({ total: 10, more: false, shown }, VI));
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(message.length).toBeLessThanOrEqual(4096);
      // Each transaction whole: as many last lines (the bank reference) as titles.
      const ends = message.match(/Mã tham chiếu:\u00a0<code>FT25100123<\/code>/g) ?? [];
      const titles = message.match(/<b>Tiền vào<\/b>/g) ?? [];
      expect(ends.length).toBe(titles.length);
    }
  });
});

describe('find usage and errors', () => {
  it.each<Locale>(['vi', 'en'])('the usage text (%s) covers the whole grammar', (locale) => {
    const usage = toPlainText(findUsageDoc(renderContext(locale)));
    for (const form of ['500000', '500.000', '500,000', '500k', '1.5tr', '1tr5', '2m', '2025-11-03', '03/11/2025', 'from:', 'to:', 'acc:1234', 'DH1042', 'chuyen tien', 'Asia/Ho_Chi_Minh']) {
      expect(usage).toContain(form);
    }
  });

  it('an error names the problem, then shows the usage', () => {
    const plain = toPlainText(findErrorDoc({ kind: 'bad-date', token: 'from:notadate' }, EN));
    expect(plain.split('\n')[0]).toBe('Not a valid date: from:notadate');
    expect(plain).toContain(toPlainText(findUsageDoc(EN)));
    expect(toPlainText(findErrorDoc({ kind: 'bad-range', from: '2025-11-30', to: '2025-11-01' }, VI)).split('\n')[0]).toBe(
      'Ngày bắt đầu 2025-11-30 sau ngày kết thúc 2025-11-01.',
    );
    expect(toPlainText(findErrorDoc({ kind: 'repeated', filter: 'acc' }, EN)).split('\n')[0]).toBe('Use acc: once per search.');
    expect(toPlainText(findErrorDoc({ kind: 'empty' }, VI)).split('\n')[0]).toBe('Hãy cho biết cần tìm gì.');
  });

  it('echoes a hostile token literally and capped', () => {
    const html = toTelegramHtml(findErrorDoc({ kind: 'bad-account', token: `acc:<b>${'9'.repeat(500)}` }, EN));
    expect(html.split('\n')[0]).toMatch(/^Not a valid account: acc:&lt;b&gt;9+… \(digits only, e\.g\. acc:6789\)$/);
  });
});

describe('help, start and refusal', () => {
  it('help lists the commands; /start only where it exists', () => {
    const telegram = toPlainText(helpDoc(commandsFor(COMMANDS, ['start']), 'en'));
    const slack = toPlainText(helpDoc(commandsFor(COMMANDS, []), 'en'));
    for (const command of ['/balance', '/find', '/help']) {
      expect(telegram).toContain(command);
      expect(slack).toContain(command);
    }
    expect(telegram).toContain('/start');
    expect(slack).not.toContain('/start');
  });

  it('/start tells the chat its id, copyable', () => {
    const telegram = commandsFor(COMMANDS, ['start']);
    expect(toTelegramHtml(startDoc(-1001234567890, telegram, 'vi')).split('\n')[0]).toBe(
      'ID của cuộc trò chuyện này: <code>-1001234567890</code>',
    );
    expect(toPlainText(startDoc('-42', telegram, 'en'))).toContain(toPlainText(helpDoc(telegram, 'en')));
  });

  it.each<Locale>(['vi', 'en'])('the refusal (%s) is one line with no data', (locale) => {
    const doc = refusalDoc(locale);
    expect(doc).toHaveLength(1);
    expect(toPlainText(doc)).toBe({ vi: 'Cuộc trò chuyện này không được phép dùng bot.', en: 'This chat is not allowed to use this bot.' }[locale]);
    expect(toPlainText(doc)).not.toMatch(/\d/);
  });
});

describe('the catalogue', () => {
  /** Shape of a catalogue: keys and kinds of values, recursively, arrays by their element kinds. */
  const shape = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(shape);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shape(inner)]));
    }
    return typeof value;
  };

  it('has the same keys in both languages, and different wording', () => {
    expect(shape(messagesFor('en'))).toEqual(shape(messagesFor('vi')));
    expect(messagesFor('en').alert.titleIn).toBe('Money in');
    expect(messagesFor('vi').alert.titleIn).toBe('Tiền vào');
  });
});
