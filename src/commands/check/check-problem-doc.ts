import { text, type Doc } from '../../render/doc.js';
import type { RenderContext } from '../../render/messages.js';
import { truncateText } from '../../render/truncate.js';
import { WORDING } from './wording.js';

export type CheckProblem = { kind: 'usage' } | { kind: 'amount'; word: string } | { kind: 'not-target' } | { kind: 'too-many'; most: number };

/** Why /check checked nothing, and what to do instead. */
export function checkProblemDoc(problem: CheckProblem, ctx: RenderContext): Doc {
  const w = WORDING[ctx.locale];
  const usage = w.usage.map((line) => [text(line)]);
  switch (problem.kind) {
    case 'usage':
      return usage;
    case 'amount':
      return [[text(w.badAmount(truncateText(problem.word, 40)))], ...usage];
    case 'not-target':
      return [[text(w.notTarget)]];
    case 'too-many':
      return [[text(w.tooMany(problem.most))]];
  }
}
