/** One bad or missing setting, worded for the operator who has to fix it. */
export interface ConfigProblem {
  /** The variable (or `.env` itself) the problem is about. */
  variable: string;
  /** What is wrong. Never contains a secret value. */
  problem: string;
  /** What to do about it. */
  fix: string;
}

/**
 * Why the bot refuses to start: every problem at once, so the operator fixes the
 * configuration in one go instead of one restart per mistake.
 */
export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(describeProblems(problems));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

function describeProblems(problems: readonly ConfigProblem[]): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const lines = problems.map((p) => `  - ${p.variable}: ${p.problem}. Fix: ${p.fix}`);
  return [`Invalid configuration (${count}):`, ...lines, 'Set them in .env (see .env.example) or in the environment.'].join(
    '\n',
  );
}
