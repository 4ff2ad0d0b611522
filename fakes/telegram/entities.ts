/*
 * The entities Telegram finds by itself in the text of a message (Bot API MessageEntity:
 * "mention" @username, "hashtag", "cashtag" $USD, "bot_command" /start@jobs_bot, "url",
 * "email"), as Telegram's own apps find them (TDLib's MessageEntity.cpp rules, simplified where
 * noted): each becomes a live mention, a link or a tappable command in the chat. Telegram drops
 * a found entity that overlaps an entity that cannot be split — `code`, `pre`, a link — which is
 * why text inside `<code>` stays inert. Offsets and lengths are in UTF-16 code units, as the Bot
 * API counts them (and as JavaScript strings index).
 */

export type EntityType =
  | 'mention'
  | 'hashtag'
  | 'cashtag'
  | 'bot_command'
  | 'url'
  | 'email'
  | 'bold'
  | 'italic'
  | 'underline'
  | 'strikethrough'
  | 'spoiler'
  | 'blockquote'
  | 'expandable_blockquote'
  | 'code'
  | 'pre'
  | 'text_link'
  | 'text_mention'
  | 'custom_emoji';

export interface MessageEntity {
  type: EntityType;
  offset: number;
  length: number;
  url?: string;
}

/** Entity types Telegram finds in plain text by itself. */
export const FOUND_TYPES: ReadonlySet<EntityType> = new Set(['mention', 'hashtag', 'cashtag', 'bot_command', 'url', 'email']);

/** Entity types a bot may give with `entities` (the others are Telegram's to find, see givenEntities). */
const GIVEN_TYPES: ReadonlySet<string> = new Set([
  'bold',
  'italic',
  'underline',
  'strikethrough',
  'spoiler',
  'blockquote',
  'expandable_blockquote',
  'code',
  'pre',
  'text_link',
  'text_mention',
  'custom_emoji',
]);
const isGivenType = (type: string): type is EntityType => GIVEN_TYPES.has(type);

/**
 * The formatting a bot sends with `entities` instead of a `parse_mode`, as the Bot API takes it
 * (telegram-bot-api's Client::get_formatted_text and get_text_entity_type): ignored when a parse
 * mode is given too; the types Telegram finds by itself (mention, hashtag, cashtag, bot_command,
 * url, email, phone_number, bank_card_number) are dropped; any other unknown type, or an entity
 * past the end of the text, is refused with 400. The entities given take the place of parsed
 * markup and nothing more: TDLib's fix_formatted_text still merges what find_entities finds in
 * the text (unless the bot runs several sessions at once), dropping what overlaps a `code`,
 * `pre` or link, exactly as for HTML — so `messageEntities(text, givenEntities(...))`. Text
 * outside a given `code` is searched for mentions and links as plain text is.
 */
export function givenEntities(text: string, given: readonly { type: string; offset: number; length: number; url?: string }[]): MessageEntity[] | { error: string } {
  const kept: MessageEntity[] = [];
  for (const entity of given) {
    if (FOUND_TYPES.has(entity.type as EntityType) || entity.type === 'phone_number' || entity.type === 'bank_card_number') continue;
    if (!isGivenType(entity.type)) return { error: "Can't parse MessageEntity: Unsupported type specified" };
    if (entity.offset < 0 || entity.length < 0) return { error: "Can't parse MessageEntity: Field \"offset\" must be non-negative" };
    if (entity.offset >= text.length && entity.length > 0) return { error: `Entity begins after the end of the text at UTF-16 offset ${entity.offset}` };
    if (entity.offset + entity.length > text.length) {
      return { error: `Entity beginning at UTF-16 offset ${entity.offset} ends after the end of the text at UTF-16 offset ${entity.offset + entity.length}` };
    }
    if (entity.length > 0) kept.push({ type: entity.type, offset: entity.offset, length: entity.length, ...(entity.url === undefined ? {} : { url: entity.url }) });
  }
  return kept.sort((a, b) => a.offset - b.offset || b.length - a.length);
}

/** Formatting that can be split around others (and never hides what Telegram finds inside it). */
const SPLITTABLE: ReadonlySet<EntityType> = new Set(['bold', 'italic', 'underline', 'strikethrough', 'spoiler', 'blockquote', 'expandable_blockquote']);

const WORD = /[\p{L}\p{N}_]/u;
const HASHTAG_LETTER = /[\p{L}\p{Nd}_\u200c\u00b7\u0d80-\u0dff]/u;
const LETTER = /\p{L}/u;
const isWord = (ch: string | undefined): boolean => ch !== undefined && WORD.test(ch);
const isHashtagLetter = (ch: string | undefined): boolean => ch !== undefined && HASHTAG_LETTER.test(ch);

