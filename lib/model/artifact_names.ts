// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The names of a parsed artifact map, listed once per map.
 *
 * A link's `materials` and `products` are parsed JSON objects. Past a few
 * thousand keys V8 keeps such an object as a hash table, and each
 * `Object.keys` of it sorts its keys again: 7 ms for 50,000 names on the
 * bench machine, and verification asked for the names of each map four to
 * six times (limits, validation, name checks, rules, the summary).
 *
 * @module
 */

/** The names of each map asked for, by identity. */
const namesByMap = new WeakMap<object, readonly string[]>();

/**
 * The keys of an artifact map, as `Object.keys` lists them, computed once per
 * map. The map must not change after the first call: it is meant for parsed
 * metadata, which intoto never changes.
 *
 * @param map A parsed artifact map (or any parsed JSON object).
 * @returns Its keys, in `Object.keys` order; the same array on each call.
 *
 * @example Usage
 * ```ts
 * import { artifactNames } from "./artifact_names.ts";
 * import assert from "node:assert/strict";
 * const products = { "a.out": { sha256: "ab" }, "b.out": { sha256: "cd" } };
 * assert.deepEqual(artifactNames(products), ["a.out", "b.out"]);
 * assert.equal(artifactNames(products), artifactNames(products));
 * ```
 */
export function artifactNames(map: object): readonly string[] {
  let names = namesByMap.get(map);
  if (names === undefined) {
    names = Object.freeze(Object.keys(map));
    namesByMap.set(map, names);
  }
  return names;
}
