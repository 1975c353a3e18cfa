// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Exclude patterns: gitignore-style patterns with exactly the semantics of
 * pathspec 0.11 `gitwildmatch` as in-toto 1.3.1 uses them.
 *
 * Each pattern becomes the regular expression pathspec would build; instead
 * of a backtracking regex engine, all patterns run together in one lazily
 * built DFA, so matching is linear in the path length whatever the patterns.
 * The last pattern that matches a path decides: a plain pattern excludes it,
 * a `!pattern` includes it again.
 *
 * Python regex details kept: `.` matches anything but a newline, `$` also
 * matches before a final newline, `[!...]` may match `/`, a backslash inside
 * brackets is literal.
 *
 * @module
 */

import { IntotoError } from "../errors.ts";

/** The reference's default exclude patterns (used when none are given). */
export const DEFAULT_EXCLUDES: readonly string[] = Object.freeze([
  "*.link*",
  ".git",
  "*.pyc",
  "*~",
]);

const SLASH = 0x2f;
const NEWLINE = 0x0a;

/** A test on one code point. */
type CharTest = (codePoint: number) => boolean;

const notSlash: CharTest = (c) => c !== SLASH;
const notNewline: CharTest = (c) => c !== NEWLINE;

/** One piece of a pattern's regular expression. */
type Piece =
  | { kind: "char"; test: CharTest }
  | { kind: "star" | "plus"; test: CharTest }
  | { kind: "optional"; pieces: Piece[] };

function literal(codePoint: number): Piece {
  return { kind: "char", test: (c) => c === codePoint };
}

const slash = literal(SLASH);
/** `(?:/.*)?`: a file or a directory with anything below it. */
const orBelow: Piece = {
  kind: "optional",
  pieces: [slash, { kind: "star", test: notNewline }],
};

// Python's str.isspace() set, which str.strip() removes.
const PYTHON_SPACE = new Set([
  0x09,
  0x0a,
  0x0b,
  0x0c,
  0x0d,
  0x1c,
  0x1d,
  0x1e,
  0x1f,
  0x20,
  0x85,
  0xa0,
  0x1680,
  0x2000,
  0x2001,
  0x2002,
  0x2003,
  0x2004,
  0x2005,
  0x2006,
  0x2007,
  0x2008,
  0x2009,
  0x200a,
  0x2028,
  0x2029,
  0x202f,
  0x205f,
  0x3000,
]);

function pythonStrip(text: string): string {
  const chars = [...text];
  let start = 0;
  let end = chars.length;
  while (start < end && PYTHON_SPACE.has(chars[start]!.codePointAt(0)!)) {
    start++;
  }
  while (end > start && PYTHON_SPACE.has(chars[end - 1]!.codePointAt(0)!)) {
    end--;
  }
  return chars.slice(start, end).join("");
}

function invalid(pattern: string, detail: string): IntotoError {
  return new IntotoError(
    "USAGE",
    `Invalid exclude pattern "${pattern}": ${detail}`,
  );
}

/**
 * Parses a bracket expression's content as Python's regex parser reads the
 * class pathspec builds (backslashes are literal, `]` first is literal).
 */
function bracketTest(
  content: number[],
  negate: boolean,
  pattern: string,
): CharTest {
  const singles = new Set<number>();
  const ranges: [number, number][] = [];
  let count = 0;
  for (let i = 0; i < content.length; i++) {
    const low = content[i]!;
    if (low === 0x5d && count > 0) break;
    count++;
    if (content[i + 1] === 0x2d && i + 2 < content.length) {
      const high = content[i + 2]!;
      if (high === 0x5d && i + 2 === content.length - 1) {
        singles.add(low).add(0x2d);
        break;
      }
      if (high < low) throw invalid(pattern, "bad character range");
      ranges.push([low, high]);
      i += 2;
    } else {
      singles.add(low);
    }
  }
  return (c) => {
    let found = singles.has(c);
    for (let r = 0; !found && r < ranges.length; r++) {
      found = c >= ranges[r]![0] && c <= ranges[r]![1];
    }
    return found !== negate;
  };
}

