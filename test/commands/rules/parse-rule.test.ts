import { describe, expect, it } from 'vitest';
import { parseRuleChange } from '../../../src/commands/rules/parse-rule.js';

const change = (command: Parameters<typeof parseRuleChange>[0], args: string) => {
  const result = parseRuleChange(command, args);
  return result.ok ? result.value : { refused: result.error.value };
};

describe('rule command arguments', () => {
  it('reads accounts by whole number or last digits, masked as shown, or all', () => {
    expect(change('accounts', '6789 0123456789')).toEqual({ accounts: ['6789', '0123456789'] });
    expect(change('accounts', '…8888, *1234')).toEqual({ accounts: ['8888', '1234'] });
    expect(change('accounts', 'all')).toEqual({ accounts: null });
    expect(change('accounts', 'Tất cả')).toEqual({ accounts: null });
    expect(change('accounts', '12-34')).toEqual({ refused: '12-34' });
  });

  it('reads a minimum the way /find reads amounts, any plain number included', () => {
    expect(change('min', '500k')).toEqual({ min: 500_000 });
    expect(change('min', '1tr5')).toEqual({ min: 1_500_000 });
    expect(change('min', '2 triệu')).toEqual({ min: 2_000_000 });
    expect(change('min', '1.000.000')).toEqual({ min: 1_000_000 });
    expect(change('min', '123456')).toEqual({ min: 123_456 });
    expect(change('min', 'off')).toEqual({ min: null });
    expect(change('min', 'nhiều')).toEqual({ refused: 'nhiều' });
    expect(change('min', '0')).toEqual({ refused: '0' });
  });

  it('reads quiet hours that may wrap midnight, refusing an empty or impossible window', () => {
    expect(change('quiet', '22:00-07:00')).toEqual({ quiet: { from: 1320, to: 420 } });
    expect(change('quiet', '12:30 – 13:15')).toEqual({ quiet: { from: 750, to: 795 } });
    expect(change('quiet', 'tắt')).toEqual({ quiet: null });
    expect(change('quiet', '22:00-22:00')).toEqual({ refused: '22:00-22:00' });
    expect(change('quiet', '25:00-07:00')).toEqual({ refused: '25:00-07:00' });
    expect(change('quiet', '22:00')).toEqual({ refused: '22:00' });
  });

  it('reads directions, switches, a time of day and a language', () => {
    expect(change('alerts', 'OUT')).toEqual({ alerts: 'out' });
    expect(change('alerts', 'all')).toEqual({ alerts: 'all' });
    expect(change('alerts', 'sometimes')).toEqual({ refused: 'sometimes' });
    expect(change('privacy', 'on')).toEqual({ privacy: true });
    expect(change('ack', 'Tắt')).toEqual({ ack: false });
    expect(change('ops', 'maybe')).toEqual({ refused: 'maybe' });
    expect(change('summary', '21:00')).toEqual({ summary: 1260 });
    expect(change('summary', '9pm')).toEqual({ refused: '9pm' });
    expect(change('lang', 'en')).toEqual({ lang: 'en' });
    expect(change('lang', 'fr')).toEqual({ refused: 'fr' });
  });
});
