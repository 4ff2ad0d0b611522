import type { AlertLook } from '../core/chat-sender.js';
import type { Locale } from '../core/locale.js';
import type { ProviderName } from '../core/model.js';
import { plural } from './plural.js';

/** What every doc builder needs to know about the reader. */
export interface RenderContext {
  /** IANA zone times are shown in (`TZ_DISPLAY`). */
  timeZone: string;
  locale: Locale;
  /** Each provider's name as people see it (`casso` → `Casso`), filled from the providers' registry. */
  providers: ReadonlyMap<ProviderName, string>;
  /** Account numbers cut to their last digits, no balances, no counterparty accounts (`/privacy on`). */
  privacy?: boolean;
  /** The /qr request a payment answered (see AlertLook), named in its alert. */
  requestOf?: AlertLook['requestOf'];
}

/** A provider's name as people see it (`Casso`); its own name when the bot knows no other. */
export function providerName(ctx: RenderContext, provider: ProviderName): string {
  return ctx.providers.get(provider) ?? provider;
}

/** The bot's context as one chat wants it: its own language and privacy, when it set them. */
export function lookedAs(ctx: RenderContext, look: AlertLook | undefined): RenderContext {
  if (look === undefined) return ctx;
  return { ...ctx, locale: look.locale ?? ctx.locale, privacy: look.privacy, requestOf: look.requestOf };
}

/**
 * The wording of what several parts show: alerts and digests (the chats draw them, /find and
 * /test show them), and the apology for a command that failed. Both catalogues are typed by this
 * one interface, so a key missing from either language does not compile. Dynamic parts (amounts,
 * times) arrive already formatted; the builders in alert.ts place them. A command's own wording
 * is in its folder under src/commands.
 */
export interface Messages {
  alert: {
    titleIn: string;
    titleOut: string;
    amount: string;
    content: string;
    emptyContent: string;
    account: string;
    bank: string;
    time: string;
    reference: string;
    paymentCode: string;
    provider: string;
    counterpartyIn: string;
    counterpartyOut: string;
  };
  digest: {
    header(count: number, total: string): string;
    /** A digest with money out too (`/alerts out|all`): the total is the net movement. */
    mixedHeader(count: number, net: string): string;
  };
  /** A command could not be answered (a provider or the chat failed); the log says why. */
  commandFailed: string;
}

const vi: Messages = {
  alert: {
    titleIn: 'Tiền vào',
    titleOut: 'Tiền ra',
    amount: 'Số tiền',
    content: 'Nội dung',
    emptyContent: '(không có nội dung)',
    account: 'Tài khoản',
    bank: 'Ngân hàng',
    time: 'Thời gian',
    reference: 'Mã tham chiếu',
    paymentCode: 'Mã thanh toán',
    provider: 'Nguồn',
    counterpartyIn: 'Người chuyển',
    counterpartyOut: 'Người nhận',
  },
  digest: {
    header: (count, total) => `${count} khoản tiền vào, tổng ${total}`,
    mixedHeader: (count, net) => `${count} giao dịch, chênh lệch ${net}`,
  },
  commandFailed: 'Không trả lời được lúc này, vui lòng thử lại sau.',
};

const en: Messages = {
  alert: {
    titleIn: 'Money in',
    titleOut: 'Money out',
    amount: 'Amount',
    content: 'Content',
    emptyContent: '(no content)',
    account: 'Account',
    bank: 'Bank',
    time: 'Time',
    reference: 'Reference',
    paymentCode: 'Payment code',
    provider: 'Provider',
    counterpartyIn: 'From',
    counterpartyOut: 'To',
  },
  digest: {
    header: (count, total) => `${plural(count, 'payment', 'payments')}, total ${total}`,
    mixedHeader: (count, net) => `${plural(count, 'transaction', 'transactions')}, net ${net}`,
  },
  commandFailed: 'Could not answer right now; please try again later.',
};

const CATALOGUES: Readonly<Record<Locale, Messages>> = { vi, en };

export function messagesFor(locale: Locale): Messages {
  return CATALOGUES[locale];
}
