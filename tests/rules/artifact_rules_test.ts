// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * applyArtifactRules() rule by rule: what DELETE, CREATE, MODIFY, ALLOW,
 * DISALLOW, REQUIRE and MATCH consume or fail on, and 50,000 artifacts at
 * once.
 */
import assert from "node:assert/strict";
import type { ArtifactMap } from "../../lib/model/link.ts";
import type { ArtifactKind } from "../../lib/rules/artifact_rules.ts";
import {
  apply,
  artifacts,
  consumed,
  failure,
  SHA_A,
  SHA_B,
} from "./_artifact_rules.ts";

/** Rows of [pattern, queued names, whether the one rule fails]. */
function assertVerdicts(
  type: "DISALLOW" | "REQUIRE",
  table: [string, string[], boolean][],
): void {
  for (const [pattern, names, fails] of table) {
    const test = {
      rules: [[type, pattern]],
      link: { materials: artifacts(...names), products: {} },
    };
    if (fails) failure(test);
    else apply(test);
  }
}

Deno.test("applyArtifactRules() DELETE consumes materials that are not products", () => {
  const table: [string, ArtifactMap, ArtifactMap, string[]][] = [
    ["foo", artifacts("foo"), {}, ["foo"]],
    ["*", artifacts("foo", "bar"), {}, ["bar", "foo"]],
    ["foo", artifacts("foo"), artifacts("foo"), []],
    ["bar", artifacts("foo"), {}, []],
  ];
  for (const [pattern, materials, products, expected] of table) {
    const link = { materials, products };
    assert.deepEqual(
      consumed({ rules: [["DELETE", pattern]], link }),
      expected,
    );
  }
  // Deleted but not queued: the products' queue never holds a deleted name.
  const link = { materials: artifacts("foo"), products: {} };
  assert.deepEqual(
    consumed({ rules: [["DELETE", "foo"]], kind: "products", link }),
    [],
  );
});

Deno.test("applyArtifactRules() CREATE consumes products that are not materials", () => {
  const table: [string, ArtifactMap, ArtifactMap, string[]][] = [
    ["foo", {}, artifacts("foo"), ["foo"]],
    ["*", {}, artifacts("foo", "bar"), ["bar", "foo"]],
    ["foo", artifacts("foo"), artifacts("foo"), []],
    ["bar", {}, artifacts("foo"), []],
  ];
  for (const [pattern, materials, products, expected] of table) {
    const link = { materials, products };
    assert.deepEqual(
      consumed({ rules: [["CREATE", pattern]], kind: "products", link }),
      expected,
    );
  }
  // CREATE never consumes a material.
  const link = { materials: artifacts("foo"), products: {} };
  assert.deepEqual(consumed({ rules: [["CREATE", "*"]], link }), []);
});

Deno.test("applyArtifactRules() MODIFY consumes artifacts whose digests changed", () => {
  const table: [string, ArtifactMap, ArtifactMap, string[]][] = [
    ["foo", artifacts("foo"), artifacts(["foo", { sha256: SHA_B }]), ["foo"]],
    [
      "*",
      artifacts("foo", "bar"),
      artifacts(["foo", { sha256: SHA_B }], ["bar", { sha256: SHA_B }]),
      ["bar", "foo"],
    ],
    ["foo", artifacts("foo"), artifacts("foo"), []],
    ["bar", artifacts("foo"), artifacts(["foo", { sha256: SHA_B }]), []],
    // An added algorithm is a different digest set.
    [
      "foo",
      artifacts("foo"),
      artifacts(["foo", { sha256: SHA_A, sha512: "ee" }]),
      ["foo"],
    ],
    // Stricter than the reference: an empty digest set proves nothing.
    ["foo", artifacts(["foo", {}]), artifacts("foo"), []],
    ["foo", artifacts("foo"), artifacts(["foo", {}]), []],
  ];
  for (const [pattern, materials, products, expected] of table) {
    for (const kind of ["materials", "products"] as const) {
      const link = { materials, products };
      assert.deepEqual(
        consumed({ rules: [["MODIFY", pattern]], kind, link }),
        expected,
      );
    }
  }
});

Deno.test("applyArtifactRules() ALLOW consumes what its pattern selects", () => {
  const table: [string, string[], string[]][] = [
    ["foo", ["foo"], ["foo"]],
    ["*", ["foo", "bar"], ["bar", "foo"]],
    ["foo*", ["foo", "foobar", "bar"], ["foo", "foobar"]],
    ["bar", ["foo"], []],
    ["foo", [], []],
  ];
  for (const [pattern, names, expected] of table) {
    const link = { materials: artifacts(...names), products: {} };
    assert.deepEqual(consumed({ rules: [["ALLOW", pattern]], link }), expected);
  }
});

