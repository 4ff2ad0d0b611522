import type { ProviderName, Transaction } from '../core/model.js';
import { noAliases, type PaymentAliases } from '../core/payment-aliases.js';
import type { Provider } from '../core/provider.js';
import { casso } from './casso/index.js';
import { sepay } from './sepay/index.js';

/** Every provider bankbell knows. Adding one is a folder beside these and a line here. */
export const PROVIDERS: readonly Provider[] = [casso, sepay];

/** A provider's name as people see it (`Casso`), for messages. */
export function providerLabel(name: ProviderName): string {
  return PROVIDERS.find((p) => p.name === name)?.label ?? name;
}

/** Other names a payment may be known by, as its provider says (SePay's numeric ids and UUIDs). */
export function providerPaymentAliases(tx: Transaction): PaymentAliases {
  const aliases = PROVIDERS.find((p) => p.name === tx.provider)?.paymentAliases ?? noAliases;
  return aliases(tx);
}

/** Each provider's name as people see it (`casso` → `Casso`), for every message that names one. */
export function providerNames(): ReadonlyMap<string, string> {
  return new Map(PROVIDERS.map((provider) => [provider.name, provider.label]));
}
