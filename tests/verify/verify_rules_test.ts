// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The verification core over metadata in memory: artifact names and rules,
 * case by case of the attack catalogue (ids in the test names).
 */
import assert from "node:assert/strict";
import { isIntotoError } from "../../lib/errors.ts";
import { layoutJson, linkFile, linkJson, sign } from "../_verify_fixtures.ts";
import { ALICE, rejects, ruleCase, verify } from "./_chain.ts";

Deno.test("verifySupplyChain() A1 A6 rejects artifact names that are not clean paths", async () => {
  for (
    const name of ["./secret.key", "x/../secret.key", "/etc/passwd", "a//b"]
  ) {
    const layout = layoutJson([{
      name: "build",
      keys: [ALICE],
      products: [["DISALLOW", "secret.key"], ["DISALLOW", "etc/passwd"]],
    }]);
    const links = new Map([[
      linkFile("build", ALICE),
      await sign(linkJson("build", { products: { [name]: "x" } }), [ALICE]),
    ]]);
    await assert.rejects(verify(layout, links), (error) => {
      assert.ok(isIntotoError(error), String(error));
      assert.ok(error.message.includes(JSON.stringify(name)), error.message);
      return true;
    });
  }
});

Deno.test("verifySupplyChain() A2 glob patterns behave as Python fnmatch", async () => {
  await rejects(
    ruleCase([["DISALLOW", "*.key"]], { "sub/a.key": "k" }),
    "RULE_FAILED",
    /"sub\/a\.key"/,
  );
  await rejects(
    ruleCase([["DISALLOW", "[abc"]], { "[abc": "k" }),
    "RULE_FAILED",
    /\[abc/,
  );
  assert.ok((await ruleCase([["DISALLOW", "FOO"]], { foo: "k" })).passed);
  // Python fnmatch: a backslash is a literal character, never an escape, and
  // clean artifact names hold no backslash, so "a\*b" could select nothing:
  // the layout is refused rather than left with a rule that protects nothing.
  await rejects(
    ruleCase([["DISALLOW", "a\\*b"]], { "a*b": "k", axb: "k" }),
    "INVALID_METADATA",
    /the pattern "a\\\*b" can never match a recorded name: it contains a backslash/,
  );
});

Deno.test("verifySupplyChain() A3 a MATCH with another hash falls through to the implicit ALLOW", async () => {
  const match = ["MATCH", "a", "WITH", "PRODUCTS", "FROM", "fetch"];
  assert.ok((await ruleCase([match], { a: "1" }, { a: "2" })).passed);
  await rejects(
    ruleCase([match, ["DISALLOW", "*"]], { a: "1" }, { a: "2" }),
    "RULE_FAILED",
    /"a"/,
  );
});

Deno.test("verifySupplyChain() A3 MATCH from a step without a link consumes nothing", async () => {
  const layout = layoutJson([{
    name: "build",
    keys: [ALICE],
    products: [["MATCH", "*", "WITH", "PRODUCTS", "FROM", "nowhere"], [
      "DISALLOW",
      "*",
    ]],
  }]);
  const links = new Map([[
    linkFile("build", ALICE),
    await sign(linkJson("build", { products: { a: "1" } }), [ALICE]),
  ]]);
  await rejects(verify(layout, links), "RULE_FAILED", /"a"/);
});

Deno.test("verifySupplyChain() A4 empty or partial digests never match", async () => {
  const match = ["MATCH", "a", "WITH", "PRODUCTS", "FROM", "fetch"];
  // Stricter than the reference: an empty digest set is refused when the
  // link is read, so {} can never equal {}.
  await rejects(
    ruleCase([match, ["DISALLOW", "*"]], { a: {} }, { a: {} }),
    "INVALID_METADATA",
    /products\.a: the digest set is empty/,
  );
  const both = { sha256: "a".repeat(64), sha1: "b".repeat(40) };
  await rejects(
    ruleCase([match, ["DISALLOW", "*"]], { a: both }, {
      a: { sha1: "b".repeat(40) },
    }),
    "RULE_FAILED",
    /"a"/,
  );
  assert.ok(
    (await ruleCase([match, ["DISALLOW", "*"]], { a: both }, { a: both }))
      .passed,
  );
});

Deno.test("verifySupplyChain() A5 REQUIRE takes a literal name", async () => {
  await rejects(ruleCase([["REQUIRE", "*"]], { a: "1" }), "RULE_FAILED", /\*/);
  assert.ok((await ruleCase([["REQUIRE", "a"]], { a: "1" })).passed);
});
