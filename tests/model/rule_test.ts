// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { isIntotoError } from "../../lib/errors.ts";
import {
  formatRule,
  type MatchRule,
  parseRule,
  ruleTokens,
} from "../../lib/model/rule.ts";

function rejects(tokens: unknown, pattern: RegExp): void {
  assert.throws(
    () => parseRule(tokens),
    (error) =>
      isIntotoError(error, "INVALID_METADATA") && pattern.test(error.message),
    JSON.stringify(tokens),
  );
}

const FULL_MATCH = "MATCH foo IN src WITH PRODUCTS IN dst FROM s".split(" ");

Deno.test("parseRule() parses every generic rule", () => {
  for (const type of ["CREATE", "DELETE", "MODIFY", "ALLOW", "DISALLOW"]) {
    assert.deepEqual(parseRule([type, "foo"]), { type, pattern: "foo" });
  }
  assert.deepEqual(parseRule(["REQUIRE", "*"]), {
    type: "REQUIRE",
    pattern: "*",
  });
});

Deno.test("parseRule() parses the four MATCH forms", () => {
  const table: [string[], string, string][] = [
    [["MATCH", "foo", "WITH", "PRODUCTS", "FROM", "s"], "", ""],
    [["MATCH", "foo", "IN", "src", "WITH", "PRODUCTS", "FROM", "s"], "src", ""],
    [["MATCH", "foo", "WITH", "PRODUCTS", "IN", "dst", "FROM", "s"], "", "dst"],
    [
      FULL_MATCH,
      "src",
      "dst",
    ],
  ];
  for (const [tokens, sourcePrefix, destinationPrefix] of table) {
    assert.deepEqual(parseRule(tokens), {
      type: "MATCH",
      pattern: "foo",
      sourcePrefix,
      destinationType: "products",
      destinationPrefix,
      destinationStep: "s",
    });
    assert.deepEqual(ruleTokens(parseRule(tokens)), tokens);
    assert.equal(formatRule(tokens), tokens.join(" "));
  }
  const materials = parseRule(["MATCH", "a", "WITH", "MATERIALS", "FROM", "s"]);
  assert.equal(
    materials.type === "MATCH" && materials.destinationType,
    "materials",
  );
});

Deno.test("parseRule() A8: rejects malformed rules", () => {
  rejects("CREATE stuff", /must be a list/);
  rejects(["DELETE"], /exactly one pattern/);
  rejects(["SUBVERT", "foo"], /first word/);
  rejects(["CREATE", ["abc"]], /every token must be a string/);
  rejects(["CREATE", "foo", "pleaze!!"], /exactly one pattern/);
  rejects(
    ["CREATE", ""],
    /the pattern "" can never match a recorded name: it is empty/,
  );
  rejects(["MATCH", "foo", "WITH", "PRODUCTS", "FROM"], /expected MATCH/);
  rejects(
    ["MATCH", "foo", "WITH", "PRODUCTS", "FROM", "step-name", "really?"],
    /expected MATCH/,
  );
  rejects([...FULL_MATCH, "YES, we can!"], /expected MATCH/);
  rejects(
    ["MATCH", "foo", "IN", 123, "WITH", "PRODUCTS", "FROM", "s"],
    /must be a string/,
  );
  rejects(
    ["MATCH", "foo", "IN", "src", "WITH", "PONIES", "IN", "dst", "FROM", "s"],
    /expected MATCH/,
  );
  rejects(
    ["MATCH", "foo", "WITH", "PRODUCTS", "FROM", ""],
    /the step name is empty/,
  );
  rejects(
    ["MATCH", "", "WITH", "PRODUCTS", "FROM", "s"],
    /the pattern "" can never match a recorded name: it is empty/,
  );
  // Unclean patterns and prefixes can never match a recorded name
  // (CVE-2021-41087 class): every spelling, in every place of a rule.
  for (
    const pattern of [
      "./a",
      "/a",
      "a/../a",
      "a//b",
      "a/./b",
      "a/",
      "a\\b",
      "a\0b",
      ".",
      "..",
    ]
  ) {
    rejects(["DISALLOW", pattern], /can never match a recorded name/);
    rejects(["MATCH", pattern, "WITH", "PRODUCTS", "FROM", "s"], /the pattern/);
    if (!pattern.endsWith("/") || pattern.endsWith("//")) {
      rejects(
        [
          "MATCH",
          "a",
          "IN",
          pattern,
          "WITH",
          "PRODUCTS",
          "IN",
          "d",
          "FROM",
          "s",
        ],
        /the prefix/,
      );
      rejects(
        ["MATCH", "a", "WITH", "MATERIALS", "IN", pattern, "FROM", "s"],
        /the prefix/,
      );
    }
  }
  assert.equal(
    (parseRule([
      "MATCH",
      "*",
      "IN",
      "src/",
      "WITH",
      "PRODUCTS",
      "FROM",
      "s",
    ]) as MatchRule)
      .sourcePrefix,
    "src/",
  );
  // Lower-case keywords are accepted by the reference, not by intoto.
  rejects(["create", "foo"], /upper case, "CREATE"/);
  rejects(["MATCH", "foo", "with", "products", "from", "s"], /expected MATCH/);
});
