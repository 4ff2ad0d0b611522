import { z } from 'zod';
import type { ConfigPart, ConfigValues, PluginSettings, Problem } from '../core/config-part.js';
import { databasePassword, sharedConfig, type SharedSettings } from './shared.js';

/**
 * The plug-ins whose variables the environment holds, each with its config part: the
 * programs pass the registries (src/providers/index.ts, src/chats/index.ts) as they are.
 */
export interface Plugins {
  providers: readonly { config: ConfigPart }[];
  chats: readonly { config: ConfigPart }[];
}

/** A port the bot listens on, and the variable that set it. */
export interface Listener {
  variable: string;
  port: number;
}

/** The configuration the programs see: the shared settings, and each plug-in's, found by its part. */
export interface Config extends SharedSettings {
  /** Every secret value present, for the logger to mask. */
  secrets: string[];
  /** Every port something listens on as configured, plug-ins' first. */
  listeners: Listener[];
  /** Each plug-in's settings; a plug-in finds its own with `settingsOf`. */
  plugins: PluginSettings;
}

const pluginParts = (plugins: Plugins): ConfigPart[] => [...plugins.providers, ...plugins.chats].map((plugin) => plugin.config);
/** In this order the variables are read, and their problems listed. */
const allParts = (plugins: Plugins): ConfigPart[] => [...pluginParts(plugins), sharedConfig];

/** Every variable bankbell reads, with these plug-ins. */
export function envVariables(plugins: Plugins): string[] {
  return allParts(plugins).flatMap((part) => Object.keys(part.variables));
}

/** Variables whose values must never be printed. */
export function secretVariables(plugins: Plugins): string[] {
  return allParts(plugins).flatMap((part) => part.secrets);
}

type Ctx = z.core.$RefinementCtx<Record<string, unknown>>;

const reporter =
  (ctx: Ctx): Problem =>
  (variable, message, fix) =>
    ctx.addIssue({ code: 'custom', path: [variable], message, params: { fix } });

/**
 * Rules about which variables must be set together. They only look at presence, so they run
 * even when some values are invalid and their problems join the same single message.
 */
function requireCompanions(plugins: Plugins, values: ConfigValues, problem: Problem): void {
  const providers = plugins.providers.map((provider) => provider.config);
  const switches = providers.flatMap((part) => part.turnsOn ?? []);
  if (switches.every((s) => values[s.variable] === undefined)) {
    problem(
      switches.map((s) => s.variable).join(' or '),
      'no provider is on: none of them is set',
      `set ${switches.map((s) => `${s.variable} (${s.from})`).join(', or ')}; several may be on at once`,
    );
  }
  for (const part of allParts(plugins)) part.requireCompanions?.(values, problem);
  // An open webhook would turn anyone who finds the port into a source of fake payments.
  const webhookSecrets = providers.flatMap((part) => part.webhookSecrets ?? []);
  if (values.WEBHOOK_PORT !== undefined && webhookSecrets.every((name) => values[name] === undefined)) {
    problem(
      'WEBHOOK_PORT',
      `is set but none of ${webhookSecrets.join(', ')} is, so anyone could post forged payments`,
      `set the secret of each provider that pushes to the bot (${webhookSecrets.join(', ')}), or remove WEBHOOK_PORT`,
    );
  }
}

/** Every listener's port, on or off (undefined), plug-ins' first. */
const portsOf = (plugins: Plugins, values: ConfigValues) => allParts(plugins).flatMap((part) => part.ports?.(values) ?? []);

/** Rules about combinations of values; they need every value valid, so they run last. */
function checkCombinations(plugins: Plugins, values: ConfigValues, problem: Problem): void {
  const listeners = portsOf(plugins, values);
  listeners.forEach(([name, value], index) => {
    const earlier = listeners.slice(0, index).find(([, other]) => value !== undefined && other === value);
    if (earlier) problem(name, `${value} is also ${earlier[0]}, and two listeners cannot share a port`, 'pick a different port');
  });
  for (const part of allParts(plugins)) part.check?.(values, problem);
}

function toConfig(plugins: Plugins, values: ConfigValues): Config {
  const shared = sharedConfig.settings(values);
  return {
    ...shared,
    secrets: [
      ...secretVariables(plugins).flatMap((name) => {
        const value = values[name];
        return typeof value === 'string' ? [value] : [];
      }),
      ...databasePassword(shared.databaseUrl),
    ],
    listeners: portsOf(plugins, values).flatMap(([variable, port]) => (port === undefined ? [] : [{ variable, port }])),
    plugins: new Map(pluginParts(plugins).map((part) => [part, part.settings(values)])),
  };
}

/**
 * The whole environment → Config, or issues naming each bad variable (`path[0]`) with
 * `params.fix`. The variables are those of every plug-in's part and the shared ones.
 */
export function configSchema(plugins: Plugins) {
  const variables = Object.fromEntries(allParts(plugins).flatMap((part) => Object.entries(part.variables)));
  return z
    .object(variables)
    .superRefine((values, ctx) => requireCompanions(plugins, values, reporter(ctx)), { when: () => true })
    .transform((values, ctx) => {
      checkCombinations(plugins, values, reporter(ctx));
      return toConfig(plugins, values);
    });
}
