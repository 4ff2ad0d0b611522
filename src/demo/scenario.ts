/**
 * What happens at the demo's simulated banks: a small shop's three accounts, its customers
 * paying for orders and the shop paying its own bills. Pure: every choice comes from `random`,
 * so tests can replay a scenario.
 */

export type Random = () => number;

/** One of the shop's accounts, at one of the two providers. */
export interface DemoAccount {
  provider: 'casso' | 'sepay';
  bank: string;
  accountNumber: string;
  holder: string;
  /** Opening balance, đồng. */
  balance: number;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { provider: 'casso', bank: 'MBBank', accountNumber: '0901234567', holder: 'NGUYEN THI LAN', balance: 25_400_000 },
  { provider: 'casso', bank: 'Techcombank', accountNumber: '19036688123011', holder: 'NGUYEN THI LAN', balance: 8_750_000 },
  { provider: 'sepay', bank: 'Vietcombank', accountNumber: '0071000888888', holder: 'CONG TY TNHH LAN ANH', balance: 48_500_000 },
];

/** A transaction to book at a simulated bank. */
export interface DemoTransaction {
  account: DemoAccount;
  /** Signed đồng: negative is money out. */
  amount: number;
  content: string;
  /** The order it pays for, which SePay recognises as a payment code. */
  orderCode: string | null;
  /** The sender of an incoming transfer, as banks write it (capitals, no accents). */
  sender: string | null;
  /** When it happened; absent: now. */
  when?: Date;
}

const CUSTOMERS = [
  'Nguyễn Văn An',
  'Trần Thị Bích Ngọc',
  'Lê Hoàng Minh',
  'Phạm Thu Hà',
  'Võ Thanh Tùng',
  'Đặng Quốc Bảo',
  'Huỳnh Mai Anh',
  'Bùi Đức Thắng',
  'Hoàng Thị Hương',
  'Đỗ Minh Khoa',
];

const PRICES = [89_000, 150_000, 250_000, 320_000, 450_000, 560_000, 735_000, 1_250_000, 2_450_000, 18_067_000];

/** How customers word a transfer; some banks keep accents, many drop them. */
const PAYMENT_TEMPLATES: readonly ((name: string, order: string) => string)[] = [
  (name, order) => `${name} chuyển tiền đơn ${order}`,
  (name, order) => `${withoutAccents(name).toUpperCase()} chuyen khoan ${order}`,
  (name, order) => `Thanh toán ${order} - ${name}`,
  (name, order) => `${order} ${name} ck`,
  (name, order) => `IBFT ${withoutAccents(name).toUpperCase()} thanh toan don hang ${order}`,
];

const BILLS: readonly { content: string; amount: number }[] = [
  { content: 'Thanh toán tiền hàng NCC Minh Phát', amount: 3_200_000 },
  { content: 'Chi lương tháng - Lê Văn Tâm', amount: 7_000_000 },
  { content: 'Tiền điện EVN cửa hàng', amount: 1_150_000 },
  { content: 'Phí dịch vụ SMS Banking', amount: 11_000 },
  { content: 'Trả tiền thuê mặt bằng', amount: 6_500_000 },
  { content: 'Mua bao bì, túi giấy - Cơ sở Hưng Thịnh', amount: 650_000 },
];

/** Live order codes follow the seeded history, which ends just before DH1042. */
export const FIRST_LIVE_ORDER = 1042;
const FIRST_SEEDED_ORDER = 1001;

const DAY_MS = 86_400_000;

function pick<T>(items: readonly T[], random: Random): T {
  const item = items[Math.floor(random() * items.length)] ?? items[0];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function withoutAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

function payment(account: DemoAccount, order: number, random: Random, when?: Date): DemoTransaction {
  const name = pick(CUSTOMERS, random);
  const orderCode = `DH${order}`;
  return {
    account,
    amount: pick(PRICES, random),
    content: pick(PAYMENT_TEMPLATES, random)(name, orderCode),
    orderCode,
    sender: withoutAccents(name).toUpperCase(),
    ...(when ? { when } : {}),
  };
}

function bill(account: DemoAccount, random: Random, when?: Date): DemoTransaction {
  const { content, amount } = pick(BILLS, random);
  return { account, amount: -amount, content, orderCode: null, sender: null, ...(when ? { when } : {}) };
}

/**
 * About 20 transactions over the last `days` days, oldest first, at shop hours (08:00–21:00
 * Vietnam time): the history `/find` searches. Most are payments for orders DH1001…DH1041.
 */
export function seedHistory(now: Date, random: Random, options: { count?: number; days?: number } = {}): DemoTransaction[] {
  const count = options.count ?? 20;
  const days = options.days ?? 10;
  const moments = Array.from({ length: count }, () => {
    const when = new Date(now.getTime() - (1 + Math.floor(random() * days)) * DAY_MS);
    // 08:00–20:59 in Vietnam (UTC+7), on a calendar day before today.
    when.setUTCHours(1 + Math.floor(random() * 13), Math.floor(random() * 60), Math.floor(random() * 60), 0);
    return when;
  }).sort((a, b) => a.getTime() - b.getTime());
  // Order numbers follow time, as a shop's do.
  let order = FIRST_SEEDED_ORDER;
  return moments.map((when) => {
    const account = pick(DEMO_ACCOUNTS, random);
    if (random() < 0.2) return bill(account, random, when);
    const tx = payment(account, order, random, when);
    order += 1 + Math.floor(random() * 2);
    return tx;
  });
}

/** Every this many ticks, a burst of payments lands at once: the chat gets one digest. */
const BURST_EVERY = 8;
const BURST_SIZE = 5;

/**
 * The live traffic, one tick at a time: the first tick is always one payment (the first
 * alert comes quickly), every BURST_EVERY ticks from the fourth a burst of five payments to
 * one account, otherwise one or two transactions, a quarter of them the shop's own bills.
 */
export function createTrafficPlan(random: Random): { next(): DemoTransaction[] } {
  let tick = 0;
  let order = FIRST_LIVE_ORDER;
  const nextPayment = (account: DemoAccount) => payment(account, order++, random);
  return {
    next() {
      const current = tick++;
      if (current === 0) return [nextPayment(pick(DEMO_ACCOUNTS, random))];
      if (current % BURST_EVERY === 3) {
        const account = pick(DEMO_ACCOUNTS, random);
        return Array.from({ length: BURST_SIZE }, () => nextPayment(account));
      }
      const count = random() < 0.25 ? 2 : 1;
      return Array.from({ length: count }, () => {
        const account = pick(DEMO_ACCOUNTS, random);
        return random() < 0.25 ? bill(account, random) : nextPayment(account);
      });
    },
  };
}
