/** The candidate closest to `typed` by edit distance, if it is close enough to be what was meant. */
export function closestMatch(typed: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined
  for (const candidate of candidates) {
    const distance = editDistance(typed, candidate)
    if (!best || distance < best.distance) best = { candidate, distance }
  }
  // beyond half the typed length the "suggestion" is a guess, not a typo fix
  return best && best.distance <= Math.max(2, Math.ceil(typed.length / 2)) ? best.candidate : undefined
}

/** Levenshtein distance: insertions, deletions and substitutions, one each. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.length]!
}
