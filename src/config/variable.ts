import { z } from 'zod';
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

/** Reports one problem with a variable (or a pair of them), with the fix the operator needs. */
export type Problem = (variable: string, message: string, fix: string) => void;

// Methods, not function properties: a part is used through the general `ConfigPart` type
// with the whole environment, of which its own variables are a part.
/**
 * The variables of one provider or chat, kept in its folder: how each is read, which are
 * secrets, the rules between them, and the settings the rest of the bot sees (null: off).
 */
export interface ConfigPart<Shape extends z.core.$ZodLooseShape, Settings> {
  variables: Shape;
  /** Values never printed. */
  secrets: readonly (keyof Shape & string)[];
  /** Rules about which variables go together; they look only at presence, so they run even when values are invalid. */
  requireCompanions?(env: z.output<z.ZodObject<Shape>>, problem: Problem): void;
  /** Rules about combinations of values; they run once every value is valid. */
  check?(env: z.output<z.ZodObject<Shape>>, problem: Problem): void;
  settings(env: z.output<z.ZodObject<Shape>>): Settings;
  /** A provider: the variable whose presence turns its polling on, and where its value comes from. */
  turnsOn?: { variable: keyof Shape & string; from: string };
  /** A provider: the variables that authenticate its pushes (WEBHOOK_PORT needs at least one). */
  webhookSecrets?: readonly (keyof Shape & string)[];
  /** The ports it listens on when on (two listeners cannot share one). */
  ports?(env: z.output<z.ZodObject<Shape>>): [variable: string, port: number | undefined][];
}

/** Keeps a part's types (its variables, its settings) as written. */
export const configPart = <Shape extends z.core.$ZodLooseShape, Settings>(part: ConfigPart<Shape, Settings>) => part;
