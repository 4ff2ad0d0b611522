import { describe, expect, it } from 'vitest';
import type { Account, Transaction } from '../../src/providers/model.js';
import { alertDoc, digestDoc, MAX_CONTENT_CHARS } from '../../src/render/alert.js';
import { balanceDoc } from '../../src/render/balance.js';
import { findErrorDoc, findResultDoc, findUsageDoc } from '../../src/render/find-result.js';
import { helpDoc, refusalDoc, startDoc } from '../../src/render/help.js';
import { messagesFor, type Locale, type RenderContext } from '../../src/render/messages.js';
import { toPlainText } from '../../src/render/plain-text.js';
import { toSlackMrkdwn } from '../../src/render/slack-mrkdwn.js';
import { toTelegramHtml, toTelegramMessages } from '../../src/render/telegram-html.js';

const VI: RenderContext = { timeZone: 'Asia/Ho_Chi_Minh', locale: 'vi' };
const EN: RenderContext = { timeZone: 'Asia/Ho_Chi_Minh', locale: 'en' };

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
    rawTime: '2025-04-10 10:40:12',
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
        'Số tiền: +18.067.000 ₫',
        'Nội dung: THANH TOAN DH1042',
        'Tài khoản: 0071000123456789',
        'Ngân hàng: Vietcombank',
        'Người chuyển: NGUYEN VAN A · 0011223344 · ACB',
        'Thời gian: 10:40 10/04/2025',
        'Nguồn: Casso',
        'Mã tham chiếu: FT25100123',
        'Mã thanh toán: DH1042',
        'casso:12345',
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
        'Amount: -500.000 ₫',
        'Content: THANH TOAN DH1042',
        'Account: 0071000123456789',
        'Bank: Vietcombank',
        'Time: 10 Apr 2025 00:30',
        'Provider: SePay',
        'sepay:92704',
      ].join('\n'),
    );
  });

  it('shows hostile content literally on both chats', () => {
    const hostile = tx({ content: '<!channel> *FREE* <a href="http://evil">x</a> @here', counterparty: null, reference: null });
    expect(toTelegramHtml(alertDoc(hostile, VI))).toBe(
      [
        '<b>Tiền vào</b>',
        'Số tiền: <b>+18.067.000 ₫</b>',
        'Nội dung: &lt;!channel&gt; *FREE* &lt;a href="http://evil"&gt;x&lt;/a&gt; @here',
        'Tài khoản: <code>0071000123456789</code>',
        'Ngân hàng: Vietcombank',
        'Thời gian: 10:40 10/04/2025',
        'Nguồn: Casso',
        '<i>casso:12345</i>',
      ].join('\n'),
    );
    expect(toSlackMrkdwn(alertDoc(hostile, VI))).toBe(
      [
        '*Tiền vào*',
        'Số tiền: *+18.067.000 ₫*',
        'Nội dung: &lt;!channel&gt; \u2217FREE\u2217 &lt;a href="http://evil"&gt;x&lt;/a&gt; @here',
        'Tài khoản: `0071000123456789`',
        'Ngân hàng: Vietcombank',
        'Thời gian: 10:40 10/04/2025',
        'Nguồn: Casso',
        '_casso:12345_',
      ].join('\n'),
    );
  });

  it('shows long real content whole and caps absurd content', () => {
    const real = 'CT DEN:512345 MBVCB.123 ' + 'Thanh toán đơn hàng số DH1042 '.repeat(15);
    expect(toPlainText(alertDoc(tx({ content: real }), VI))).toContain(`Nội dung: ${real}\n`);

    const absurd = 'x'.repeat(10_000);
    const plain = toPlainText(alertDoc(tx({ content: absurd }), VI));
    expect(plain).toContain(`Nội dung: ${'x'.repeat(MAX_CONTENT_CHARS - 1)}…\n`);
    const messages = toTelegramMessages(alertDoc(tx({ content: absurd }), VI));
    expect(messages).toHaveLength(1);
    expect(messages[0]?.length).toBeLessThanOrEqual(4096);
  });

  it('marks empty content instead of printing nothing', () => {
    expect(toPlainText(alertDoc(tx({ content: '  ' }), EN))).toContain('Content: (no content)\n');
  });
});

describe('digestDoc', () => {
  it('puts count and total on top and one short line per payment', () => {
    const txs = [
      tx(),
      tx({ providerId: '2', amount: 500_000, content: 'Chuyển tiền '.repeat(10), accountNumber: '19036789001234', occurredAt: '2025-04-10T04:00:00.000Z' }),
    ];
    expect(toPlainText(digestDoc(txs, VI))).toBe(
      [
        '2 khoản tiền vào, tổng +18.567.000 ₫',
        '+18.067.000 ₫ · THANH TOAN DH1042 · …6789 · 10:40 10/04/2025',
        `+500.000 ₫ · ${'Chuyển tiền '.repeat(5).trimEnd()}… · …1234 · 11:00 10/04/2025`,
      ].join('\n'),
    );
    expect(toPlainText(digestDoc([tx()], EN)).split('\n')[0]).toBe('1 payment, total +18.067.000 ₫');
  });
});

