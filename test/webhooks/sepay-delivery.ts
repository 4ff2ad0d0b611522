/**
 * A SePay webhook delivery as SePay documents it (250 000 đ in on an MBBank account), with
 * `overrides` on top (`undefined` for a field left out).
 */
export function sepayDelivery(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 50102,
    gateway: 'MBBank',
    transactionDate: '2025-04-10 10:40:12',
    accountNumber: '0123456789',
    subAccount: null,
    code: 'DH1042',
    content: 'DH1042 NGUYEN VAN B chuyen tien',
    transferType: 'in',
    transferAmount: 250000,
    accumulated: 3250000,
    referenceCode: 'FT25100412345678',
    description: 'BankAPINotify DH1042 NGUYEN VAN B chuyen tien',
    ...overrides,
  };
}
