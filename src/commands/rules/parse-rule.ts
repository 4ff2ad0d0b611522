import type { ChatRules } from '../../core/chat-rules.js';
import { err, ok, type Result } from '../../core/result.js';
import { parseAmount } from '../../search/amount.js';
import { foldVietnamese } from '../../search/fold.js';

/** A command that changes one rule: it has the rule's name (`/min` sets `min`); `/settings` shows them all. */
export type RuleCommand = keyof ChatRules;

/** The rules a command's argument changes, or the value it could not read (the answer says what is accepted). */
export type RuleChange = Result<Partial<ChatRules>, { value: string }>;

const OFF = new Set(['off', 'tat', 'khong', 'no']);
/*
 * Words are looked up in Maps, never in object literals: `{…}[word]` would also find what every
 * object inherits (`constructor`, `__proto__`), and a chat member could store that as a rule.
 */
const DIRECTIONS: ReadonlyMap<string, ChatRules['alerts']> = new Map([
  ['in', 'in'],
  ['vao', 'in'],
  ['out', 'out'],
  ['ra', 'out'],
  ['all', 'all'],
  ['tat ca', 'all'],
]);
const LANGUAGES: ReadonlyMap<string, NonNullable<ChatRules['lang']>> = new Map([
  ['vi', 'vi'],
  ['en', 'en'],
  ['tieng viet', 'vi'],
  ['english', 'en'],
]);
const ON = new Set(['on', 'bat', 'co', 'yes']);

function onOff(folded: string): boolean | null {
  if (ON.has(folded)) return true;
  if (OFF.has(folded)) return false;
  return null;
}

/** `HH:MM` (or `H:MM`, `HHhMM`) → minutes since midnight. */
export function parseClock(text: string): number | null {
  const m = /^(\d{1,2})[:h](\d{2})$/.exec(text);
  if (!m) return null;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  return hours < 24 && minutes < 60 ? hours * 60 + minutes : null;
}

/** Account entries as `acc:` takes them: a whole number or its last characters; `…6789` as shown masked too. */
function parseAccounts(words: readonly string[]): string[] | null {
  const entries = words.map((word) => word.replace(/^[*….]+/, '').toUpperCase());
  return entries.length > 0 && entries.every((entry) => /^[A-Z0-9]{1,40}$/.test(entry)) ? [...new Set(entries)] : null;
}

/** Amounts as /find reads them (`500k`, `1tr5`, `2 triệu`); a plain number is an amount here whatever its digits. */
function parseMinimum(folded: string): number | null {
  const joined = folded.replace(/\s+/g, '');
  const amount = parseAmount(joined);
  if (amount !== null) return amount;
  const plain = /^\d+$/.test(joined) ? Number(joined) : NaN;
  return Number.isSafeInteger(plain) && plain > 0 ? plain : null;
}

/**
 * Reads the argument of one rule command into the change it asks for. Words are matched
 * without case or accents (`Tắt` = `off`). Pure: who may change it is decided elsewhere.
 */
export function parseRuleChange(command: RuleCommand, args: string): RuleChange {
  const raw = args.trim();
  const folded = foldVietnamese(raw);
  const bad = err({ value: raw });
  switch (command) {
    case 'accounts': {
      if (folded === 'all' || folded === 'tat ca') return ok({ accounts: null });
      const accounts = parseAccounts(raw.split(/[\s,;]+/).filter((word) => word !== ''));
      return accounts === null ? bad : ok({ accounts });
    }
    case 'min': {
      if (OFF.has(folded)) return ok({ min: null });
      const min = parseMinimum(folded);
      return min === null ? bad : ok({ min });
    }
    case 'alerts': {
      const alerts = DIRECTIONS.get(folded);
      return alerts === undefined ? bad : ok({ alerts });
    }
    case 'quiet': {
      if (OFF.has(folded)) return ok({ quiet: null });
      const m = /^(\S+)\s*[-–—]\s*(\S+)$/.exec(folded);
      const from = m ? parseClock(m[1] ?? '') : null;
      const to = m ? parseClock(m[2] ?? '') : null;
      return from === null || to === null || from === to ? bad : ok({ quiet: { from, to } });
    }
    case 'summary': {
      if (OFF.has(folded)) return ok({ summary: null });
      const at = parseClock(folded);
      return at === null ? bad : ok({ summary: at });
    }
    case 'privacy':
    case 'ack':
    case 'ops': {
      const value = onOff(folded);
      return value === null ? bad : ok({ [command]: value });
    }
    case 'lang': {
      const lang = LANGUAGES.get(folded);
      return lang === undefined ? bad : ok({ lang });
    }
  }
}
