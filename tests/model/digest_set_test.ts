// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import {
  digestSetsMatch,
  KNOWN_DIGEST_ALGORITHMS,
  MAX_DIGESTS_PER_SET,
  validateDigestSet,
} from "../../lib/model/digest_set.ts";
import { isIntotoError } from "../../lib/errors.ts";
import { parseJson } from "../../lib/json/parse.ts";

const A = "a".repeat(64);
const B = "b".repeat(64);
const SHA1 = "c".repeat(40);

Deno.test("validateDigestSet() accepts the spec's algorithms with lowercase hex", () => {
  const set = {
    sha256: A,
    sha512: "d".repeat(128),
    sha1: SHA1,
    gitCommit: SHA1,
    gitTree: A,
    dirHash1: A,
    sha3_256: A,
    blake2b: "ee".repeat(32),
    somecoolhash: "anything at all",
  };
  assert.deepEqual(validateDigestSet(set, "digest"), set);
  assert.ok(KNOWN_DIGEST_ALGORITHMS.has("sha512_256"));
});

Deno.test("validateDigestSet() rejects malformed sets with INVALID_METADATA", () => {
  const bad: unknown[] = [
    {}, // one or more digests
    [],
    null,
    "sha256",
    { sha256: A.toUpperCase() }, // lowercase hex only
    { sha256: A.slice(1) }, // wrong length
    { sha256: "g".repeat(64) },
    { sha1: A }, // sha1 is 40 characters
    { SHA256: A }, // algorithm names are spelled as in the spec
    { GitCommit: SHA1 },
    { sha256: 1 },
    { sha256: "" },
    { unknown: "" },
    { gitCommit: "c".repeat(50) },
  ];
  for (const value of bad) {
    assert.throws(
      () => validateDigestSet(value as never, "subject[0].digest"),
      (error) =>
        isIntotoError(error, "INVALID_METADATA") &&
        error.message.includes("subject[0].digest"),
      JSON.stringify(value),
    );
  }
});

Deno.test("validateDigestSet() bounds the number of algorithms (R2)", () => {
  const set: Record<string, string> = {};
  for (let i = 0; i <= MAX_DIGESTS_PER_SET; i++) set[`x${i}`] = "ab";
  assert.throws(
    () => validateDigestSet(set, "digest"),
    (error) => isIntotoError(error, "LIMIT_EXCEEDED"),
  );
});

Deno.test("validateDigestSet() keeps __proto__ as data", () => {
  const set = validateDigestSet(
    parseJson(`{"__proto__": "x", "sha256": "${A}"}`),
    "digest",
  );
  assert.ok(Object.hasOwn(set, "__proto__"));
  assert.equal(Object.getPrototypeOf(set), Object.prototype);
});

Deno.test("digestSetsMatch() needs a shared accepted algorithm, every one agreeing (A4)", () => {
  // The spec's examples.
  assert.ok(digestSetsMatch({ sha256: A, sha512: B + B }, { sha256: A }));
  assert.ok(!digestSetsMatch({ sha256: A }, { sha256: B, sha512: A + A }));
  // Every shared algorithm must agree, not just one.
  assert.ok(
    !digestSetsMatch({ sha256: A, sha512: A + A }, {
      sha256: A,
      sha512: B + B,
    }),
  );
  assert.ok(
    !digestSetsMatch({ sha512: A + A, sha256: A }, {
      sha512: B + B,
      sha256: A,
    }),
  );
  // Symmetric.
  assert.ok(digestSetsMatch({ sha256: A }, { sha256: A, sha512: B + B }));
});

Deno.test("digestSetsMatch() lets an empty or unknown-only set match nothing (A4)", () => {
  assert.ok(!digestSetsMatch({}, {}));
  assert.ok(!digestSetsMatch({}, { sha256: A }));
  assert.ok(!digestSetsMatch({ sha256: A }, {}));
  assert.ok(!digestSetsMatch({ mine: "x" }, { mine: "x" }));
  assert.ok(!digestSetsMatch({ mine: "x", sha256: A }, { mine: "x" }));
});

Deno.test("digestSetsMatch() does not rely on md5 or sha1 (hash-strength downgrade)", () => {
  // {sha256: X, sha1: Y} against {sha1: Y}: the only shared algorithm is weak.
  assert.ok(!digestSetsMatch({ sha256: A, sha1: SHA1 }, { sha1: SHA1 }));
  assert.ok(!digestSetsMatch({ md5: "0".repeat(32) }, { md5: "0".repeat(32) }));
  // A weak algorithm that disagrees is ignored too; sha256 decides.
  assert.ok(digestSetsMatch({ sha256: A, sha1: SHA1 }, {
    sha256: A,
    sha1: "d".repeat(40),
  }));
  // Callers may choose their own accepted algorithms.
  assert.ok(digestSetsMatch({ sha1: SHA1 }, { sha1: SHA1 }, {
    algorithms: new Set(["sha1"]),
  }));
});

Deno.test("digestSetsMatch() compares values exactly, case included", () => {
  assert.ok(!digestSetsMatch({ sha256: A }, { sha256: A.toUpperCase() }));
});

Deno.test("digestSetsMatch() ignores inherited properties", () => {
  const inherited = Object.create({ sha256: A }) as Record<string, string>;
  assert.ok(!digestSetsMatch({ sha256: A }, inherited));
  assert.ok(!digestSetsMatch(inherited, { sha256: A }));
});
