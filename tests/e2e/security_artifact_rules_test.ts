// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The attack catalogue's artifact rules (A) against `intoto verify`, end to
 * end: crafted files in a folder, the real CLI, one clean `error:` line and
 * the right exit code.
 * Where in-toto 1.3.1 is vulnerable, the test shows it: `in-toto-verify`
 * passes the same files that we refuse. Test names start with the
 * catalogue's ids (see SECURITY.md).
 */
import { type JsonObject } from "../../lib/json/parse.ts";
import {
  ALICE,
  BOB,
  buildLayout,
  chain,
  fails,
  linkStatement,
  OWNER,
  passes,
  referenceVerify,
  verify,
} from "./_security_helpers.ts";
import { layoutJson, linkFile, linkJson, sign } from "../_verify_fixtures.ts";

Deno.test("A1 A6 intoto verify rejects unclean artifact names that slip past DISALLOW in in-toto-verify", async () => {
  const layout = await buildLayout([
    ["DISALLOW", "secret.key"],
    ["DISALLOW", "etc/passwd"],
    ["DISALLOW", "a/b"],
  ]);
  const names: [string, boolean][] = [
    ["./secret.key", true],
    ["x/../secret.key", true],
    ["/etc/passwd", true],
    ["a//b", true],
    ["a\\b", false],
    ["secret.key/", false],
    ["a/./b", false],
    ["../secret.key", false],
    ["a\u0000b", false],
  ];
  for (const [name, showReference] of names) {
    const directory = await chain({
      "root.layout": layout,
      [linkFile("build", ALICE)]: await sign(
        linkJson("build", { products: { [name]: "x" } }),
        [ALICE],
      ),
    });
    if (showReference) {
      passes(await referenceVerify(directory), `in-toto-verify, ${name}`);
    }
    fails(
      await verify(directory),
      2,
      /Step "build" products: artifact name .* is not a clean relative path/,
      name,
    );
  }
});

Deno.test("A2 intoto verify: DISALLOW *.key catches sub/a.key, [abc is literal, FOO is not foo", async () => {
  const cases: [string, string, boolean][] = [
    ["*.key", "sub/a.key", false],
    ["[abc", "[abc", false],
    ["FOO", "foo", true],
  ];
  for (const [pattern, name, ok] of cases) {
    const directory = await chain({
      "root.layout": await buildLayout([["DISALLOW", pattern]]),
      [linkFile("build", ALICE)]: await sign(
        linkJson("build", { products: { [name]: "x" } }),
        [ALICE],
      ),
    });
    const result = await verify(directory);
    if (ok) passes(result, pattern);
    else fails(result, 1, /rule "DISALLOW .*" failed/, pattern);
  }
});

Deno.test("A4 intoto verify rejects empty digest sets that in-toto-verify matches, and partial sets never match", async () => {
  const layout = await sign(
    layoutJson([{ name: "fetch", keys: [BOB] }, {
      name: "build",
      keys: [ALICE],
      materials: [["MATCH", "a", "WITH", "PRODUCTS", "FROM", "fetch"], [
        "DISALLOW",
        "*",
      ]],
    }]),
    [OWNER],
  );
  const pair = async (material: JsonObject, product: JsonObject) =>
    chain({
      "root.layout": layout,
      [linkFile("build", ALICE)]: await sign(
        linkJson("build", { materials: { a: material } }),
        [ALICE],
      ),
      [linkFile("fetch", BOB)]: await sign(
        linkJson("fetch", { products: { a: product } }),
        [BOB],
      ),
    });
  const empty = await pair({}, {});
  passes(await referenceVerify(empty), "in-toto-verify matches {} with {}");
  fails(await verify(empty), 2, /at products\.a: the digest set is empty/);
  const both = { sha256: "a".repeat(64), sha512: "b".repeat(128) };
  fails(
    await verify(await pair({ sha512: "b".repeat(128) }, both)),
    1,
    /rule "MATCH a WITH PRODUCTS FROM fetch" failed/,
  );
  passes(await verify(await pair(both, both)));
});

Deno.test({
  // MATCH relies only on a shared collision-resistant algorithm
  // (ACCEPTED_DIGEST_ALGORITHMS, as attest verify does): equal sets of only
  // unknown algorithms, or only md5/sha1, match nothing.
  name:
    "A4 intoto verify: a link attestation digest with only unknown algorithms matches nothing",
  fn: async () => {
    const layout = await sign(
      layoutJson([{ name: "fetch", keys: [BOB] }, {
        name: "build",
        keys: [ALICE],
        materials: [["MATCH", "a", "WITH", "PRODUCTS", "FROM", "fetch"], [
          "DISALLOW",
          "*",
        ]],
      }]),
      [OWNER],
    );
    for (const digest of [{ foo: "abab" }, { md5: "ab".repeat(16) }]) {
      const a = [{ name: "a", digest }];
      const directory = await chain({
        "root.layout": layout,
        [linkFile("fetch", BOB)]: await sign(
          linkStatement("fetch", a),
          [BOB],
          "dsse",
        ),
        [linkFile("build", ALICE)]: await sign(
          linkStatement("build", [{
            name: "x",
            digest: { sha256: "cd".repeat(32) },
          }], a),
          [ALICE],
          "dsse",
        ),
      });
      fails(
        await verify(directory),
        1,
        /rule "MATCH a WITH PRODUCTS FROM fetch" failed/,
        JSON.stringify(digest),
      );
    }
  },
});

Deno.test("A8 intoto verify rejects lower-case keywords, wrong token counts and duplicate step names", async () => {
  const link = await sign(linkJson("build", { products: { a: "1" } }), [
    ALICE,
  ]);
  const rules: [string[], RegExp][] = [
    [["disallow", "*"], /write the keyword in upper case, "DISALLOW"/],
    [["DISALLOW", "*", "extra"], /DISALLOW takes exactly one pattern/],
    [["MATCH", "a", "WITH", "PRODUCTS"], /cannot parse rule "MATCH a WITH/],
  ];
  for (const [rule, pattern] of rules) {
    fails(
      await verify(
        await chain({
          "root.layout": await buildLayout([rule]),
          [linkFile("build", ALICE)]: link,
        }),
      ),
      2,
      pattern,
      rule.join(" "),
    );
  }
  fails(
    await verify(
      await chain({
        "root.layout": await sign(
          layoutJson([{ name: "build", keys: [ALICE] }, {
            name: "build",
            keys: [BOB],
          }]),
          [OWNER],
        ),
      }),
    ),
    2,
    /at steps\[1\]\.name: "build" is already the name of another step/,
  );
});
