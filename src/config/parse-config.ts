import type { z } from 'zod';
import { err, ok, type Result } from '../core/result.js';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { configSchema, secretVariables, type Config, type Plugins } from './schema.js';

/**
 * Environment → Config, or one ConfigError naming every bad or missing variable, with the
 * variables of these plug-ins and the shared ones. Pure.
 */
export function parseConfig(env: Record<string, string | undefined>, plugins: Plugins): Result<Config, ConfigError> {
  const parsed = configSchema(plugins).safeParse(env);
  if (parsed.success) return ok(parsed.data);
  const secrets = secretVariables(plugins).flatMap((name) => env[name]?.trim() ?? []);
  return err(new ConfigError(parsed.error.issues.map((issue) => redact(toProblem(issue), secrets))));
}

function toProblem(issue: z.core.$ZodIssue): ConfigProblem {
  const fix: unknown = issue.code === 'custom' ? issue.params?.fix : undefined;
  return {
    variable: String(issue.path[0] ?? 'configuration'),
    problem: issue.message,
    fix: typeof fix === 'string' ? fix : 'see .env.example',
  };
}

/**
 * Problems are written never to quote a secret; this is the last line of defence for a secret
 * that was also pasted into a variable whose value is quoted. Short values are left alone: they
 * are not real secrets and masking them would garble the message.
 */
function redact(problem: ConfigProblem, secrets: readonly string[]): ConfigProblem {
  let text = problem.problem;
  for (const secret of secrets) if (secret.length >= 8) text = text.split(secret).join('***');
  return { ...problem, problem: text };
}
