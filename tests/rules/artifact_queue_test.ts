// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The queue's sorted view (the fast path) against a scan of every queued
 * name (the plain path), on generated names, patterns and consumptions.
 */
import assert from "node:assert/strict";
import { ArtifactQueue } from "../../lib/rules/artifact_queue.ts";
import { compilePattern, fnmatch } from "../../lib/rules/fnmatch.ts";
import { random } from "./_random.ts";

const PARTS = [
  "a",
  "b",
  "src",
  "src2",
  "sr",
  "x.py",
  "1",
  "10",
  "2",
  "__proto__",
  "é",
  "\uff01",
  "\u{1f600}",
  "[ab]",
  "*",
];
const PATTERNS = [
  "*",
  "**",
  "?",
  "a",
  "src/*",
  "src*",
  "sr?/*",
  "src/x.py",
  "*.py",
  "[ab]*",
  "[!s]*",
  "1*",
  "__proto__*",
  "é*",
  "\uff01*",
  "\u{1f600}/*",
  "[[]ab]",
  "src/[ab]/*",
  "a/b/*",
];
const PREFIXES = ["", "", "src/", "a/", "\u{1f600}/", "1"];

/** What select() must return: every queued name, scanned in order. */
function scan(queue: Iterable<string>, pattern: string, prefix: string) {
  return [...queue].filter((name) =>
    name.startsWith(prefix) && fnmatch(name.slice(prefix.length), pattern)
  );
}

Deno.test("ArtifactQueue.select() equals a scan of every queued name", () => {
  const next = random(2020);
  for (let round = 0; round < 400; round++) {
    const names = new Set<string>();
    const count = Math.floor(next() * 40);
    for (let i = 0; i < count; i++) {
      const depth = 1 + Math.floor(next() * 3);
      names.add(
        Array.from({ length: depth }, () => next.pick(PARTS)).join("/"),
      );
    }
    // The link's order: sorted (as in-toto writes links) or not.
    const order = next() < 0.5
      ? [...names].sort()
      : [...names].sort(() => next() - 0.5);
    const queue = new ArtifactQueue(order);
    // The plain model of the queue: a set of the names not yet consumed.
    const model = new Set(order);
    for (let step = 0; step < 8; step++) {
      const pattern = next.pick(PATTERNS);
      const prefix = next.pick(PREFIXES);
      const selected = queue.select(pattern, prefix);
      const what = `${JSON.stringify(order)} ${pattern} ${prefix}`;
      assert.deepEqual(selected, scan(model, pattern, prefix), what);
      assert.deepEqual([...queue], [...model], what);
      assert.equal(queue.size, model.size, what);
      for (const name of [...order, "src/zz", "", "\u{1f600}"]) {
        assert.equal(queue.has(name), model.has(name), `${what} ${name}`);
      }
      // All of a selection (the first rule often takes every name), or some.
      const taken = next() < 0.3
        ? selected
        : selected.filter(() => next() < 0.5);
      queue.consume(taken);
      for (const name of taken) model.delete(name);
    }
  }
});

Deno.test("compilePattern().prefix starts every name the pattern matches", () => {
  assert.equal(compilePattern("src/*.py").prefix, "src/");
  assert.equal(compilePattern("src/x.py").prefix, "src/x.py");
  assert.equal(compilePattern("*.py").prefix, "");
  assert.equal(compilePattern("a[bc]d").prefix, "a");
  assert.equal(compilePattern("[abc").prefix, "[abc");
  for (const pattern of PATTERNS) {
    const { prefix } = compilePattern(pattern);
    for (const name of PARTS.flatMap((a) => PARTS.map((b) => `${a}/${b}`))) {
      if (fnmatch(name, pattern)) assert.ok(name.startsWith(prefix), name);
    }
  }
});
