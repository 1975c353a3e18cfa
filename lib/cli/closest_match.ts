// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * "Did you mean": the closest valid name to a mistyped one, by edit distance.
 *
 * @module
 */

/**
 * Suggests the closest of `candidates` to a mistyped `word`, if any is close.
 *
 * @param word What was typed.
 * @param candidates What would have been valid.
 * @returns The best candidate within a small edit distance, or undefined.
 *
 * @example Usage
 * ```ts
 * import { closestMatch } from "./closest_match.ts";
 * import assert from "node:assert/strict";
 * assert.equal(closestMatch("--lauout", ["--layout", "--link-dir"]), "--layout");
 * assert.equal(closestMatch("--zzz", ["--layout"]), undefined);
 * ```
 */
export function closestMatch(
  word: string,
  candidates: Iterable<string>,
): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return bestDistance <= limit && bestDistance < word.length ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(
        Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}
