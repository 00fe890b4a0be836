/** "Did you mean": the known name closest to a misspelt one, for unknown fields and engine arguments. */

/** Edit distance (insertions, deletions, substitutions) between two names. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The known name closest to `name` (a likely typo of it), or undefined when none is close: at most
 * 1 edit for names of up to 4 characters, 2 up to 8, a quarter of the length beyond; a known name
 * that starts with `name` (3 characters or more, any case) counts as 1 edit (`clas` -> className).
 * `normalize` is applied to `name` first (an exact match after it is returned as is).
 */
export function closestName(name: string, known: Iterable<string>, normalize: (n: string) => string = (n) => n): string | undefined {
  const normalized = normalize(name);
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    if (candidate === normalized) return candidate;
    // Case differences count as one edit in all (minReplicas vs minreplicas is the same field misspelt).
    const lower = candidate.toLowerCase();
    const prefix = normalized.length >= 3 && lower.startsWith(normalized.toLowerCase());
    const d = lower === normalized.toLowerCase() || prefix ? 1 : distance(normalized, candidate);
    if (!best || d < best.distance) best = { name: candidate, distance: d };
  }
  const allowed = normalized.length <= 4 ? 1 : normalized.length <= 8 ? 2 : Math.max(2, Math.floor(normalized.length / 4));
  return best && best.distance <= allowed ? best.name : undefined;
}
