import type { types } from '@slack/bolt';
import type { Transaction } from '../../core/model.js';
import { alertDoc, digestDoc, isAccountLine } from '../../render/alert.js';
import { text, type Doc, type Line } from '../../render/doc.js';
import { formatDong } from '../../render/format-money.js';
import { messagesFor, type RenderContext } from '../../render/messages.js';
import { toPlainText } from '../../render/plain-text.js';
import { slackMeasure, toSlackMessages } from './slack-mrkdwn.js';
import { splitDoc } from '../../render/split.js';
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
 * The sections of a message that size are fewer than 10 blocks: two neighbours hold more than one can.
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
 * Characters a message's sections may take beyond what its doc measures: a line wrapped over
 * several sections can get the guard against block quotes (slack-mrkdwn.ts) at the start of
 * each, at most one per block.
 */
const SECTION_GUARDS = BLOCK_LIMITS.blocks;

/**
 * A header over `body` as section blocks, in as many messages as Slack's limits need: a body
 * longer than one message (a content of many thousand characters) goes on in the next, never
 * cut. The header tops the first; every message keeps `room` characters of the total for what a
 * press adds under it (slack-ack-blocks.ts). `lead` is what the header stands for, for the first
 * message's fallback text.
 */
function messages(title: string, lead: Doc, body: Doc, room: number): SlackMessage[] {
  const top = header(title);
  const budget = SLACK_DIGEST_CHARS - top.text.text.length - room - SECTION_GUARDS;
  const chunks = splitDoc(body, budget, slackMeasure, isAccountLine);
  return (chunks.length > 0 ? chunks : [[]]).map((chunk, index) =>
    index === 0 ? { text: fallbackText([...lead, ...chunk]), blocks: [top, ...sections(chunk)] } : { text: fallbackText(chunk), blocks: sections(chunk) },
  );
}

/**
 * One payment: a header with the signed amount and direction, then the alert's fields as mrkdwn
 * (one per line, as `alertDoc` lays them out), over as many messages as its content needs.
 * `alertDoc` puts the title and the amount first; the header replaces those two lines.
 */
export function alertMessages(tx: Transaction, ctx: RenderContext, room = 0): SlackMessage[] {
  const m = messagesFor(ctx.locale).alert;
  const doc = alertDoc(tx, ctx);
  const title = `${formatDong(tx.amount, { sign: true })} · ${tx.direction === 'in' ? m.titleIn : m.titleOut}`;
  return messages(title, doc.slice(0, 2), doc.slice(2), room);
}

/**
 * Several payments: count, total (and their day when they share one) as the header, then one
 * line per payment, every content in full. The sender makes a digest no longer than one message.
 */
export function digestMessages(txs: readonly Transaction[], ctx: RenderContext, room = 0): SlackMessage[] {
  const doc = digestDoc(txs, ctx);
  return messages(toPlainText(doc.slice(0, 1)), doc.slice(0, 1), doc.slice(1), room);
}