/** Translates one path segment glob, as pathspec `_translate_segment_glob`. */
function segmentPieces(segment: string, pattern: string): Piece[] {
  const chars = [...segment].map((char) => char.codePointAt(0)!);
  const pieces: Piece[] = [];
  let escape = false;
  let i = 0;
  while (i < chars.length) {
    const char = chars[i++]!;
    if (escape) {
      escape = false;
      pieces.push(literal(char));
    } else if (char === 0x5c) {
      escape = true;
    } else if (char === 0x2a) {
      pieces.push({ kind: "star", test: notSlash });
    } else if (char === 0x3f) {
      pieces.push({ kind: "char", test: notSlash });
    } else if (char === 0x5b) {
      let j = i;
      if (chars[j] === 0x21) j++;
      if (chars[j] === 0x5d) j++;
      while (j < chars.length && chars[j] !== 0x5d) j++;
      if (j < chars.length) {
        j++;
        let negate = false;
        const content: number[] = [];
        if (chars[i] === 0x21) {
          negate = true;
          i++;
        } else if (chars[i] === 0x5e) {
          content.push(0x5e);
          i++;
        }
        content.push(...chars.slice(i, j));
        pieces.push({
          kind: "char",
          test: bracketTest(content, negate, pattern),
        });
        i = j;
      } else {
        pieces.push(literal(0x5b));
      }
    } else {
      pieces.push(literal(char));
    }
  }
  if (escape) {
    throw invalid(pattern, "it ends with an escape character");
  }
  return pieces;
}

/** A compiled pattern: the pieces of its regex and whether it excludes. */
interface CompiledPattern {
  pieces: Piece[];
  exclude: boolean;
}

/** Builds pathspec's regex for one pattern, or null for a no-op line. */
function compilePattern(original: string): CompiledPattern | null {
  let pattern = pythonStrip(original);
  if (pattern === "" || pattern.startsWith("#") || pattern === "/") {
    return null;
  }
  let exclude = true;
  if (pattern.startsWith("!")) {
    exclude = false;
    pattern = pattern.slice(1);
  }
  const segments = pattern.split("/");
  for (let i = segments.length - 1; i > 0; i--) {
    if (segments[i - 1] === "**" && segments[i] === "**") {
      segments.splice(i, 1);
    }
  }
  if (
    segments.length === 2 && segments[0] === "**" && segments[1] === ""
  ) {
    // `**/`: everything except the files of the root directory.
    return {
      exclude,
      pieces: [
        { kind: "plus", test: notNewline },
        slash,
        { kind: "star", test: notNewline },
      ],
    };
  }
  if (segments[0] === "") {
    segments.shift();
  } else if (
    segments.length === 1 || (segments.length === 2 && segments[1] === "")
  ) {
    if (segments[0] !== "**") segments.unshift("**");
  }
  if (segments.length === 0) throw invalid(original, "it matches nothing");
  if (segments.length > 1 && segments[segments.length - 1] === "") {
    segments[segments.length - 1] = "**";
  }
  const pieces: Piece[] = [];
  const end = segments.length - 1;
  let needSlash = false;
  segments.forEach((segment, i) => {
    if (segment === "**") {
      if (i === 0 && i === end) {
        pieces.push({ kind: "plus", test: notSlash }, orBelow);
      } else if (i === 0) {
        pieces.push({
          kind: "optional",
          pieces: [{ kind: "plus", test: notNewline }, slash],
        });
        needSlash = false;
      } else if (i === end) {
        pieces.push(slash, { kind: "star", test: notNewline });
      } else {
        pieces.push({
          kind: "optional",
          pieces: [slash, { kind: "plus", test: notNewline }],
        });
        needSlash = true;
      }
      return;
    }
    if (needSlash) pieces.push(slash);
    if (segment === "*") {
      pieces.push({ kind: "plus", test: notSlash });
    } else {
      pieces.push(...segmentPieces(segment, original));
    }
    if (i === end) pieces.push(orBelow);
    needSlash = true;
  });
  return { pieces, exclude };
}