Deno.test("applyArtifactRules() DISALLOW fails on any queued match", () => {
  assertVerdicts("DISALLOW", [
    ["foo", ["foo"], true],
    ["*", ["foo", "bar"], true],
    ["foo", ["bar"], false],
    ["*", [], false],
  ]);
});

Deno.test("applyArtifactRules() A5: REQUIRE takes a literal name", () => {
  assertVerdicts("REQUIRE", [
    ["foo", ["foo"], false],
    ["foo", ["bar"], true],
    ["*", ["*"], false],
    ["*", ["foo"], true],
    ["[ab]", ["a"], true],
  ]);
});

Deno.test("applyArtifactRules() MATCH follows the reference's table", () => {
  const materials = artifacts(
    "foo",
    ["foobar", { sha256: SHA_B }],
    "sub/foo",
    ["sub/foobar", { sha256: SHA_B }],
  );
  const products = artifacts(
    ["bar", { sha256: "cf" }],
    ["barfoo", { sha256: "20" }],
    ["sub/bar", { sha256: "cf" }],
    ["sub/barfoo", { sha256: "20" }],
  );
  const destination = { materials, products };
  const table: [string, ArtifactKind, ArtifactMap, string[]][] = [
    ["MATCH foo WITH MATERIALS FROM dest", "materials", materials, ["foo"]],
    ["MATCH bar WITH PRODUCTS FROM dest", "products", products, ["bar"]],
    ["MATCH foo IN sub WITH MATERIALS FROM dest", "materials", materials, [
      "sub/foo",
    ]],
    ["MATCH foo IN sub/ WITH MATERIALS FROM dest", "materials", materials, [
      "sub/foo",
    ]],
    ["MATCH bar IN sub WITH PRODUCTS FROM dest", "products", products, [
      "sub/bar",
    ]],
    ["MATCH foo WITH MATERIALS IN sub FROM dest", "materials", materials, [
      "foo",
    ]],
    ["MATCH bar WITH PRODUCTS IN sub FROM dest", "products", products, ["bar"]],
    ["MATCH bar WITH PRODUCTS IN sub/ FROM dest", "products", products, [
      "bar",
    ]],
    ["MATCH foo* WITH MATERIALS FROM dest", "materials", materials, [
      "foo",
      "foobar",
    ]],
    ["MATCH foo* IN sub WITH MATERIALS FROM dest", "materials", materials, [
      "sub/foo",
      "sub/foobar",
    ]],
    ["MATCH bar* WITH PRODUCTS FROM dest", "products", products, [
      "bar",
      "barfoo",
    ]],
    ["MATCH bar* WITH PRODUCTS IN sub FROM dest", "products", products, [
      "bar",
      "barfoo",
    ]],
    ["MATCH foo WITH MATERIALS FROM dest", "materials", {}, []],
    ["MATCH foo WITH PRODUCTS FROM dest", "materials", materials, []],
    [
      "MATCH foo WITH MATERIALS FROM dest",
      "materials",
      artifacts(["foo", { sha256: "deadbeef" }]),
      [],
    ],
    ["MATCH foo WITH MATERIALS FROM missing", "materials", materials, []],
  ];
  for (const [text, kind, source, expected] of table) {
    const link = kind === "materials"
      ? { materials: source, products: {} }
      : { materials: {}, products: source };
    assert.deepEqual(
      consumed({
        rules: [text.split(" ")],
        kind,
        link,
        others: { dest: destination },
      }),
      expected,
      text,
    );
  }
});

Deno.test("applyArtifactRules() handles 50,000 artifacts quickly", () => {
  const count = 50_000;
  const make = (seed: string) => {
    const map: ArtifactMap = {};
    for (let index = 0; index < count; index++) {
      map[`src/d${index % 100}/f${index}.py`] = { sha256: `${seed}${index}` };
    }
    return map;
  };
  const build = { materials: {}, products: make("x") };
  const link = { materials: make("x"), products: make("y") };
  const started = performance.now();
  const materials = apply({
    rules: [["MATCH", "*", "WITH", "PRODUCTS", "FROM", "build"], [
      "DISALLOW",
      "*",
    ]],
    link,
    others: { build },
  });
  const products = apply({
    rules: [
      ["MODIFY", "src/*"],
      [
        "MATCH",
        "*.py",
        "IN",
        "src",
        "WITH",
        "PRODUCTS",
        "IN",
        "src",
        "FROM",
        "build",
      ],
      ["DISALLOW", "*"],
    ],
    kind: "products",
    link,
    others: { build },
  });
  const elapsed = performance.now() - started;
  assert.equal(materials.rules[0]!.consumed.length, count);
  assert.equal(products.rules[0]!.consumed.length, count);
  assert.ok(elapsed < 1000, `took ${elapsed.toFixed(0)} ms`);
});
