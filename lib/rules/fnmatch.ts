// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Shell-style patterns with exactly the semantics of Python 3.11's
 * `fnmatch.fnmatchcase` on POSIX, the dialect of in-toto's artifact rules.
 *
 * - `*` matches any run of characters, `/` and newlines included.
 * - `?` matches one character (one Unicode code point).
 * - `[seq]` and `[!seq]` match one character in or not in `seq`. A `]`
 *   right after `[` or `[!` belongs to the set, `-` between two characters
 *   is a range (an empty range such as `z-a` is dropped), a `-` first or
 *   last is literal, and a `[` without a closing `]` is a literal `[`.
 * - A backslash is an ordinary character: nothing can be escaped.
 * - Matching is case sensitive on every OS.
 *
 * Patterns compile to a list of one-character tokens and stars, matched by
 * the greedy wildcard algorithm that only ever returns to the last star.
 * That takes O(name × pattern) steps in the worst case and no regular
 * expression is involved, so no pattern can make matching explode.
 *
 * @module
 */

const STAR = 0x2a; // *
const QUESTION = 0x3f; // ?
const OPEN = 0x5b; // [
const CLOSE = 0x5d; // ]
const BANG = 0x21; // !
const DASH = 0x2d; // -

/** One token of a compiled pattern; each but a star matches one code point. */
type Token =
  | { kind: "literal"; codePoint: number }
  | { kind: "any" }
  | { kind: "star" }
  | { kind: "set"; negated: boolean; singles: Set<number>; ranges: number[] };

/** A compiled pattern, reusable across many names. */
export interface CompiledPattern {
  /** The pattern as written. */
  readonly pattern: string;
  /**
   * The only name the pattern matches, when it has no wildcard at all (a
   * lone `[` counts as a literal), so callers can look it up in a set.
   */
  readonly literal: string | undefined;
  /** Whether the pattern matches every name (it is only `*`s). */
  readonly matchesAll: boolean;
  /**
   * The literal text before the first wildcard (all of a literal pattern,
   * `""` for one that starts with a wildcard): every name the pattern
   * matches starts with it, so callers can look names up in a sorted list.
   */
  readonly prefix: string;
  /**
   * Whether `name` matches the pattern.
   *
   * @param name A name such as `src/a.py`.
   * @returns True when it matches.
   */
  matches(name: string): boolean;
}

function codePointsOf(text: string): number[] {
  const points: number[] = [];
  for (const char of text) points.push(char.codePointAt(0)!);
  return points;
}

function indexOfCodePoint(
  points: readonly number[],
  wanted: number,
  from: number,
  to: number,
): number {
  for (let index = from; index < to; index++) {
    if (points[index] === wanted) return index;
  }
  return -1;
}

/**
 * Splits the inside of a bracket expression into chunks whose borders are
 * the range dashes, and drops empty ranges, as Python's `translate` does.
 */
function bracketChunks(
  points: readonly number[],
  start: number,
  end: number,
): number[][] {
  const stuff = points.slice(start, end);
  if (!stuff.includes(DASH)) return [stuff];
  const chunks: number[][] = [];
  let from = start;
  let search = points[start] === BANG ? start + 2 : start + 1;
  for (;;) {
    const dash = search < end
      ? indexOfCodePoint(points, DASH, search, end)
      : -1;
    if (dash < 0) break;
    chunks.push(points.slice(from, dash));
    from = dash + 1;
    search = dash + 3;
  }
  const last = points.slice(from, end);
  if (last.length > 0) chunks.push(last);
  else chunks[chunks.length - 1]!.push(DASH);
  for (let index = chunks.length - 1; index > 0; index--) {
    const before = chunks[index - 1]!;
    const after = chunks[index]!;
    if (before[before.length - 1]! > after[0]!) {
      chunks[index - 1] = [...before.slice(0, -1), ...after.slice(1)];
      chunks.splice(index, 1);
    }
  }
  return chunks;
}

/** Turns bracket chunks into the token Python's regular expression means. */
function setToken(chunks: number[][]): Token {
  const first = chunks[0]!;
  if (chunks.length === 1 && first.length === 0) {
    return { kind: "set", negated: false, singles: new Set(), ranges: [] };
  }
  if (chunks.length === 1 && first.length === 1 && first[0] === BANG) {
    return { kind: "any" };
  }
  const negated = first[0] === BANG;
  const parts = negated ? [first.slice(1), ...chunks.slice(1)] : chunks;
  const singles = new Set<number>();
  const ranges: number[] = [];
  parts.forEach((part, index) => {
    const from = index > 0 ? 1 : 0;
    const to = index < parts.length - 1 ? part.length - 1 : part.length;
    for (let at = from; at < to; at++) singles.add(part[at]!);
    if (index < parts.length - 1) {
      ranges.push(part[part.length - 1]!, parts[index + 1]![0]!);
    }
  });
  return { kind: "set", negated, singles, ranges };
}

