/** How often `needle` occurs in `text`. */
export const occurrences = (text: string, needle: string): number => text.split(needle).length - 1;

/**
 * What a crash test saw shown twice, given everything printed and each payment's code in the
 * order the payments were made. After a kill the only repeat allowed is the message that was on
 * its way (INTERFACE guarantee 2), and a message is one alert or a digest of what waited: payments
 * made one after another. So `messages` counts runs of consecutive repeated codes, `longest` is
 * the longest run (no more than one message holds: 50 payments in a printed digest), and `mostShown`
 * the most times any one code was shown.
 */
export function repeatedMessages(
  output: string,
  codes: readonly string[],
): { messages: number; longest: number; mostShown: number; codes: string[] } {
  const repeated = codes.flatMap((code, i) => (occurrences(output, code) > 1 ? [i] : []));
  const starts = repeated.flatMap((i, k) => (repeated[k - 1] === i - 1 ? [] : [k]));
  const lengths = starts.map((start, n) => (starts[n + 1] ?? repeated.length) - start);
  return {
    messages: starts.length,
    longest: Math.max(0, ...lengths),
    mostShown: Math.max(0, ...codes.map((code) => occurrences(output, code))),
    codes: repeated.map((i) => codes[i] ?? ''),
  };
}
