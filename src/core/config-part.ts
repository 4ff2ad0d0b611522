import type { z } from 'zod';

/** Reports one problem with a variable (or a pair of them), with the fix the operator needs. */
export type Problem = (variable: string, message: string, fix: string) => void;

/** Every variable's value as the configuration read it, by name; a part reads its own among them. */
export type ConfigValues = Readonly<Record<string, unknown>>;

/**
 * The variables of one provider or chat (or those no plug-in owns), kept beside the code that
 * uses them: how each is read, which are secrets, the rules between them, and the settings the
 * plug-in gets (null or a part of them null: off). src/config composes the parts of the
 * registries into the one environment schema; `configPart` there types a part's own variables.
 */
export interface ConfigPart<Settings = unknown> {
  /** Each variable's zod schema, by name. */
  readonly variables: z.core.$ZodLooseShape;
  /** Variables whose values are never printed. */
  readonly secrets: readonly string[];
  /** The variable whose presence turns the plug-in on, and where its value comes from. */
  readonly turnsOn?: { variable: string; from: string };
  /** A provider: the variables that authenticate its pushes (WEBHOOK_PORT needs at least one). */
  readonly webhookSecrets?: readonly string[];
  /** Rules about which variables go together; they look only at presence, so they run even when values are invalid. */
  requireCompanions?(values: ConfigValues, problem: Problem): void;
  /** Rules about combinations of values; they run once every value is valid. */
  check?(values: ConfigValues, problem: Problem): void;
  /** The ports it listens on when on (two listeners cannot share one). */
  ports?(values: ConfigValues): [variable: string, port: number | undefined][];
  settings(values: ConfigValues): Settings;
}

/** Each plug-in's settings, as its own config part read them, found by that part. */
export type PluginSettings = ReadonlyMap<ConfigPart, unknown>;

/** The settings `part` read; the configuration was composed without it is a bug, not a setting. */
export function settingsOf<Settings>(plugins: PluginSettings, part: ConfigPart<Settings>): Settings {
  if (!plugins.has(part)) throw new Error(`no settings for the part of ${Object.keys(part.variables).join(', ')}: it was not composed into the configuration`);
  // The map holds, for each part, what that part's own settings() returned.
  return plugins.get(part) as Settings;
}
