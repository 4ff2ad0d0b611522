import { bellAvatar } from './avatar.js';
import { decodeEntities, escapeHtml, page } from './html.js';

/** The only tags our Telegram renderer emits (src/chats/telegram/telegram-html.ts). */
const TAG = /<(\/?)(b|i|code)>/;

/**
 * Telegram's `parse_mode: 'HTML'` subset as page HTML: `<b>`, `<i>`, `<code>` kept, text decoded
 * and escaped again. Any other markup means the renderer changed, so it fails loudly rather
 * than drawing something the bot would not send.
 */
export function telegramHtmlToPage(html: string): string {
  const open: string[] = [];
  // split() with two capturing groups yields text, closing slash, tag name, text, …
  const parts = html.split(TAG);
  let out = '';
  for (let i = 0; i < parts.length; i += 3) {
    const text = parts[i] ?? '';
    if (/[<>]/.test(text)) throw new Error(`unexpected markup in Telegram HTML: ${text}`);
    out += escapeHtml(decodeEntities(text));
    const closing = parts[i + 1];
    const name = parts[i + 2];
    if (closing === undefined || name === undefined) continue;
    if (closing === '') open.push(name);
    else if (open.pop() !== name) throw new Error(`unbalanced </${name}> in Telegram HTML: ${html}`);
    out += `<${closing}${name}>`;
  }
  if (open.length > 0) throw new Error(`unclosed <${open.join('>, <')}> in Telegram HTML: ${html}`);
  return out;
}

export interface TelegramScene {
  chatTitle: string;
  members: string;
  /** The date pill above the message, as Telegram shows it. */
  day: string;
  botName: string;
  /** Exactly what the bot passes to sendMessage with parse_mode HTML. */
  html: string;
  /** HH:MM shown in the bubble. */
  time: string;
}

const css = (width: number, bubble: number): string => `
body { width: ${width}px; background: #fff; font-family: 'Noto Sans', 'DejaVu Sans', sans-serif; color: #000; }
.frame { width: ${width}px; }
.topbar { display: flex; align-items: center; gap: 12px; height: 54px; padding: 0 16px; background: #fff; border-bottom: 1px solid #dfe1e5; }
.group { width: 40px; height: 40px; border-radius: 50%; background: linear-gradient(#ffb56b, #f07e33); color: #fff; font-weight: 600; font-size: 15px; display: flex; align-items: center; justify-content: center; }
.title { font-weight: 600; font-size: 15px; }
.members { color: #8a96a3; font-size: 13px; margin-top: 1px; }
.chat { background: #b7cc9a linear-gradient(160deg, #d3dfa6 0%, #a9c89a 55%, #8fbfa1 100%); padding: 12px 16px 16px; }
.day { text-align: center; margin: 2px 0 12px; }
.day span { display: inline-block; background: rgba(44, 74, 48, 0.35); color: #fff; font-size: 13px; font-weight: 600; padding: 3px 10px; border-radius: 12px; }
.row { display: flex; align-items: flex-end; gap: 8px; }
.avatar { flex: none; width: 34px; height: 34px; border-radius: 50%; background: linear-gradient(#72b7f2, #3d8fd6); display: flex; align-items: center; justify-content: center; }
.avatar svg { width: 20px; height: 20px; }
.bubble { position: relative; max-width: ${bubble}px; background: #fff; border-radius: 14px 14px 14px 4px; padding: 6px 11px 7px; box-shadow: 0 1px 1px rgba(0, 0, 0, 0.13); }
.sender { color: #3d8fd6; font-weight: 600; font-size: 14px; margin-bottom: 2px; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 15px; line-height: 1.38; }
.text code { font-family: 'Noto Sans Mono', 'Noto Mono', 'DejaVu Sans Mono', monospace; font-size: 13.5px; color: #2b6aa8; }
.spacer { display: inline-block; width: 44px; }
.time { position: absolute; right: 10px; bottom: 5px; color: #a0acb6; font-size: 12px; }
`;

/**
 * A Telegram group (light theme) with the bot's one message in it, `width` pixels wide. The
 * bubble is as wide as Telegram draws it: about 470 px on a desktop, the screen less the
 * avatar and margins on a phone.
 */
export function telegramPage(scene: TelegramScene, width: number): string {
  const bubble = Math.min(470, width - 74);
  const initials = scene.chatTitle
    .split(/\s+/)
    .slice(-2)
    .map((word) => word.charAt(0))
    .join('');
  const body = `
<div class="topbar">
  <div class="group">${escapeHtml(initials)}</div>
  <div><div class="title">${escapeHtml(scene.chatTitle)}</div><div class="members">${escapeHtml(scene.members)}</div></div>
</div>
<div class="chat">
  <div class="day"><span>${escapeHtml(scene.day)}</span></div>
  <div class="row">
    ${bellAvatar('avatar')}
    <div class="bubble">
      <div class="sender">${escapeHtml(scene.botName)}</div>
      <div class="text">${telegramHtmlToPage(scene.html)}<span class="spacer"></span></div>
      <span class="time">${escapeHtml(scene.time)}</span>
    </div>
  </div>
</div>`;
  return page(`${scene.chatTitle} — Telegram`, css(width, bubble), body);
}
