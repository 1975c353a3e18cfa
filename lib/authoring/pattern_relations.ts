// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * What can be said about two artifact patterns without any artifacts: that
 * one selects everything the other does, or that they select nothing in
 * common. Both answers are conservative: "covers" is true only when it is
 * certain, and "disjoint" only when it is certain.
 *
 * @module
 */

import { fnmatch } from "../rules/fnmatch.ts";

const WILDCARD = /[*?[]/;

/**
 * Whether every name `inner` matches is matched by `outer` too, as far as
 * can be told for sure: equal patterns, `outer` is `*` (which matches `/`
 * as well, as Python's fnmatch does), `inner` is a literal name `outer`
 * matches, or `outer` is a literal start and a final `*` that `inner`'s
 * literal start begins with (`src/*` covers `src/*.py`).
 *
 * @param outer The earlier, wider pattern.
 * @param inner The later pattern.
 * @returns True only when `outer` certainly covers `inner`.
 *
 * @example Usage
 * ```ts
 * import { covers } from "./pattern_relations.ts";
 * import assert from "node:assert/strict";
 * assert.equal(covers("*", "src/a.py"), true);
 * assert.equal(covers("src/*", "src/*.py"), true);
 * assert.equal(covers("*.py", "src/*"), false);
 * ```
 */
export function covers(outer: string, inner: string): boolean {
  if (outer === inner || outer === "*") return true;
  if (!WILDCARD.test(inner)) return fnmatch(inner, outer);
  const stem = outer.slice(0, -1);
  return outer.endsWith("*") && !WILDCARD.test(stem) &&
    literalStart(inner).startsWith(stem);
}

/**
 * Whether no name can match both patterns, as far as can be told for sure:
 * two different literal names, or a literal name the other pattern does
 * not match.
 *
 * @param a A pattern.
 * @param b Another pattern.
 * @returns True only when they certainly select nothing in common.
 *
 * @example Usage
 * ```ts
 * import { disjoint } from "./pattern_relations.ts";
 * import assert from "node:assert/strict";
 * assert.equal(disjoint("a.tar.gz", "*.zip"), true);
 * assert.equal(disjoint("*.tar.gz", "pkg-*"), false);
 * ```
 */
export function disjoint(a: string, b: string): boolean {
  if (!WILDCARD.test(a)) return !fnmatch(a, b);
  if (!WILDCARD.test(b)) return !fnmatch(b, a);
  return false;
}

/**
 * The pattern that the names under `prefix` matching `pattern` match as
 * whole names: `src` and `*.py` give `src/*.py`.
 *
 * @param prefix A folder, empty for none; may end in `/`.
 * @param pattern A pattern below it.
 * @returns The combined pattern.
 */
export function underPrefix(prefix: string, pattern: string): string {
  if (prefix === "") return pattern;
  return `${prefix.endsWith("/") ? prefix : `${prefix}/`}${pattern}`;
}

function literalStart(pattern: string): string {
  const index = pattern.search(WILDCARD);
  return index === -1 ? pattern : pattern.slice(0, index);
}
