// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * What applyArtifactRules() reports: MATCH misses explained with their
 * prefixes, failure messages naming the item, rule and artifact, and each
 * rule's consumption.
 */
import assert from "node:assert/strict";
import { apply, artifacts, failure, SHA_B } from "./_artifact_rules.ts";

Deno.test("applyArtifactRules() explains MATCH misses with prefixes", () => {
  const build = {
    materials: artifacts(["dst/a.py", { sha256: SHA_B }]),
    products: {},
  };
  const link = { materials: {}, products: artifacts("src/a.py", "src/b.py") };
  const rules = [
    [
      "MATCH",
      "*.py",
      "IN",
      "src",
      "WITH",
      "MATERIALS",
      "IN",
      "dst",
      "FROM",
      "build",
    ],
    ["DISALLOW", "*"],
  ];
  const error = failure({ rules, kind: "products", link, others: { build } });
  assert.equal(
    error.message,
    'Step "item" products: rule "MATCH *.py IN src WITH MATERIALS IN dst FROM build" ' +
      'failed: "src/a.py" has sha256 d65165279105... but build used "dst/a.py" ' +
      'with 155c693a6b74... (rejected by rule "DISALLOW *"); also not consumed: ' +
      '"src/b.py"',
  );
  assert.deepEqual(error.report.rules[0]!.unmatched, [
    {
      artifact: "src/a.py",
      reason: '"src/a.py" has sha256 d65165279105... but build used ' +
        '"dst/a.py" with 155c693a6b74...',
    },
    {
      artifact: "src/b.py",
      reason: '"dst/b.py" (for "src/b.py") is not among the materials of build',
    },
  ]);
  assert.deepEqual(error.report.failure, {
    rule: "DISALLOW *",
    artifacts: ["src/a.py", "src/b.py"],
    message: error.message,
  });
});

Deno.test("applyArtifactRules() failure messages name the item, rule and artifact", () => {
  const link = { materials: artifacts("a", "evil.sh"), products: {} };
  assert.equal(
    failure({ rules: [["ALLOW", "a"], ["DISALLOW", "*"]], link }).message,
    'Step "item" materials: rule "DISALLOW *" failed: artifact "evil.sh" was ' +
      "not consumed by an earlier rule",
  );
  assert.equal(
    failure({ rules: [["ALLOW", "a"], ["REQUIRE", "a"]], link }).message,
    'Step "item" materials: rule "REQUIRE a" failed: artifact "a" was already ' +
      'consumed by rule "ALLOW a"',
  );
  assert.equal(
    failure({
      rules: [["REQUIRE", "b"]],
      kind: "products",
      link,
      itemType: "inspection",
    })
      .message,
    'Inspection "item" products: rule "REQUIRE b" failed: artifact "b" is not ' +
      "among the products",
  );
  const many = {
    materials: artifacts("1", "2", "3", "4", "5", "6", "7", "8"),
    products: {},
  };
  assert.match(
    failure({ rules: [["DISALLOW", "*"]], link: many }).message,
    /artifact "1" was not consumed by an earlier rule; also not consumed: "2", "3", "4", "5", "6" and 2 more$/,
  );
});

Deno.test("applyArtifactRules() reports each rule's consumption", () => {
  const link = {
    materials: artifacts("a.c", "b.c", "README"),
    products: artifacts(["a.c", { sha256: SHA_B }], "b.c", "README", "a.out"),
  };
  const report = apply({
    rules: [["MODIFY", "*.c"], ["CREATE", "*"], ["ALLOW", "README"]],
    kind: "products",
    link,
  });
  assert.deepEqual(report, {
    item: "item",
    kind: "products",
    rules: [
      { rule: "MODIFY *.c", consumed: ["a.c"] },
      { rule: "CREATE *", consumed: ["a.out"] },
      { rule: "ALLOW README", consumed: ["README"] },
    ],
    unconsumed: ["b.c"],
  });
  assert.doesNotThrow(() => JSON.stringify(report));
});
