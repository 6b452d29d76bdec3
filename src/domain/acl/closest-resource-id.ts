/**
 * The resource id of `known` most likely meant by a mistyped `id`, for a "did you mean" hint: the
 * one at the smallest edit distance (letters compared case-insensitively; an insertion, deletion,
 * substitution or swap of two neighbours costs 1), if that distance is at most a quarter of the
 * id's length (and at least 2 is always accepted). Ties go to the first in `known`'s order.
 * @returns null when nothing is that close, or when `id` itself is known
 */
export function closestResourceId(id: string, known: Iterable<string>): string | null {
  const wanted = id.toLowerCase();
  const limit = Math.max(2, Math.floor(id.length / 4));
  let best: { readonly id: string; readonly distance: number } | null = null;
  for (const candidate of known) {
    if (candidate === id) return null;
    // Lengths alone rule most candidates out before the quadratic comparison.
    if (Math.abs(candidate.length - id.length) > Math.min(limit, best?.distance ?? limit)) continue;
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (distance <= limit && (best === null || distance < best.distance)) best = { id: candidate, distance };
  }
  return best?.id ?? null;
}

/** Optimal string alignment distance (Levenshtein plus transpositions of neighbours). */
function editDistance(a: string, b: string): number {
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (beforePrevious[j - 2] ?? 0) + 1);
      current.push(value);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}