/** The code point before `index` (a whole surrogate pair), or undefined at the start. */
function before(text: string, index: number): string | undefined {
  if (index === 0) return undefined;
  const low = text.charCodeAt(index - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && index >= 2 ? index - 2 : index - 1;
  return String.fromCodePoint(text.codePointAt(start) ?? 0);
}

function at(text: string, index: number): string | undefined {
  const cp = text.codePointAt(index);
  return cp === undefined ? undefined : String.fromCodePoint(cp);
}

function runOf(text: string, from: number, allowed: RegExp): number {
  let end = from;
  while (end < text.length && allowed.test(text.charAt(end))) end++;
  return end;
}

/** Short usernames Telegram links although they are under 4 characters. */
const SHORT_USERNAMES = new Set(['gif', 'nft', 'pic', 'ufc', 'vid']);

function mentions(text: string): MessageEntity[] {
  const found: MessageEntity[] = [];
  for (let i = text.indexOf('@'); i !== -1; i = text.indexOf('@', i + 1)) {
    if (isWord(before(text, i))) continue;
    const end = runOf(text, i + 1, /[A-Za-z0-9_]/);
    const name = text.slice(i + 1, end);
    if (name.length < 2 || name.length > 32 || isWord(at(text, end))) continue;
    if (name.length < 4 && !SHORT_USERNAMES.has(name.toLowerCase())) continue;
    found.push({ type: 'mention', offset: i, length: end - i });
  }
  return found;
}

function botCommands(text: string): MessageEntity[] {
  const found: MessageEntity[] = [];
  const stops = (ch: string | undefined) => isWord(ch) || ch === '/' || ch === '<' || ch === '>';
  for (let i = text.indexOf('/'); i !== -1; i = text.indexOf('/', i + 1)) {
    if (stops(before(text, i))) continue;
    let end = runOf(text, i + 1, /[A-Za-z0-9_]/);
    if (end - i - 1 < 1 || end - i - 1 > 64) continue;
    if (text.charAt(end) === '@') {
      const botEnd = runOf(text, end + 1, /[A-Za-z0-9_]/);
      if (botEnd - end - 1 < 3 || botEnd - end - 1 > 32) continue;
      end = botEnd;
    }
    if (stops(at(text, end))) continue;
    found.push({ type: 'bot_command', offset: i, length: end - i });
  }
  return found;
}

function hashtags(text: string): MessageEntity[] {
  const found: MessageEntity[] = [];
  for (let i = text.indexOf('#'); i !== -1; i = text.indexOf('#', i + 1)) {
    if (isHashtagLetter(before(text, i))) continue;
    let end = i + 1;
    let letters = 0;
    let hasLetter = false;
    let cut = -1;
    for (let ch = at(text, end); ch !== undefined && isHashtagLetter(ch); ch = at(text, end)) {
      if (letters < 256) {
        hasLetter ||= LETTER.test(ch);
        letters++;
        if (letters === 256) cut = end + ch.length;
      }
      end += ch.length;
    }
    if (letters === 0 || text.charAt(end) === '#' || !hasLetter) continue;
    const stop = cut === -1 ? end : cut;
    found.push({ type: 'hashtag', offset: i, length: stop - i });
  }
  return found;
}

function cashtags(text: string): MessageEntity[] {
  const found: MessageEntity[] = [];
  for (let i = text.indexOf('$'); i !== -1; i = text.indexOf('$', i + 1)) {
    const prev = before(text, i);
    if (isHashtagLetter(prev) || prev === '$') continue;
    const end = text.startsWith('1INCH', i + 1) ? i + 6 : runOf(text, i + 1, /[A-Z]/);
    if (end - i - 1 < 1 || end - i - 1 > 8) continue;
    const next = at(text, end);
    if (isHashtagLetter(next) || next === '$') continue;
    found.push({ type: 'cashtag', offset: i, length: end - i });
  }
  return found;
}

/**
 * Top-level domains Telegram links without a protocol (`t.me/x`, `shop.vn`). Its list is the
 * whole root zone; this one has the common generic ones, and counts every two-letter one as a
 * country's, which finds a little more than Telegram does — the safe side for a test.
 */
const COMMON_TLDS = new Set(
  (
    'com net org info biz name pro xyz top site online app dev io me co tv cc ws to ly gl gg ai shop store link click club vip ' +
    'live win bid asia mobi tel travel jobs cat edu gov mil int aero coop museum tech space website fun icu buzz cloud news ' +
    'blog one email page world today life media group games bet casino finance money bank pay cash loan credit invest'
  ).split(' '),
);

const validTld = (tld: string, withProtocol: boolean): boolean =>
  /^xn--[a-z0-9]+$/i.test(tld) ||
  (/^\p{L}{2,}$/u.test(tld) && (withProtocol || COMMON_TLDS.has(tld.toLowerCase()) || /^[a-z]{2}$/i.test(tld)));

const PATH = /^[/?#][^\s<>"«»]*/u;
const BAD_PATH_END = /[.:;,('?!`]+$/;
const DOMAIN = /^(?:[\p{L}\p{N}_~-]+\.)+[\p{L}\p{N}_-]+/u;

/** A URL whose domain starts at `start` (after any protocol), or undefined; its end. */
function urlEnd(text: string, start: number, withProtocol: boolean): number | undefined {
  const domain = DOMAIN.exec(text.slice(start))?.[0];
  if (domain === undefined) return undefined;
  const parts = domain.split('.');
  const tld = parts.at(-1) ?? '';
  if (!/\P{N}/u.test(domain.replaceAll('.', '')) || !validTld(tld, withProtocol)) return undefined;
  let end = start + domain.length;
  const port = /^:(\d{1,5})/.exec(text.slice(end));
  if (port && Number(port[1]) <= 65535) end += port[0].length;
  const path = PATH.exec(text.slice(end))?.[0];
  if (path !== undefined) end += path.replace(BAD_PATH_END, '').length || (path.startsWith('/') ? 1 : 0);
  return end;
}

function urlsAndEmails(text: string): MessageEntity[] {
  const found: MessageEntity[] = [];
  const email = /[A-Za-z0-9._+-]{1,64}@(?:[A-Za-z0-9][A-Za-z0-9_-]{0,29}\.){1,6}[A-Za-z]{2,8}(?![\p{L}\p{N}_-])/gu;
  for (const m of text.matchAll(email)) {
    if (m.index !== undefined && !isWord(before(text, m.index))) found.push({ type: 'email', offset: m.index, length: m[0].length });
  }
  const protocol = /(?:https?|ftp|tg|ton):\/\//giu;
  for (const m of text.matchAll(protocol)) {
    if (m.index === undefined || isWord(before(text, m.index))) continue;
    const domainStart = m.index + m[0].length;
    const end = /^(tg|ton):/i.test(m[0])
      ? domainStart + (/^[a-z0-9_-]{1,253}(?:[/?#][^\s<>"«»]*)?/i.exec(text.slice(domainStart))?.[0].replace(BAD_PATH_END, '').length ?? 0)
      : urlEnd(text, domainStart, true);
    if (end !== undefined && end > domainStart) found.push({ type: 'url', offset: m.index, length: end - m.index });
  }
  // Bare domains: a run of domain characters not glued to a word, a `/`, `#` or `@` before it.
  const bare = /[\p{L}\p{N}_~-]+\./gu;
  for (const m of text.matchAll(bare)) {
    const start = m.index ?? 0;
    const prev = before(text, start);
    if (isWord(prev) || prev === '/' || prev === '#' || prev === '@' || prev === '.') continue;
    const end = urlEnd(text, start, false);
    if (end !== undefined) found.push({ type: 'url', offset: start, length: end - start });
  }
  return found;
}

const overlaps = (a: MessageEntity, b: MessageEntity): boolean => a.offset < b.offset + b.length && b.offset < a.offset + a.length;

/** What Telegram finds by itself in `text`, first found first, none overlapping another. */
export function foundEntities(text: string): MessageEntity[] {
  const all = [...mentions(text), ...botCommands(text), ...hashtags(text), ...cashtags(text), ...urlsAndEmails(text)].sort(
    (a, b) => a.offset - b.offset || b.length - a.length,
  );
  const kept: MessageEntity[] = [];
  for (const entity of all) if (!kept.some((k) => overlaps(k, entity))) kept.push(entity);
  return kept;
}

/**
 * A message's entities as Telegram answers them: the formatting the sender gave, and what
 * Telegram found in the text itself, except where that overlaps `code`, `pre`, a link or
 * another entity that cannot be split. Sorted by offset.
 */
export function messageEntities(text: string, formatting: readonly MessageEntity[]): MessageEntity[] {
  const solid = formatting.filter((e) => !SPLITTABLE.has(e.type));
  const found = foundEntities(text).filter((e) => !solid.some((s) => overlaps(s, e)));
  return [...formatting, ...found].sort((a, b) => a.offset - b.offset || b.length - a.length);
}
