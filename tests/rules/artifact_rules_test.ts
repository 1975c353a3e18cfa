// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { isIntotoError } from "../../lib/errors.ts";
import type { ArtifactMap } from "../../lib/model/link.ts";
import {
  applyArtifactRules,
  type ArtifactKind,
  ArtifactRuleError,
  type LinkArtifacts,
  type RuleReport,
} from "../../lib/rules/artifact_rules.ts";
import { parseRule } from "../../lib/model/rule.ts";

const SHA_A =
  "d65165279105ca6773180500688df4bdc69a2c7b771752f0a46ef120b7fd8ec3";
const SHA_B =
  "155c693a6b7481f48626ebfc545f05236df679f0099225d6d0bc472e6dd21155";

/** Artifacts from names, each with sha256 A unless given. */
function artifacts(
  ...entries: (string | [string, Record<string, string>])[]
): ArtifactMap {
  const map: ArtifactMap = {};
  for (const entry of entries) {
    const [name, digests] = typeof entry === "string"
      ? [entry, { sha256: SHA_A }]
      : entry;
    Object.defineProperty(map, name, {
      value: digests,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return map;
}

interface Case {
  rules: string[][];
  kind?: ArtifactKind;
  link: LinkArtifacts;
  others?: Record<string, LinkArtifacts>;
  itemType?: "step" | "inspection";
}

function apply(test: Case): RuleReport {
  const links = new Map(Object.entries(test.others ?? {}));
  links.set("item", test.link);
  return applyArtifactRules({
    item: "item",
    kind: test.kind ?? "materials",
    rules: test.rules.map((tokens) => parseRule(tokens)),
    link: test.link,
    links,
    ...(test.itemType === undefined ? {} : { itemType: test.itemType }),
  });
}

function consumed(test: Case): string[] {
  return apply(test).rules.flatMap((outcome) => outcome.consumed).sort();
}

function failure(test: Case): ArtifactRuleError {
  try {
    apply(test);
  } catch (error) {
    if (error instanceof ArtifactRuleError) return error;
    throw error;
  }
  assert.fail(`expected a rule failure: ${JSON.stringify(test.rules)}`);
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