// NFA node kinds.
const CHAR = 0;
const SPLIT = 1;
const ACCEPT = 2;

interface NfaNode {
  kind: typeof CHAR | typeof SPLIT | typeof ACCEPT;
  test?: CharTest;
  /** CHAR: the next node; SPLIT: the two branches. */
  out: number[];
  /** ACCEPT: the pattern's index. */
  pattern: number;
}

class Nfa {
  readonly nodes: NfaNode[] = [];

  add(node: NfaNode): number {
    this.nodes.push(node);
    return this.nodes.length - 1;
  }

  /** Compiles pieces so that they continue at `next`; returns the entry. */
  build(pieces: Piece[], next: number): number {
    let entry = next;
    for (let p = pieces.length - 1; p >= 0; p--) {
      const piece = pieces[p]!;
      if (piece.kind === "char") {
        entry = this.add({
          kind: CHAR,
          test: piece.test,
          out: [entry],
          pattern: -1,
        });
      } else if (piece.kind === "optional") {
        const inner = this.build(piece.pieces, entry);
        entry = this.add({ kind: SPLIT, out: [inner, entry], pattern: -1 });
      } else {
        // star: split -> (char -> split) | next; plus: char -> split.
        const loop = this.add({ kind: SPLIT, out: [-1, entry], pattern: -1 });
        const char = this.add({
          kind: CHAR,
          test: piece.test,
          out: [loop],
          pattern: -1,
        });
        this.nodes[loop]!.out[0] = char;
        entry = piece.kind === "star" ? loop : char;
      }
    }
    return entry;
  }
}

/** `path` without the leading `/` or `./` that pathspec ignores. */
function withoutLead(path: string): string {
  return path.startsWith("/")
    ? path.slice(1)
    : path.startsWith("./")
    ? path.slice(2)
    : path;
}

/** A DFA state: a set of NFA character nodes and the best accepting pattern. */
interface DfaState {
  chars: number[];
  best: number;
  ascii: (DfaState | undefined)[];
  other: Map<number, DfaState>;
}

const MAX_DFA_STATES = 4096;

/**
 * A compiled list of exclude patterns.
 *
 * @example Usage
 * ```ts
 * import { ExcludeMatcher } from "./exclude.ts";
 * import assert from "node:assert/strict";
 * const matcher = new ExcludeMatcher(["*.txt", "!keep.txt"]);
 * assert.equal(matcher.matches("a/b.txt"), true);
 * assert.equal(matcher.matches("keep.txt"), false);
 * ```
 */
export class ExcludeMatcher {
  #nfa = new Nfa();
  #starts: number[] = [];
  #excludes: boolean[] = [];
  #states = new Map<string, DfaState>();
  #start: DfaState;

  /**
   * Compiles the patterns (blank lines, `#` comments and `/` are no-ops).
   *
   * @param patterns gitignore-style patterns, in order.
   * @throws {IntotoError} `USAGE` for a pattern pathspec rejects (a
   * trailing backslash, a bad range such as `[z-a]`, `!` alone).
   */
  constructor(patterns: readonly string[]) {
    for (const pattern of patterns) {
      const compiled = compilePattern(pattern);
      if (compiled === null) continue;
      const index = this.#excludes.length;
      this.#excludes.push(compiled.exclude);
      const accept = this.#nfa.add({ kind: ACCEPT, out: [], pattern: index });
      this.#starts.push(this.#nfa.build(compiled.pieces, accept));
    }
    this.#start = this.#state(this.#starts);
  }

