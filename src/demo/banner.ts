import type { Locale } from '../core/locale.js';
import { providerLabel } from '../providers/index.js';
import type { DemoAccount } from './scenario.js';

export interface BannerFacts {
  accounts: readonly DemoAccount[];
  seeded: number;
  pollSeconds: number;
  dataDir: string;
  /** Whether commands can be typed (stdin is a terminal or a pipe). */
  reading: boolean;
}

/** What the demo is doing and what to type, in the bot's language. Pure. */
export function demoBanner(locale: Locale, facts: BannerFacts): string {
  const accounts = facts.accounts.map(
    (a) => `    ${providerLabel(a.provider).padEnd(6)} ${a.bank.padEnd(12)} ${a.accountNumber}`,
  );
  const rule = '─'.repeat(72);
  const t = locale === 'vi' ? vi(facts) : en(facts);
  return [rule, t.title, '', t.servers, ...accounts, '', ...t.story, '', ...t.commands, t.state, rule].join('\n');
}

function vi(f: BannerFacts) {
  return {
    title: 'bankbell demo: không cần ngân hàng, không cần chat, không cần khoá API',
    servers: 'Casso và SePay giả lập đang chạy ngay trên máy này (127.0.0.1), với các tài khoản:',
    story: [
      `Cứ vài giây lại có khách chuyển tiền (hoặc cửa hàng chi tiền). Bot thật hỏi ngân hàng mỗi ${f.pollSeconds} giây`,
      'và in từng khoản tiền vào ngay bên dưới, đúng như tin nhắn sẽ hiện trong Zalo (chữ thường như ở đây),',
      'Telegram hay Slack (có chữ đậm).',
      'Tiền ra không được báo; nhiều khoản đến cùng lúc được gộp thành một tin.',
      `${f.seeded} giao dịch cũ hơn đã có sẵn (không báo lại): thử /find.`,
    ],
    commands: f.reading
      ? ['Gõ: /balance   /find DH1042   /find 250k   /find chuyen tien   /help   exit (hoặc Ctrl-C)']
      : ['Dừng bằng Ctrl-C (SIGINT) hoặc SIGTERM.'],
    state: `Dữ liệu tạm: ${f.dataDir} (xoá khi thoát)`,
  };
}

function en(f: BannerFacts) {
  return {
    title: 'bankbell demo: no bank, no chat, no credentials',
    servers: 'Simulated Casso and SePay servers run on this computer (127.0.0.1), with these accounts:',
    story: [
      `Every few seconds a customer pays (or the shop pays a bill). The real bot polls every ${f.pollSeconds} s`,
      'and prints each incoming payment below, as it would read in a Zalo chat (plain text, as here),',
      'or in Telegram or Slack (with bold).',
      'Money going out is not alerted; several payments at once come as one digest.',
      `${f.seeded} older transactions are already there (not alerted): try /find.`,
    ],
    commands: f.reading
      ? ['Type: /balance   /find DH1042   /find 250k   /find chuyen tien   /help   exit (or Ctrl-C)']
      : ['Stop it with Ctrl-C (SIGINT) or SIGTERM.'],
    state: `State: ${f.dataDir} (removed at exit)`,
  };
}

/** The reply to a word the prompt does not know. */
export function unknownCommand(locale: Locale, word: string): string {
  return locale === 'vi'
    ? `Không có lệnh "${word}". Gõ /balance, /find <từ khoá>, /help hoặc exit.`
    : `No command "${word}". Type /balance, /find <words>, /help or exit.`;
}

export function stoppingMessage(locale: Locale): string {
  return locale === 'vi' ? 'Đang dừng demo và xoá dữ liệu tạm…' : 'Stopping the demo and removing its temporary data…';
}
