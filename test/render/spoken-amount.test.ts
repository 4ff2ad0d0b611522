import { describe, expect, it } from 'vitest';
import { spokenAmount, spokenReceipt } from '../../src/render/spoken-amount.js';

describe('spokenAmount: an amount as people read it aloud', () => {
  it.each<[number, string]>([
    [0, 'không'],
    [1, 'một'],
    [10, 'mười'],
    [11, 'mười một'],
    [14, 'mười bốn'],
    [15, 'mười lăm'],
    [20, 'hai mươi'],
    [21, 'hai mươi mốt'],
    [24, 'hai mươi tư'],
    [25, 'hai mươi lăm'],
    [55, 'năm mươi lăm'],
    [100, 'một trăm'],
    [101, 'một trăm linh một'],
    [105, 'một trăm linh năm'],
    [111, 'một trăm mười một'],
    [1_000, 'một nghìn'],
    [1_005, 'một nghìn không trăm linh năm'],
    [21_000, 'hai mươi mốt nghìn'],
    [25_000, 'hai mươi lăm nghìn'],
    [105_000, 'một trăm linh năm nghìn'],
    [250_000, 'hai trăm năm mươi nghìn'],
    [1_200_000, 'một triệu hai trăm nghìn'],
    [1_000_500, 'một triệu năm trăm'],
    [2_050_000, 'hai triệu không trăm năm mươi nghìn'],
    [18_067_000, 'mười tám triệu không trăm sáu mươi bảy nghìn'],
    [1_000_000_000, 'một tỷ'],
    [1_000_000_001, 'một tỷ không trăm linh một'],
    [1_000_000_000_000, 'một nghìn tỷ'],
    [2_500_300_000_000, 'hai nghìn năm trăm tỷ ba trăm triệu'],
  ])('vi: %d → %s', (amount, words) => {
    expect(spokenAmount(amount, 'vi')).toBe(words);
  });

  // English voices read grouped digits as words themselves ("250,000": two hundred fifty thousand).
  it.each<[number, string]>([
    [21, '21'],
    [25, '25'],
    [24, '24'],
    [105, '105'],
    [1_000, '1,000'],
    [1_200_000, '1,200,000'],
    [1_000_500, '1,000,500'],
    [1_000_000_000, '1,000,000,000'],
  ])('en: %d → %s', (amount, words) => {
    expect(spokenAmount(amount, 'en')).toBe(words);
  });

  it('reads an outgoing amount by its size', () => {
    expect(spokenAmount(-25_000, 'vi')).toBe('hai mươi lăm nghìn');
  });
});

describe('spokenReceipt: what the counter screen says when money comes in', () => {
  it('says the amount received in the chat language', () => {
    expect(spokenReceipt(250_000, 'vi')).toBe('Đã nhận hai trăm năm mươi nghìn đồng');
    expect(spokenReceipt(250_000, 'en')).toBe('Received 250,000 dong');
  });
});
