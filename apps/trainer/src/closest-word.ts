/**
 * Levenshtein distance: the fewest single-character insertions, deletions and substitutions that turn
 * a into b (Wagner-Fischer, one row of the (|a|+1) x (|b|+1) table at a time).
 */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** Lower case without '-' and '_', so 'batchSize', 'batch_size' and 'batch-size' compare equal. */
function normalise(word: string): string {
  return word.toLowerCase().replace(/[-_]/g, '');
}

/**
 * The known word closest to `word` (a mistyped flag or config key), or null when none is close enough
 * to be a plausible typo: at most a third of the word's letters differ (at least one may).
 */
export function closestWord(word: string, known: readonly string[]): string | null {
  const target = normalise(word);
  let best: { word: string; distance: number } | null = null;
  for (const candidate of known) {
    const distance = editDistance(target, normalise(candidate));
    if (best === null || distance < best.distance) best = { word: candidate, distance };
  }
  const allowed = Math.max(1, Math.floor(target.length / 3));
  return best !== null && best.distance <= allowed ? best.word : null;
}
