// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * applyArtifactRules() against hostile links and patterns, case by case of
 * the attack catalogue (ids in the test names): unclean names, fnmatch,
 * falling through, empty and weak digests, names like __proto__, hostile
 * patterns.
 */
import assert from "node:assert/strict";
import { isIntotoError } from "../../lib/errors.ts";
import {
  apply,
  artifacts,
  type Case,
  consumed,
  failure,
  SHA_A,
  SHA_B,
} from "./_artifact_rules.ts";

Deno.test("applyArtifactRules() A1/A6: rejects links with unclean names", () => {
  for (
    const name of ["./secret.key", "x/../secret.key", "/etc/passwd", "src//x"]
  ) {
    for (const kind of ["materials", "products"] as const) {
      const link = { materials: artifacts(name), products: {} };
      assert.throws(
        () => apply({ rules: [["DISALLOW", "secret.key"]], kind, link }),
        (error) =>
          isIntotoError(error, "INVALID_METADATA") &&
          error.message.startsWith(
            `Step "item" materials: artifact name ${JSON.stringify(name)}`,
          ),
      );
    }
  }
});

Deno.test("applyArtifactRules() A2: patterns are Python's fnmatch", () => {
  const link = {
    materials: artifacts("sub/a.key", "[abc", "foo"),
    products: {},
  };
  assert.match(
    failure({ rules: [["DISALLOW", "*.key"]], link }).message,
    /artifact "sub\/a\.key"/,
  );
  assert.match(
    failure({ rules: [["DISALLOW", "[abc"]], link }).message,
    /artifact "\[abc"/,
  );
  apply({ rules: [["DISALLOW", "FOO"]], link });
});

Deno.test("applyArtifactRules() A3: a MATCH that fails falls through", () => {
  const build = {
    materials: {},
    products: artifacts(["foo.py", { sha256: SHA_B }]),
  };
  const link = { materials: artifacts("foo.py"), products: {} };
  const others = { build };
  const match = ["MATCH", "foo.py", "WITH", "PRODUCTS", "FROM", "build"];
  // The implicit ALLOW * passes the mismatching artifact, as the reference does.
  const report = apply({ rules: [match], link, others });
  assert.deepEqual(report.rules[0]!.consumed, []);
  assert.deepEqual(report.unconsumed, ["foo.py"]);
  assert.match(report.rules[0]!.unmatched![0]!.reason, /has sha256 d6516527/);
  // A DISALLOW * catches it, and the message says why MATCH did not.
  const error = failure({ rules: [match, ["DISALLOW", "*"]], link, others });
  assert.equal(error.code, "RULE_FAILED");
  assert.equal(
    error.message,
    'Step "item" materials: rule "MATCH foo.py WITH PRODUCTS FROM build" ' +
      'failed: "foo.py" has sha256 d65165279105... but build produced ' +
      '155c693a6b74... (rejected by rule "DISALLOW *")',
  );
  // MATCH from a step without a link consumes nothing and raises nothing.
  const missing = ["MATCH", "*", "WITH", "PRODUCTS", "FROM", "nowhere"];
  assert.deepEqual(apply({ rules: [missing], link }).unconsumed, ["foo.py"]);
  assert.match(
    failure({ rules: [missing, ["DISALLOW", "*"]], link }).message,
    /failed: "foo\.py" was not matched: there is no link for step "nowhere"/,
  );
});

Deno.test("applyArtifactRules() A4: empty and partial digests never match", () => {
  const match = ["MATCH", "*", "WITH", "PRODUCTS", "FROM", "build"];
  const disallow = ["DISALLOW", "*"];
  const empty = { materials: artifacts(["a", {}]), products: {} };
  const emptyBuild = {
    build: { materials: {}, products: artifacts(["a", {}]) },
  };
  assert.deepEqual(
    consumed({ rules: [match], link: empty, others: emptyBuild }),
    [],
  );
  assert.match(
    failure({ rules: [match, disallow], link: empty, others: emptyBuild })
      .message,
    /"a" has no digest, so it matches nothing/,
  );
  const partial = {
    materials: artifacts(["a", { sha256: SHA_A, sha1: "aa" }]),
    products: {},
  };
  const partialBuild = {
    build: { materials: {}, products: artifacts(["a", { sha1: "aa" }]) },
  };
  assert.deepEqual(
    consumed({ rules: [match], link: partial, others: partialBuild }),
    [],
  );
  assert.match(
    failure({ rules: [match, disallow], link: partial, others: partialBuild })
      .message,
    /"a" has digests for sha1, sha256 but build produced digests for sha1 \(the digest sets must be identical\)/,
  );
  const full = { materials: artifacts(["a", { sha256: SHA_A }]), products: {} };
  assert.match(
    failure({ rules: [match, disallow], link: full, others: emptyBuild })
      .message,
    /build produced "a" with no digest, so it matches nothing/,
  );
});

Deno.test("applyArtifactRules() treats names like __proto__ as data", () => {
  const link = {
    materials: artifacts("__proto__", "constructor"),
    products: {},
  };
  const build = { materials: {}, products: artifacts("__proto__") };
  const report = apply({
    rules: [
      ["MATCH", "*", "WITH", "PRODUCTS", "FROM", "build"],
      ["CREATE", "constructor"],
      ["DELETE", "constructor"],
    ],
    link,
    others: { build },
  });
  assert.deepEqual(report.rules.map((outcome) => outcome.consumed), [
    ["__proto__"],
    [],
    ["constructor"],
  ]);
  assert.deepEqual(report.rules[0]!.unmatched, [{
    artifact: "constructor",
    reason: '"constructor" is not among the products of build',
  }]);
});

Deno.test("applyArtifactRules() R1: hostile patterns stay fast on long names", () => {
  const long = "a".repeat(10_000);
  const link = { materials: artifacts(long, `${long}/x`), products: {} };
  const started = performance.now();
  apply({ rules: [["DISALLOW", "*a*a*a*a*a*a*a*a*a*a*b"]], link });
  const elapsed = performance.now() - started;
  assert.ok(elapsed < 100, `took ${elapsed.toFixed(1)} ms`);
});

Deno.test("applyArtifactRules() A4: MATCH relies only on a shared collision-resistant digest", () => {
  const md5 = { md5: "ab".repeat(16) };
  const weak = artifacts(["a", md5], ["b", { foo: "abab" }]);
  const test: Case = {
    rules: [["MATCH", "*", "WITH", "PRODUCTS", "FROM", "fetch"]],
    link: { materials: weak, products: {} },
    others: { fetch: { materials: {}, products: weak } },
  };
  assert.deepEqual(consumed(test), []);
  test.rules.push(["DISALLOW", "*"]);
  assert.match(
    failure(test).message,
    /"a" has only md5 digests, none collision-resistant, so it matches nothing/,
  );
  const strong = artifacts(["a", { md5: md5.md5, sha256: SHA_A }]);
  assert.deepEqual(
    consumed({
      ...test,
      rules: test.rules.slice(0, 1),
      link: { materials: strong, products: {} },
      others: { fetch: { materials: {}, products: strong } },
    }),
    ["a"],
  );
  // MODIFY still compares sets as they are: equal weak sets are not modified.
  assert.deepEqual(
    consumed({
      rules: [["MODIFY", "*"]],
      kind: "products",
      link: { materials: weak, products: weak },
    }),
    [],
  );
});
