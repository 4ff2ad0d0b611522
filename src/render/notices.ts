import type { ProblemReason, ServiceNotice } from '../core/service-notice.js';
import { bold, text, type Doc, type Line } from './doc.js';
import { formatTime } from './format-time.js';
import type { Locale } from '../core/locale.js';
import { providerName, type RenderContext } from './messages.js';
import { truncateText } from './truncate.js';

const MAX_DETAIL_CHARS = 200;

type ProviderReason = Extract<ProblemReason, { about: 'provider' }>;

interface NoticeWording {
  providerDown: (name: string) => string;
  providerWhy: (r: ProviderReason) => string;
  providerImpact: (since: string) => string;
  providerBack: (name: string) => string;
  caughtUp: (count: number, since: string) => string;
  stateDown: string;
  stateImpact: string;
  stateBack: string;
  chatDown: (chat: string) => string;
  chatImpact: string;
  chatBack: (chat: string) => string;
  chatsDown: string;
  chatsImpact: string;
  chatsBack: string;
  why: (detail: string) => string;
  fix: (hint: string) => string;
}

const WORDING: Record<Locale, NoticeWording> = {
  vi: {
    providerDown: (name) => `⚠️ ${name} đang không hoạt động`,
    providerWhy: (r) =>
      ({
        auth: `${r.provider} từ chối khóa ${r.credential ?? 'API'}: kiểm tra lại khóa trong cấu hình`,
        rate_limited: 'bị giới hạn tốc độ',
        server: `lỗi máy chủ${r.status === null ? '' : ` ${r.status}`}`,
        network: 'không kết nối được',
        bad_response: 'trả lời không đúng định dạng',
        api: `báo lỗi${r.status === null ? '' : ` (HTTP ${r.status})`}`,
      })[r.code],
    providerImpact: (since) => `Từ ${since}, tiền vào có thể chưa được báo cho đến khi sự cố được khắc phục.`,
    providerBack: (name) => `✅ ${name} đã hoạt động trở lại`,
    caughtUp: (count, since) => `Đã cập nhật ${count} giao dịch kể từ lúc sự cố bắt đầu (${since}).`,
    stateDown: '⚠️ Bot không ghi được dữ liệu (ổ đĩa đầy hoặc không có quyền ghi)',
    stateImpact: 'Các thông báo tiền vào đang được giữ lại, không bị mất, và sẽ được gửi khi ghi được trở lại.',
    stateBack: '✅ Bot đã ghi được dữ liệu trở lại; các thông báo đang giữ sẽ được gửi.',
    chatDown: (chat) => `⚠️ Không gửi được tin vào ${chat}`,
    chatImpact: 'Các thông báo cho nơi đó đang chờ và sẽ được gửi khi sự cố được khắc phục.',
    chatBack: (chat) => `✅ Đã gửi được tin vào ${chat} trở lại.`,
    chatsDown: '⚠️ Bot không gửi được tin vào nơi nào (mất kết nối mạng?)',
    chatsImpact: 'Các thông báo tiền vào đang chờ và sẽ được gửi khi kết nối trở lại.',
    chatsBack: '✅ Bot đã gửi được tin trở lại; các thông báo đang chờ sẽ được gửi.',
    why: (detail) => `Lý do: ${detail}`,
    fix: (hint) => `Cách sửa: ${hint}`,
  },
  en: {
    providerDown: (name) => `⚠️ ${name} is not working`,
    providerWhy: (r) =>
      ({
        auth: `${r.provider} rejects ${r.credential ?? 'the API key'}: check the key in the configuration`,
        rate_limited: 'rate limited',
        server: `server error${r.status === null ? '' : ` ${r.status}`}`,
        network: 'unreachable',
        bad_response: 'unexpected answers',
        api: `error answers${r.status === null ? '' : ` (HTTP ${r.status})`}`,
      })[r.code],
    providerImpact: (since) => `Since ${since}. Payments may not be announced until it is fixed.`,
    providerBack: (name) => `✅ ${name} works again`,
    caughtUp: (count, since) => `${count} ${count === 1 ? 'payment' : 'payments'} caught up since the problem began (${since}).`,
    stateDown: '⚠️ The bot cannot save its state (disk full or not writable)',
    stateImpact: 'Alerts are held, not lost, and go out once it can save again.',
    stateBack: '✅ The bot can save its state again; held alerts are going out.',
    chatDown: (chat) => `⚠️ Cannot post to ${chat}`,
    chatImpact: 'Its alerts wait and go out once this is fixed.',
    chatBack: (chat) => `✅ ${chat} takes messages again.`,
    chatsDown: '⚠️ The bot cannot reach any chat (its network?)',
    chatsImpact: 'Alerts wait and go out once it can reach the chats again.',
    chatsBack: '✅ The bot reaches the chats again; waiting alerts are going out.',
    why: (detail) => `Why: ${detail}`,
    fix: (hint) => `Fix: ${hint}`,
  },
};

/** A destination as the operator configured it: `Telegram -1001234567890`, `Slack C0123`. */
function chatName(dest: string): string {
  const [platform = dest, ...rest] = dest.split(':');
  const label = platform.charAt(0).toUpperCase() + platform.slice(1);
  return rest.length === 0 ? label : `${label} ${rest.join(':')}`;
}

/** A service notice in one chat's language: what is wrong (or right again), why, and what it means for alerts. */
export function noticeDoc(notice: ServiceNotice, ctx: RenderContext): Doc {
  const w = WORDING[ctx.locale];
  const since = formatTime(new Date(notice.since).toISOString(), ctx.timeZone, ctx.locale);
  const detail = (value: string): Line => [text(truncateText(value, MAX_DETAIL_CHARS))];
  const { reason } = notice;
  if (reason.about === 'provider') {
    const name = providerName(ctx, reason.provider);
    if (notice.kind === 'over') return [[bold(w.providerBack(name))], [text(w.caughtUp(notice.caughtUp ?? 0, since))]];
    return [[bold(w.providerDown(name))], detail(w.why(w.providerWhy({ ...reason, provider: name }))), [text(w.providerImpact(since))]];
  }
  if (reason.about === 'state') return notice.kind === 'over' ? [[bold(w.stateBack)]] : [[bold(w.stateDown)], [text(w.stateImpact)]];
  if (reason.about === 'chats') {
    return notice.kind === 'over' ? [[bold(w.chatsBack)]] : [[bold(w.chatsDown)], detail(w.why(reason.detail)), [text(w.chatsImpact)]];
  }
  const chat = chatName(reason.dest);
  if (notice.kind === 'over') return [[bold(w.chatBack(chat))]];
  return [[bold(w.chatDown(chat))], detail(w.why(reason.detail)), ...(reason.fix === null ? [] : [detail(w.fix(reason.fix))]), [text(w.chatImpact)]];
}
