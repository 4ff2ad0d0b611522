import type { ToldProblem } from '../core/service-notice.js';

/** The problems told with `key` set to `told`, or without it once its end was told (null). */
export function withToldProblem(all: Readonly<Record<string, ToldProblem>>, key: string, told: ToldProblem | null): Record<string, ToldProblem> {
  const others = Object.fromEntries(Object.entries(all).filter(([k]) => k !== key));
  return told === null ? others : { ...others, [key]: told };
}
