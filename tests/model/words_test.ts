// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { parseRuleText } from "../../lib/model/rule.ts";
import { splitWords } from "../../lib/model/words.ts";

Deno.test("splitWords splits as a POSIX shell does, expanding nothing", () => {
  const cases: [string, string[]][] = [
    ["", []],
    ["  a \t b\n", ["a", "b"]],
    [`'a b' "c d" e\\ f`, ["a b", "c d", "e f"]],
    [`"a \\"q\\" \\\\ \\$x \\n"`, [`a "q" \\ $x \\n`]],
    [`'it''s' '' ""`, ["its", "", ""]],
    ["$HOME *.c ~ a;b", ["$HOME", "*.c", "~", "a;b"]],
    [`x"y"'z'`, ["xyz"]],
  ];
  for (const [text, words] of cases) {
    assert.deepEqual(splitWords(text), words, text);
  }
  for (
    const [text, detail] of [
      ["'a", "a single quote is not closed"],
      ['"a', "a double quote is not closed"],
      ["a\\", "it ends with a lone backslash"],
    ]
  ) {
    assert.throws(
      () => splitWords(text!),
      (error: Error & { code?: string }) =>
        error.code === "USAGE" &&
        error.message === `Cannot split "${text}" into words: ${detail}`,
    );
  }
});

Deno.test("parseRuleText reads rules as the reference prints them", () => {
  assert.deepEqual(
    parseRuleText("MATCH foo.tar.gz WITH PRODUCTS FROM package"),
    {
      type: "MATCH",
      pattern: "foo.tar.gz",
      sourcePrefix: "",
      destinationType: "products",
      destinationPrefix: "",
      destinationStep: "package",
    },
  );
  assert.throws(
    () => parseRuleText("match foo"),
    /write the keyword in upper case/,
  );
  assert.throws(() => parseRuleText("ALLOW ./x"), /write "x"/);
  assert.equal(
    parseRuleText("ALLOW ./x", { allowUnclean: true }).pattern,
    "./x",
  );
});
