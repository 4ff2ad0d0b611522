import type { Result } from '../../src/core/result.js';
import type { ProviderError } from '../../src/core/provider-errors.js';

/** The value of a client call that must succeed; a failure ends the test with its name and message. */
export function expectOk<T>(result: Result<T, ProviderError>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.name}: ${result.error.message}`);
  return result.value;
}

/** The error of a client call that must fail. */
export function expectErr<T>(result: Result<T, ProviderError>): ProviderError {
  if (result.ok) throw new Error('expected a failure, got success');
  return result.error;
}
