import { foldVietnamese } from './fold.js';
import { trimEdgePunctuation } from './query.js';

/**
 * Free words (what `/check` takes after its amount) as /find matches text: each folded (case and
 * accents), the punctuation at its edges trimmed, empty ones dropped, each once.
 */
export function searchWords(input: string): string[] {
  const words = input
    .split(/\s+/)
    .map((word) => trimEdgePunctuation(foldVietnamese(word)))
    .filter((word) => word !== '');
  return [...new Set(words)];
}

/** Whether each word occurs, folded, in one of `texts` (one in the content, another in the sender's name). */
export function holdsWords(words: readonly string[], texts: readonly (string | null | undefined)[]): boolean {
  if (words.length === 0) return true;
  // Folded text holds no newline (whitespace folds to a space), so no word spans two texts.
  const folded = texts.map((t) => foldVietnamese(t ?? '')).join('\n');
  return words.every((word) => folded.includes(word));
}
