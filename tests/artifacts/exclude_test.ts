// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import {
  DEFAULT_EXCLUDES,
  ExcludeMatcher,
} from "../../lib/artifacts/exclude.ts";
import { isIntotoError } from "../../lib/errors.ts";
import { PYTHON } from "../_helpers.ts";

interface Case {
  patterns: string[];
  paths: string[];
}

/** pathspec 0.11 (Debian) answers: which paths each case's spec matches. */
async function pathspec(cases: Case[]): Promise<(boolean[] | null)[]> {
  const code = `
import json, sys, warnings
warnings.simplefilter("ignore")
from pathspec import PathSpec
out = []
for c in json.load(sys.stdin):
  try:
    spec = PathSpec.from_lines("gitwildmatch", c["patterns"])
  except Exception:
    out.append(None)
    continue
  matched = set(spec.match_files(c["paths"]))
  out.append([p in matched for p in c["paths"]])
print(json.dumps(out))
`;
  const child = new Deno.Command(PYTHON, {
    args: ["-c", code],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(cases)));
  await writer.close();
  const output = await child.output();
  assert.equal(output.code, 0);
  return JSON.parse(new TextDecoder().decode(output.stdout));
}

function ours(testCase: Case): boolean[] | null {
  let matcher: ExcludeMatcher;
  try {
    matcher = new ExcludeMatcher(testCase.patterns);
  } catch (error) {
    assert.ok(isIntotoError(error, "USAGE"));
    return null;
  }
  return testCase.paths.map((path) => {
    const matched = matcher.matches(path);
    // A walk's test for a folder's entries agrees, wherever the path is cut.
    for (let cut = 0; cut <= path.length; cut++) {
      const under = matcher.under(path.slice(0, cut));
      assert.equal(under(path.slice(cut)), matched, `${path} cut at ${cut}`);
    }
    return matched;
  });
}

/** A deterministic xorshift32 sequence in [0, 1). */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}

Deno.test("ExcludeMatcher.matches() equals pathspec on the documented patterns", async () => {
  const paths = [
    "a.txt",
    "keep.txt",
    "dir",
    "dir/a.txt",
    "sub/dir/keep.txt",
    "rooted",
    "sub/rooted",
    "x",
    "q/x",
    "q/x/y",
    "a/b",
    "a/q/r/b",
    "a/q/r/b/c",
    "ab",
    ".",
    "foo.link",
    "x.link-unfinished",
    ".git",
    ".git/config",
    "sub/.git/HEAD",
    "m.pyc",
    "old~",
    "../up/a.txt",
    "/abs/a.txt",
    "name\n",
    "we ird/ä ö.txt",
  ];
  const specs = [
    [...DEFAULT_EXCLUDES],
    ["*.txt"],
    ["dir/"],
    ["*.txt", "!keep.txt"],
    ["/rooted"],
    ["**/x"],
    ["a/**/b"],
    ["**"],
    ["**/"],
    ["*"],
    ["# comment", "", "  ", "/", "\\#x", "\\!y"],
    ["  *.txt  ", "!*", "[a-c]*", "[!a]b", "?"],
    ["name"],
    ["a/**", "!a/b"],
  ];
  const cases = specs.map((patterns) => ({ patterns, paths }));
  const expected = await pathspec(cases);
  cases.forEach((testCase, i) => {
    assert.deepEqual(ours(testCase), expected[i], JSON.stringify(testCase));
  });
});

Deno.test("ExcludeMatcher.matches() and under() equal pathspec on random patterns and paths", async () => {
  const next = random(2026);
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)]!;
  const patternParts = [
    "a",
    "b",
    "/",
    "*",
    "**",
    "?",
    "[",
    "]",
    "!",
    "-",
    "\\",
    ".",
    "^",
    " ",
    "\n",
    "#",
    "é",
  ];
  const pathParts = [
    "a",
    "b",
    "/",
    ".",
    "!",
    "-",
    "[",
    "]",
    "\\",
    "\n",
    "é",
    "😀",
  ];
  const text = (parts: string[], max: number) =>
    Array.from({ length: 1 + Math.floor(next() * max) }, () => pick(parts))
      .join("");
  const cases: Case[] = Array.from({ length: 3000 }, () => ({
    patterns: Array.from(
      { length: 1 + Math.floor(next() * 3) },
      () => text(patternParts, 7),
    ),
    paths: Array.from({ length: 8 }, () => text(pathParts, 8)),
  }));
  const expected = await pathspec(cases);
  let errors = 0;
  cases.forEach((testCase, i) => {
    if (expected[i] === null) errors++;
    assert.deepEqual(ours(testCase), expected[i], JSON.stringify(testCase));
  });
  assert.ok(errors > 0, "some random patterns must be invalid");
});

Deno.test("ExcludeMatcher() rejects the patterns pathspec rejects", () => {
  for (const pattern of ["!", "a\\", "[z-a]", "!/x/[b-a]"]) {
    assert.throws(
      () => new ExcludeMatcher([pattern]),
      (error) =>
        isIntotoError(error, "USAGE") && /Invalid exclude/.test(error.message),
    );
  }
});

Deno.test("ExcludeMatcher.matches() runs in linear time on patterns that blow up regexes", () => {
  const matcher = new ExcludeMatcher([
    "*a*a*a*a*a*a*a*a*a*a*b",
    "**/a/**/a/**/b",
  ]);
  const long = "a".repeat(10_000);
  const nested = Array(2000).fill("a").join("/");
  const start = performance.now();
  assert.equal(matcher.matches(long), false);
  assert.equal(matcher.matches(nested), false);
  assert.equal(matcher.matches(long + "b"), true);
  assert.ok(performance.now() - start < 1000);
});