function tokenize(pattern: string): Token[] {
  const points = codePointsOf(pattern);
  const tokens: Token[] = [];
  let index = 0;
  while (index < points.length) {
    const point = points[index++]!;
    if (point === STAR) {
      if (tokens[tokens.length - 1]?.kind !== "star") {
        tokens.push({ kind: "star" });
      }
    } else if (point === QUESTION) {
      tokens.push({ kind: "any" });
    } else if (point === OPEN) {
      let end = index;
      if (points[end] === BANG) end++;
      if (points[end] === CLOSE) end++;
      while (end < points.length && points[end] !== CLOSE) end++;
      if (end >= points.length) {
        tokens.push({ kind: "literal", codePoint: OPEN });
      } else {
        tokens.push(setToken(bracketChunks(points, index, end)));
        index = end + 1;
      }
    } else {
      tokens.push({ kind: "literal", codePoint: point });
    }
  }
  return tokens;
}

function matchesOne(token: Token, point: number): boolean {
  switch (token.kind) {
    case "literal":
      return token.codePoint === point;
    case "any":
      return true;
    case "set": {
      let inside = token.singles.has(point);
      for (let at = 0; !inside && at < token.ranges.length; at += 2) {
        inside = token.ranges[at]! <= point && point <= token.ranges[at + 1]!;
      }
      return inside !== token.negated;
    }
    case "star":
      return false;
  }
}

/** Greedy wildcard matching that backtracks only to the last star. */
function matchTokens(tokens: readonly Token[], name: string): boolean {
  let token = 0;
  let at = 0;
  let starToken = -1;
  let starAt = 0;
  while (at < name.length) {
    const current = tokens[token];
    if (current?.kind === "star") {
      starToken = token++;
      starAt = at;
      continue;
    }
    const point = name.codePointAt(at)!;
    if (current !== undefined && matchesOne(current, point)) {
      token++;
      at += point > 0xffff ? 2 : 1;
      continue;
    }
    if (starToken < 0) return false;
    token = starToken + 1;
    starAt += name.codePointAt(starAt)! > 0xffff ? 2 : 1;
    at = starAt;
  }
  while (tokens[token]?.kind === "star") token++;
  return token === tokens.length;
}

function literalText(tokens: readonly Token[]): string | undefined {
  let text = "";
  for (const token of tokens) {
    if (token.kind !== "literal") return undefined;
    text += String.fromCodePoint(token.codePoint);
  }
  return text;
}

/**
 * Compiles a pattern once for matching many names.
 *
 * @param pattern A Python fnmatch pattern such as `*.py` or `[!.]*`.
 * @returns The compiled pattern.
 *
 * @example Usage
 * ```ts
 * import { compilePattern } from "./fnmatch.ts";
 * import assert from "node:assert/strict";
 * const pattern = compilePattern("*.key");
 * assert.equal(pattern.matches("sub/a.key"), true);
 * assert.equal(pattern.matches("a.KEY"), false);
 * assert.equal(compilePattern("[abc").literal, "[abc");
 * ```
 */
export function compilePattern(pattern: string): CompiledPattern {
  const tokens = tokenize(pattern);
  const literal = literalText(tokens);
  let matches: (name: string) => boolean;
  const stars = tokens.filter((token) => token.kind === "star").length;
  const matchesAll = literal === undefined && stars === tokens.length;
  if (literal !== undefined) {
    matches = (name) => name === literal;
  } else if (matchesAll) {
    matches = () => true;
  } else if (stars === 1) {
    const star = tokens.findIndex((token) => token.kind === "star");
    const prefix = literalText(tokens.slice(0, star));
    const suffix = literalText(tokens.slice(star + 1));
    matches = prefix !== undefined && suffix !== undefined
      ? (name) =>
        name.length >= prefix.length + suffix.length &&
        name.startsWith(prefix) && name.endsWith(suffix)
      : (name) => matchTokens(tokens, name);
  } else {
    matches = (name) => matchTokens(tokens, name);
  }
  const first = tokens.findIndex((token) => token.kind !== "literal");
  const prefix = first === -1 ? literal! : literalText(tokens.slice(0, first))!;
  return { pattern, literal, matchesAll, prefix, matches };
}

const CACHE_LIMIT = 1024;
const cache = new Map<string, CompiledPattern>();

/**
 * Like {@linkcode compilePattern}, from a bounded cache of recent patterns.
 *
 * @param pattern A Python fnmatch pattern.
 * @returns The compiled pattern.
 */
export function cachedPattern(pattern: string): CompiledPattern {
  let compiled = cache.get(pattern);
  if (compiled === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    compiled = compilePattern(pattern);
    cache.set(pattern, compiled);
  }
  return compiled;
}

/**
 * Whether `name` matches `pattern`, exactly as Python's
 * `fnmatch.fnmatchcase(name, pattern)` decides on POSIX.
 *
 * @param name A name such as `src/a.py`.
 * @param pattern A pattern such as `src/*.py`.
 * @returns True when it matches.
 *
 * @example Usage
 * ```ts
 * import { fnmatch } from "./fnmatch.ts";
 * import assert from "node:assert/strict";
 * assert.equal(fnmatch("sub/a.key", "*.key"), true);
 * assert.equal(fnmatch("foo", "FOO"), false);
 * assert.equal(fnmatch("a\\xb", "a\\*b"), true);
 * ```
 */
export function fnmatch(name: string, pattern: string): boolean {
  return cachedPattern(pattern).matches(name);
}
