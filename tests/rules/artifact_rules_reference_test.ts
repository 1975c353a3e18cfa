// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * applyArtifactRules() on the reference's own cases (in-toto 1.3.1): its
 * rule list of each type and its small supply chain pass.
 */
import assert from "node:assert/strict";
import {
  applyArtifactRules,
  type LinkArtifacts,
} from "../../lib/rules/artifact_rules.ts";
import { parseRule } from "../../lib/model/rule.ts";
import { apply, artifacts, failure, SHA_B } from "./_artifact_rules.ts";

Deno.test("applyArtifactRules() passes the reference's rule list of each type", () => {
  const link = {
    materials: artifacts("foo", "foobar", "bar", "foobarbaz"),
    products: artifacts("baz", "foo", ["bar", { sha256: SHA_B }], "foobarbaz"),
  };
  const rules = [
    ["DELETE", "foobar"],
    ["REQUIRE", "foobarbaz"],
    ["CREATE", "baz"],
    ["MODIFY", "bar"],
    ["MATCH", "foo", "WITH", "MATERIALS", "FROM", "item"],
    ["ALLOW", "foobarbaz"],
    ["DISALLOW", "*"],
  ];
  for (const kind of ["materials", "products"] as const) {
    const report = apply({ rules, kind, link });
    assert.deepEqual(report.unconsumed, []);
    assert.equal(report.rules.length, rules.length);
  }
  failure({ rules: [["DISALLOW", "*"]], link });
  // The implicit final ALLOW * lets everything else through.
  assert.deepEqual(apply({ rules: [], link }).unconsumed, [
    "foo",
    "foobar",
    "bar",
    "foobarbaz",
  ]);
});

Deno.test("applyArtifactRules() passes the reference's small supply chain", () => {
  const tar =
    "93c3c35a039a6a3d53e81c5dbee4ebb684de57b7c8be11b8739fd35804a0e918";
  const links = new Map<string, LinkArtifacts>([
    ["write-code", { materials: {}, products: artifacts("foo") }],
    ["package", {
      materials: artifacts("foo"),
      products: artifacts(["foo.tar.gz", { sha256: tar }]),
    }],
    ["untar", {
      materials: artifacts(["foo.tar.gz", { sha256: tar }]),
      products: artifacts("dir/foo"),
    }],
  ]);
  const items: [string, string[][], string[][]][] = [
    ["write-code", [], [["CREATE", "foo"]]],
    ["package", [["MATCH", "foo", "WITH", "PRODUCTS", "FROM", "write-code"]], [
      ["CREATE", "foo.tar.gz"],
      ["DELETE", "foo"],
    ]],
    ["untar", [
      ["REQUIRE", "foo.tar.gz"],
      ["MATCH", "foo.tar.gz", "WITH", "PRODUCTS", "FROM", "package"],
    ], [[
      "MATCH",
      "foo",
      "IN",
      "dir",
      "WITH",
      "PRODUCTS",
      "FROM",
      "write-code",
    ]]],
  ];
  for (const [item, materialRules, productRules] of items) {
    for (
      const [kind, rules] of [
        ["materials", materialRules],
        ["products", productRules],
      ] as const
    ) {
      const report = applyArtifactRules({
        item,
        kind,
        rules: rules.map((tokens) => parseRule(tokens)),
        link: links.get(item)!,
        links,
      });
      if (item === "untar" && kind === "products") {
        assert.deepEqual(report.rules[0]!.consumed, ["dir/foo"]);
      }
    }
  }
});