describe('balanceDoc', () => {
  const account = (overrides: Partial<Account>): Account => ({
    provider: 'sepay',
    providerId: '1',
    bank: 'MBBank',
    accountNumber: '0359123456',
    holder: 'SHOP ABC',
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
          { provider: 'casso', error: 'HTTP 503 from /v2/userInfo <html>' },
        ],
      },
      VI,
    );
    expect(toPlainText(doc)).toBe(
      [
        'Số dư tài khoản (đọc lúc 10:40 10/04/2025)',
        '2.525.493 ₫ · MBBank 0359123456 · SHOP ABC · SePay',
        '18.067.000 ₫ · Vietcombank 0071000123456789 · Casso',
        'không rõ số dư · MBBank 999 · SHOP ABC · SePay (đọc lúc 10:30 10/04/2025)',
        'Không lấy được dữ liệu từ Casso: HTTP 503 from /v2/userInfo <html>',
        'Tổng 2 tài khoản: 20.592.493 ₫',
      ].join('\n'),
    );
    expect(toTelegramHtml(doc)).toContain('/v2/userInfo &lt;html&gt;');
  });

  it('says when nothing is watched, in English too', () => {
    expect(toPlainText(balanceDoc({ readAt: '2025-04-10T03:40:30.000Z', entries: [] }, EN))).toBe(
      'Account balances (read at 10 Apr 2025 10:40)\nNo accounts are being watched.',
    );
  });
});

describe('findResultDoc', () => {
  it('says so when nothing matched', () => {
    expect(toPlainText(findResultDoc({ total: 0, shown: [] }, VI))).toBe('Không tìm thấy giao dịch nào.');
    expect(toPlainText(findResultDoc({ total: 0, shown: [] }, EN))).toBe('No results.');
  });

  it('counts all matches and shows each as in an alert, blank-line separated', () => {
    const shown = [tx({ providerId: '2' }), tx({ providerId: '1' })];
    const plain = toPlainText(findResultDoc({ total: 57, shown }, EN));
    const [header, ...blocks] = plain.split('\n\n');
    expect(header).toBe('57 results, showing newest 2:');
    expect(blocks).toEqual(shown.map((t) => toPlainText(alertDoc(t, EN))));
    expect(toPlainText(findResultDoc({ total: 1, shown: [tx()] }, VI)).split('\n')[0]).toBe('Tìm thấy 1 giao dịch:');
  });

  it('ten results split into messages without cutting a transaction in half', () => {
    const shown = Array.from({ length: 10 }, (_, i) => tx({ providerId: String(i), content: 'x'.repeat(900) }));
    const messages = toTelegramMessages(findResultDoc({ total: 10, shown }, VI));
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(message.length).toBeLessThanOrEqual(4096);
      const ids = message.match(/<i>casso:\d+<\/i>/g) ?? [];
      const titles = message.match(/<b>Tiền vào<\/b>/g) ?? [];
      expect(ids.length).toBe(titles.length);
    }
  });
});

describe('find usage and errors', () => {
  it.each<Locale>(['vi', 'en'])('the usage text (%s) covers the whole grammar', (locale) => {
    const usage = toPlainText(findUsageDoc({ timeZone: 'Asia/Ho_Chi_Minh', locale }));
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
    const telegram = toPlainText(helpDoc('en', { withStart: true }));
    const slack = toPlainText(helpDoc('en', { withStart: false }));
    for (const command of ['/balance', '/find', '/help']) {
      expect(telegram).toContain(command);
      expect(slack).toContain(command);
    }
    expect(telegram).toContain('/start');
    expect(slack).not.toContain('/start');
  });

  it('/start tells the chat its id, copyable', () => {
    expect(toTelegramHtml(startDoc(-1001234567890, 'vi')).split('\n')[0]).toBe(
      'ID của cuộc trò chuyện này: <code>-1001234567890</code>',
    );
    expect(toPlainText(startDoc('-42', 'en'))).toContain(toPlainText(helpDoc('en', { withStart: true })));
  });

  it.each<Locale>(['vi', 'en'])('the refusal (%s) is one line with no data', (locale) => {
    const doc = refusalDoc(locale);
    expect(doc).toHaveLength(1);
    expect(toPlainText(doc)).toBe(messagesFor(locale).refusal);
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
