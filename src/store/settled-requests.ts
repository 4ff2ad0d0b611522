import { REQUEST_RETENTION_MS, type SettledRequest } from '../core/payment-request.js';

/**
 * The /qr requests done with (see `SettledRequest`), held in memory by code. They are kept
 * apart from the open ones, which every change rewrites: a shop's months of requests cost the
 * state nothing.
 */
export class SettledRequests {
  private readonly byCode = new Map<string, SettledRequest>();

  add(requests: readonly SettledRequest[]): void {
    for (const request of requests) this.byCode.set(request.code, request);
  }

  get(code: string): SettledRequest | undefined {
    return this.byCode.get(code);
  }

  values(): IterableIterator<SettledRequest> {
    return this.byCode.values();
  }

  /** Those made at least `REQUEST_RETENTION_MS` before `now`: what retention lets go. */
  expired(now: Date): SettledRequest[] {
    const cutoff = now.getTime() - REQUEST_RETENTION_MS;
    return [...this.byCode.values()].filter((r) => Date.parse(r.createdAt) <= cutoff);
  }

  forget(requests: readonly SettledRequest[]): void {
    for (const request of requests) this.byCode.delete(request.code);
  }
}
