// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { compilePattern, fnmatch } from "../../lib/rules/fnmatch.ts";
import { python } from "../_helpers.ts";
import { type Random, random } from "./_random.ts";

const PATTERN_ALPHABET = [
  ..."*?[]!-/\\.abczA^&~|",
  "\u00e9",
  "\u{1f600}",
  "[",
  "]",
  "*",
  "-",
];
const NAME_ALPHABET = [..."abcz-/\\.A[]!^&~|*?", "\u00e9", "\u{1f600}", "\n"];

function randomText(next: Random, alphabet: string[], max: number) {
  let text = "";
  const length = Math.floor(next() * (max + 1));
  for (let index = 0; index < length; index++) text += next.pick(alphabet);
  return text;
}

/** A name built from the pattern, so that matches are common. */
function nameFor(next: Random, pattern: string): string {
  let name = "";
  for (const char of pattern) {
    const roll = next();
    if (char === "*") name += randomText(next, NAME_ALPHABET, 3);
    else if (char === "?" || roll < 0.1) name += next.pick(NAME_ALPHABET);
    else if (roll < 0.15) continue;
    else name += char;
  }
  return name;
}

Deno.test("fnmatch() agrees with Python's fnmatch.fnmatchcase on generated cases", async () => {
  const next = random(20260501);
  const cases: [string, string][] = [];
  for (let index = 0; index < 6000; index++) {
    const pattern = randomText(next, PATTERN_ALPHABET, 8);
    const name = next() < 0.6
      ? nameFor(next, pattern)
      : randomText(next, NAME_ALPHABET, 6);
    cases.push([name, pattern]);
  }
  const result = await python(
    "import fnmatch, json, sys\n" +
      "cases = json.load(sys.stdin)\n" +
      "print(json.dumps([fnmatch.fnmatchcase(n, p) for n, p in cases]))",
    { stdin: JSON.stringify(cases) },
  );
  assert.equal(result.code, 0, result.stderr);
  const expected: boolean[] = JSON.parse(result.stdout);
  const mismatches = cases
    .map(([name, pattern], index) => ({
      name,
      pattern,
      python: expected[index],
      ours: fnmatch(name, pattern),
    }))
    .filter((entry) => entry.python !== entry.ours);
  assert.deepEqual(mismatches.slice(0, 10), []);
  const matched = expected.filter(Boolean).length;
  assert.ok(matched > 1000, `only ${matched} generated cases matched`);
});

Deno.test("fnmatch() follows Python's bracket rules", () => {
  const table: [string, string, boolean][] = [
    ["a", "[abc]", true],
    ["d", "[abc]", false],
    ["d", "[!abc]", true],
    ["a", "[!abc]", false],
    ["m", "[a-z]", true],
    ["-", "[a-]", true],
    ["a", "[a-]", true],
    ["b", "[a-]", false],
    ["-", "[-a]", true],
    ["]", "[]a]", true],
    ["a", "[]a]", true],
    ["]", "[!]a]", false],
    ["b", "[!]a]", true],
    ["[!]", "[!]", true],
    ["x", "[!]", false],
    ["[]", "[]", true],
    // An empty range never matches; a negated empty range matches anything.
    ["a", "[z-a]", false],
    ["z", "[z-a]", false],
    ["q", "[!z-a]", true],
    // Python's chunking: after the empty range, "!" starts the set.
    ["q", "[z-a!]", true],
    ["b", "[z-a!b]", false],
    ["c", "[z-a!b]", true],
    ["-", "[b-a-c]", true],
    ["c", "[b-a-c]", true],
    ["b", "[b-a-c]", false],
    ["-", "[a-b-c]", true],
    ["b", "[a-b-c]", true],
    ["m", "[--z]", true],
    ["\\", "[\\]", true],
    ["^", "[^]", true],
    ["&", "[&&]", true],
    ["[abc", "[abc", true],
    ["a", "[abc", false],
    ["\u{1f600}", "?", true],
    ["\u{1f600}", "[\u{1f600}]", true],
    ["\u{1f601}", "[\u{1f600}-\u{1f64f}]", true],
    ["\u00e9", "[a-z]", false],
  ];
  for (const [name, pattern, expected] of table) {
    assert.equal(fnmatch(name, pattern), expected, `${name} ~ ${pattern}`);
  }
});

Deno.test("fnmatch() A2: the glob dialect is Python's", () => {
  assert.equal(fnmatch("sub/a.key", "*.key"), true);
  assert.equal(fnmatch("a/b/c", "a?b?c"), true);
  assert.equal(fnmatch("line\nbreak", "line*"), true);
  assert.equal(fnmatch("[abc", "[abc"), true);
  assert.equal(fnmatch("a", "[abc"), false);
  assert.equal(fnmatch("foo", "FOO"), false);
  assert.equal(fnmatch("FOO", "foo"), false);
  // Backslash is literal in Python fnmatch (the catalogue's "a\*b matches
  // only a*b" is Go's dialect): a\*b is "a\" + anything + "b".
  assert.equal(fnmatch("a\\b", "a\\*b"), true);
  assert.equal(fnmatch("a\\xyzb", "a\\*b"), true);
  assert.equal(fnmatch("a*b", "a\\*b"), false);
  assert.equal(fnmatch(".hidden", "*"), true);
});

Deno.test("compilePattern() exposes literal patterns", () => {
  assert.equal(compilePattern("foo.py").literal, "foo.py");
  assert.equal(compilePattern("[abc").literal, "[abc");
  assert.equal(compilePattern("foo*").literal, undefined);
  assert.equal(compilePattern("[a]").literal, undefined);
  assert.equal(compilePattern("a*b").matches("ab"), true);
  assert.equal(compilePattern("ab*ba").matches("aba"), false);
});

Deno.test("fnmatch() R1: a 10-star pattern against a 10,000-character name is fast", () => {
  const pattern = "*a*a*a*a*a*a*a*a*a*a*b";
  const name = "a".repeat(10_000);
  const started = performance.now();
  assert.equal(fnmatch(name, pattern), false);
  assert.equal(fnmatch(name + "b", pattern), true);
  assert.equal(fnmatch("ab".repeat(5_000) + "c", pattern), false);
  const elapsed = performance.now() - started;
  assert.ok(elapsed < 100, `took ${elapsed.toFixed(1)} ms`);
});
