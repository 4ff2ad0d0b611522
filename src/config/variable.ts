import { z } from 'zod';
import type { ConfigPart, Problem } from '../core/config-part.js';
import type { ValueParser } from './value-parsers.js';

/** Operators leave `FOO=` in .env to mean "not set"; surrounding whitespace is never meant. */
export function blankToUndefined(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** One variable read by `parse`; a failure becomes an issue carrying the fix for the operator. */
function variable<T>(parse: ValueParser<T>, fix: string) {
  return z.string().transform((value, ctx): T => {
    const parsed = parse(value);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: 'custom', message: parsed.error, params: { fix } });
    return z.NEVER;
  });
}

export const optional = <T>(parse: ValueParser<T>, fix: string) => z.preprocess(blankToUndefined, variable(parse, fix).optional());

/** The default is written as an operator would write it and goes through the same parser. */
export const withDefault = <T>(parse: ValueParser<T>, fix: string, fallback: string) =>
  z.preprocess((value) => blankToUndefined(value) ?? fallback, variable(parse, fix));

export const PORT_FIX = 'use a whole number from 1 to 65535';

type Values<Shape extends z.core.$ZodLooseShape> = z.output<z.ZodObject<Shape>>;

/**
 * A config part as its folder writes it: its rules and settings read its own variables, typed
 * by their schemas. Names refer to its own variables.
 */
export interface PartDefinition<Shape extends z.core.$ZodLooseShape, Settings> {
  variables: Shape;
  secrets: readonly (keyof Shape & string)[];
  turnsOn?: { variable: keyof Shape & string; from: string };
  webhookSecrets?: readonly (keyof Shape & string)[];
  requireCompanions?(values: Values<Shape>, problem: Problem): void;
  check?(values: Values<Shape>, problem: Problem): void;
  ports?(values: Values<Shape>): [variable: keyof Shape & string, port: number | undefined][];
  settings(values: Values<Shape>): Settings;
}

/**
 * One part of the configuration (see `ConfigPart` in src/core/config-part.ts), typed by its own
 * variables. The environment schema composed of every part parses them all into one object, so
 * the values any rule or `settings` gets hold this part's as its schemas read them: that is
 * why a part written for its own values may be used with everyone's (methods, which TypeScript
 * compares both ways).
 */
export function configPart<Shape extends z.core.$ZodLooseShape, Settings>(
  definition: PartDefinition<Shape, Settings>,
): ConfigPart<Settings> {
  return definition;
}
