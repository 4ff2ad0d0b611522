import type { types } from '@slack/bolt';
import type { Transaction } from '../../core/model.js';
import { alertDoc, digestDoc } from '../../render/alert.js';
import { text, type Doc, type Line } from '../../render/doc.js';
import { formatDong } from '../../render/format-money.js';
import { messagesFor, type RenderContext } from '../../render/messages.js';
import { toPlainText } from '../../render/plain-text.js';
import { toSlackMessages } from '../../render/slack-mrkdwn.js';
import { truncateText } from '../../render/truncate.js';

/** Block Kit limits (docs.slack.dev/reference/block-kit, @slack/types 3.2.0). */
export const BLOCK_LIMITS = {
  headerChars: 150,
  sectionChars: 3000,
  blocks: 50,
} as const;

/**
 * Most characters of text in all the blocks of one message together: Slack starts answering
 * `msg_blocks_too_long` at about 12 000 to 13 000 (bolt-js #2509), well before 50 blocks of 3 000.
 */
export const SLACK_DIGEST_CHARS = 12_000;

/** Cap for the top-level `text`: the notification and screen-reader fallback. */
const FALLBACK_CHARS = 3000;

/** What chat.postMessage gets: the escaped fallback `text` and the blocks. */
export interface SlackMessage {
  text: string;
  blocks: types.KnownBlock[];
}

function header(title: string): types.HeaderBlock {
  // plain_text is shown literally (no mrkdwn, no mentions); it only ever holds our own wording and amounts.
  return { type: 'header', text: { type: 'plain_text', text: truncateText(title, BLOCK_LIMITS.headerChars), emoji: false } };
}

/**
 * `verbatim: true` stops Slack from auto-linking channel names and parsing bare mentions in
 * the text; `<…>` tokens cannot form anyway because every span is escaped.
 */
function mrkdwn(value: string): types.MrkdwnElement {
  return { type: 'mrkdwn', text: value, verbatim: true };
}

/** As many section blocks as the doc needs, each within the section text limit. */
function sections(doc: Doc): types.SectionBlock[] {
  return toSlackMessages(doc, BLOCK_LIMITS.sectionChars).map((part) => ({ type: 'section', text: mrkdwn(part) }));
}

/**
 * The fallback `text`. Slack parses it as mrkdwn too (mentions in it would notify), so it is
 * escaped like the blocks; styles are dropped because phone notifications show markers raw.
 */
export function fallbackText(doc: Doc): string {
  const unstyled = doc.map((line): Line => line.map((span) => text(span.text)));
  const [first = '', ...rest] = toSlackMessages(unstyled, FALLBACK_CHARS - 2);
  return rest.length > 0 ? `${first} …` : first;
}

/**
 * One payment: a header with the signed amount and direction, then the alert's fields as mrkdwn
 * (one per line, as `alertDoc` lays them out). `alertDoc` puts the title and the amount first;
 * the header replaces those two lines. The content is cut to `contentChars`.
 */
export function alertMessage(tx: Transaction, ctx: RenderContext, contentChars?: number): SlackMessage {
  const m = messagesFor(ctx.locale).alert;
  const doc = alertDoc(tx, ctx, contentChars);
  const title = `${formatDong(tx.amount, { sign: true })} · ${tx.direction === 'in' ? m.titleIn : m.titleOut}`;
  return {
    text: fallbackText(doc),
    blocks: [header(title), ...sections(doc.slice(2))],
  };
}

/**
 * Several payments: count, total (and their day when they share one) as the header, then one
 * line per payment, content cut to `contentChars`.
 */
export function digestMessage(txs: readonly Transaction[], ctx: RenderContext, contentChars?: number): SlackMessage {
  const doc = digestDoc(txs, ctx, contentChars);
  return {
    text: fallbackText(doc),
    blocks: [header(toPlainText(doc.slice(0, 1))), ...sections(doc.slice(1))],
  };
}

/** The text of a block as Slack counts it towards a message's total: headers, sections, context, button labels. */
function blockChars(block: types.KnownBlock): number {
  switch (block.type) {
    case 'header':
    case 'section':
      return block.text?.text.length ?? 0;
    case 'context':
      return block.elements.reduce((sum, element) => sum + ('text' in element ? element.text.length : 0), 0);
    case 'actions':
      return block.elements.reduce((sum, element) => sum + (element.type === 'button' ? element.text.text.length : 0), 0);
    default:
      return 0;
  }
}

/** Whether a message stays within Block Kit's limits and the total Slack accepts in one message. */
export function fitsSlack(message: SlackMessage): boolean {
  const chars = message.blocks.reduce((sum, block) => sum + blockChars(block), 0);
  return message.blocks.length <= BLOCK_LIMITS.blocks && chars <= SLACK_DIGEST_CHARS;
}