  /** Whether no pattern can ever match (so matching can be skipped). */
  get empty(): boolean {
    return this.#excludes.length === 0;
  }

  /**
   * Whether `path` is excluded: the last pattern matching it is not negated.
   * A leading `/` or `./` is ignored, as pathspec does.
   *
   * @param path A relative POSIX path such as `src/a.c`.
   * @returns True when excluded.
   */
  matches(path: string): boolean {
    if (this.empty) return false;
    return this.#matchesFrom(this.#start, withoutLead(path));
  }

  /**
   * A test for the paths that start with `prefix`, which matches only what
   * follows it: a walk tests each entry of a folder without going through
   * the folder's path again.
   *
   * @param prefix The start of every path to test, such as `src/lib/`.
   * @returns `(rest) => matches(prefix + rest)`, faster.
   */
  under(prefix: string): (rest: string) => boolean {
    // Whether a leading "/" or "./" is ignored is known from two characters,
    // and a surrogate pair must not be cut in two.
    const last = prefix.charCodeAt(prefix.length - 1);
    if (this.empty || prefix.length < 2 || (last >= 0xd800 && last <= 0xdbff)) {
      return (rest) => this.matches(prefix + rest);
    }
    let state: DfaState = this.#start;
    // Whether no pattern can match a path longer than the prefix.
    let dead = false;
    const text = withoutLead(prefix);
    for (let index = 0; index < text.length && !dead;) {
      const codePoint = text.codePointAt(index)!;
      index += codePoint > 0xffff ? 2 : 1;
      state = this.#step(state, codePoint);
      dead = state.chars.length === 0 && state.best < 0;
    }
    // The prefix alone ends the path: its last character counts as the end.
    return (rest) =>
      rest === ""
        ? this.matches(prefix)
        : !dead && this.#matchesFrom(state, rest);
  }

  /** Whether the rest of a path, `text`, read from `state`, is excluded. */
  #matchesFrom(from: DfaState, text: string): boolean {
    let state = from;
    let beforeLast = -1;
    for (let index = 0; index < text.length;) {
      const codePoint = text.codePointAt(index)!;
      index += codePoint > 0xffff ? 2 : 1;
      if (index === text.length && codePoint === 0x0a) beforeLast = state.best;
      const next = this.#step(state, codePoint);
      if (next.chars.length === 0 && next.best < 0) {
        return beforeLast >= 0 && this.#excludes[beforeLast]!;
      }
      state = next;
    }
    const best = Math.max(state.best, beforeLast);
    return best >= 0 && this.#excludes[best]!;
  }

  #step(state: DfaState, codePoint: number): DfaState {
    const cached = codePoint < 128
      ? state.ascii[codePoint]
      : state.other.get(codePoint);
    if (cached) return cached;
    const targets: number[] = [];
    for (const id of state.chars) {
      const node = this.#nfa.nodes[id]!;
      if (node.test!(codePoint)) targets.push(node.out[0]!);
    }
    const next = this.#state(targets);
    if (this.#states.size > MAX_DFA_STATES) {
      this.#states.clear();
    } else if (codePoint < 128) {
      state.ascii[codePoint] = next;
    } else {
      state.other.set(codePoint, next);
    }
    return next;
  }

  /** The DFA state for the epsilon closure of `entries`. */
  #state(entries: number[]): DfaState {
    const seen = new Set<number>();
    const chars: number[] = [];
    let best = -1;
    const stack = [...entries];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const node = this.#nfa.nodes[id]!;
      if (node.kind === CHAR) chars.push(id);
      else if (node.kind === ACCEPT) best = Math.max(best, node.pattern);
      else stack.push(...node.out);
    }
    chars.sort((a, b) => a - b);
    const key = `${best}:${chars.join(",")}`;
    let state = this.#states.get(key);
    if (!state) {
      state = { chars, best, ascii: [], other: new Map() };
      this.#states.set(key, state);
    }
    return state;
  }
}
