// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The queue of a rule list: the artifact names no rule has consumed yet, in
 * the link's order, with a sorted view so that a pattern with a literal
 * prefix (`src/*`, `dist/app-*.tar.gz`) visits only the names that start
 * with it, instead of every queued name for every rule. A link of 100,000
 * artifacts under a dozen rules with distinct prefixes is then read about
 * once, not a dozen times.
 *
 * @module
 */

import { cachedPattern } from "./fnmatch.ts";

/** The first index of `sorted` whose name is not below `start`. */
function lowerBound(sorted: readonly string[], start: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < start) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Whether `names` are in strictly increasing UTF-16 order. */
function increasing(names: readonly string[]): boolean {
  for (let i = 1; i < names.length; i++) {
    if (!(names[i - 1]! < names[i]!)) return false;
  }
  return true;
}

/**
 * Names not yet consumed, in the link's order, with a sorted view. Until a
 * rule consumes some of the names but not all, the link's own list is the
 * queue: no set of a million names is built when the first rule consumes
 * them all (`ALLOW src/*`, `CREATE *`).
 */
export class ArtifactQueue implements Iterable<string> {
  /** The names in the link's order. */
  readonly #names: readonly string[];
  /** The names still queued; undefined while all of `#names` are. */
  #queue: Set<string> | undefined;
  /**
   * Every name ever queued (consumed ones stay), in UTF-16 order: the names
   * that start with a given string are one run of it, as in any
   * lexicographic order, and it is the order JavaScript compares in.
   */
  readonly #sorted: readonly string[];
  /** Each name's place in the link's order, when that is not the sorted one. */
  #order: Map<string, number> | undefined;

  /**
   * @param names The names in the link's order, each once.
   */
  constructor(names: readonly string[]) {
    this.#names = names;
    if (increasing(names)) {
      this.#sorted = names;
    } else {
      this.#sorted = [...names].sort();
      this.#order = new Map(names.map((name, index) => [name, index]));
    }
  }

  /** How many names are queued. */
  get size(): number {
    return this.#queue?.size ?? this.#names.length;
  }

  /**
   * Whether `name` is still queued.
   *
   * @param name An artifact name.
   * @returns True when no rule consumed it yet.
   */
  has(name: string): boolean {
    if (this.#queue !== undefined) return this.#queue.has(name);
    return this.#sorted[lowerBound(this.#sorted, name)] === name;
  }

  /**
   * Takes names out of the queue.
   *
   * @param names Queued names, each once.
   */
  consume(names: readonly string[]): void {
    if (names.length === 0) return;
    if (names.length === this.size) {
      this.#queue = new Set();
      return;
    }
    this.#queue ??= new Set(this.#names);
    for (const name of names) this.#queue.delete(name);
  }

  /** The queued names in the link's order. */
  [Symbol.iterator](): Iterator<string> {
    return (this.#queue ?? this.#names).values();
  }

  /**
   * The queued names that `prefix` followed by a name matching `pattern`
   * make up, in the link's order.
   *
   * @param pattern A Python fnmatch pattern.
   * @param prefix A literal prefix the names must start with (MATCH's
   * `IN src/`); it is not part of what the pattern must match.
   * @returns The selected names.
   */
  select(pattern: string, prefix = ""): string[] {
    const compiled = cachedPattern(pattern);
    if (compiled.literal !== undefined) {
      const name = prefix + compiled.literal;
      return this.has(name) ? [name] : [];
    }
    if (prefix === "" && compiled.matchesAll) return [...this];
    const start = prefix + compiled.prefix;
    const selected: string[] = [];
    if (start === "") {
      for (const name of this) {
        if (compiled.matches(name)) selected.push(name);
      }
      return selected;
    }
    // Names that start with `start` are one run of the sorted view.
    const sorted = this.#sorted;
    const queue = this.#queue;
    for (
      let i = lowerBound(sorted, start);
      i < sorted.length && sorted[i]!.startsWith(start);
      i++
    ) {
      const name = sorted[i]!;
      if (
        (queue === undefined || queue.has(name)) &&
        compiled.matches(name.slice(prefix.length))
      ) {
        selected.push(name);
      }
    }
    const order = this.#order;
    return order === undefined
      ? selected
      : selected.sort((a, b) => order.get(a)! - order.get(b)!);
  }
}
