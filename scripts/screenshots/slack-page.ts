import type { types } from '@slack/bolt';
import type { SlackMessage } from '../../src/chats/slack/slack-blocks.js';
import { bellAvatar } from './avatar.js';
import { decodeEntities, escapeHtml, page } from './html.js';

/**
 * The styles our mrkdwn renderer emits (src/chats/slack/slack-mrkdwn.ts). It swaps every literal
 * `*`, `_` and `` ` `` in text for a look-alike, so each one left is a marker, and spans never nest.
 */
const STYLED = /(\*[^*\n]+\*|_[^_\n]+_|`[^`\n]+`)/;
const TAGS: Readonly<Record<string, string>> = { '*': 'b', _: 'i', '`': 'code' };

/** The subset of Slack mrkdwn bankbell sends, as page HTML: styles, entities decoded, text escaped. */
export function mrkdwnToHtml(mrkdwn: string): string {
  // split() with a capturing group puts the styled spans at the odd indices.
  return mrkdwn
    .split(STYLED)
    .map((part, i) => {
      if (i % 2 === 0) return escapeHtml(decodeEntities(part));
      const tag = TAGS[part.charAt(0)] ?? 'span';
      return `<${tag}>${escapeHtml(decodeEntities(part.slice(1, -1)))}</${tag}>`;
    })
    .join('');
}

function textObject(object: types.PlainTextElement | types.MrkdwnElement): string {
  return object.type === 'mrkdwn' ? mrkdwnToHtml(object.text) : escapeHtml(object.text);
}

/** One block as Slack lays it out; a block type bankbell does not send fails loudly. */
function blockToHtml(block: types.KnownBlock): string {
  switch (block.type) {
    case 'header':
      return `<div class="header">${escapeHtml(block.text.text)}</div>`;
    case 'section':
      if (!block.text) throw new Error('section without text: bankbell never sends one');
      return `<div class="section">${textObject(block.text)}</div>`;
    case 'context':
      return `<div class="context">${block.elements
        .map((element) => {
          if (element.type === 'image') throw new Error('context image: bankbell never sends one');
          return `<span>${textObject(element)}</span>`;
        })
        .join('')}</div>`;
    default:
      throw new Error(`block type ${block.type} is not drawn: bankbell does not send it`);
  }
}

export interface SlackScene {
  workspace: string;
  channel: string;
  botName: string;
  /** HH:MM next to the bot's name. */
  time: string;
  /** Exactly what the bot passes to chat.postMessage. */
  message: SlackMessage;
}

const CSS = `
body { width: 720px; background: #fff; font-family: 'Lato', 'Noto Sans', 'DejaVu Sans', sans-serif; color: #1d1c1d; }
.frame { width: 720px; }
.channelbar { display: flex; align-items: baseline; gap: 10px; height: 49px; line-height: 49px; padding: 0 20px; border-bottom: 1px solid #e2e2e2; }
.channel { font-weight: 800; font-size: 18px; }
.workspace { color: #616061; font-size: 13px; }
.message { display: flex; gap: 8px; padding: 14px 20px 16px; }
.avatar { flex: none; width: 36px; height: 36px; border-radius: 6px; background: #2e7d5b; display: flex; align-items: center; justify-content: center; margin-top: 3px; }
.avatar svg { width: 22px; height: 22px; }
.meta { display: flex; align-items: baseline; gap: 5px; line-height: 22px; }
.name { font-weight: 900; font-size: 15px; }
.app { background: rgba(29, 28, 29, 0.06); color: #616061; font-size: 10px; font-weight: 700; padding: 1px 3px; border-radius: 2px; position: relative; top: -1px; }
.time { color: #616061; font-size: 12px; }
.header { font-size: 18px; font-weight: 900; line-height: 1.33; margin: 4px 0 6px; }
.section { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 15px; line-height: 1.47; margin: 4px 0; }
.section code, .context code { font-family: 'Noto Sans Mono', 'Noto Mono', Menlo, monospace; font-size: 12px; color: #e01e5a; background: rgba(29, 28, 29, 0.04); border: 1px solid rgba(29, 28, 29, 0.13); border-radius: 3px; padding: 2px 3px 1px; }
.context { color: #616061; font-size: 12px; line-height: 1.5; margin: 6px 0 0; }
`;

/** A Slack channel (light theme) with the bot's one message in it, drawn from its blocks. */
export function slackPage(scene: SlackScene): string {
  const body = `
<div class="channelbar"><span class="channel"># ${escapeHtml(scene.channel)}</span><span class="workspace">${escapeHtml(scene.workspace)}</span></div>
<div class="message">
  ${bellAvatar('avatar')}
  <div>
    <div class="meta"><span class="name">${escapeHtml(scene.botName)}</span><span class="app">APP</span><span class="time">${escapeHtml(scene.time)}</span></div>
    ${scene.message.blocks.map(blockToHtml).join('\n    ')}
  </div>
</div>`;
  return page(`#${scene.channel} — Slack`, CSS, body);
}
