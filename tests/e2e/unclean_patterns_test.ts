// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * CVE-2021-41087 class: a rule pattern that is not a clean relative path
 * can never match a recorded name, so the rule silently protects nothing.
 * in-toto 1.3.1 passes such layouts; intoto refuses them with exit 2, at
 * verification (also when the pattern comes from --param) and at signing.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { intoto, reference } from "../_helpers.ts";
import { demo } from "./_demo.ts";

/** Unclean spellings of the demo's product "foo.py", and why each is. */
const UNCLEAN: readonly [string, RegExp][] = [
  ["./foo.py", /has a "\." segment; write "foo\.py"/],
  ["/foo.py", /is absolute; write "foo\.py"/],
  ["x/../foo.py", /has a "\.\." segment; write "foo\.py"/],
  ["src//foo.py", /empty segment .*; write "src\/foo\.py"/],
  ["src/./foo.py", /has a "\." segment; write "src\/foo\.py"/],
  ["src/", /empty segment .*; write "src\/\*"/],
  ["foo\\.py", /contains a backslash/],
];

const VERIFY = ["verify", "-l", "root.layout", "-k", "alice.pub"];

async function withDemo(
  edit: string,
  check: (directory: string) => Promise<void>,
): Promise<void> {
  const directory = await demo({ edit });
  try {
    await check(directory);
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
}

function disallow(pattern: string): string {
  return `layout["steps"][0]["expected_products"].insert(0, ["DISALLOW", ${
    JSON.stringify(pattern)
  }])`;
}

Deno.test("intoto verify refuses each unclean pattern that in-toto-verify ignores", async () => {
  for (const [pattern, reason] of UNCLEAN) {
    await withDemo(disallow(pattern), async (directory) => {
      const ours = await intoto(VERIFY, { cwd: directory });
      assert.equal(ours.code, 2, `${pattern}: ${ours.stderr}`);
      const lines = ours.stderr.trim().split("\n");
      assert.equal(lines.length, 1, ours.stderr);
      assert.match(lines[0]!, /^error: /);
      assert.ok(lines[0]!.includes('step "write-code" products'), lines[0]);
      assert.ok(lines[0]!.includes(`"DISALLOW ${pattern}"`), lines[0]);
      assert.match(lines[0]!, reason);
    });
  }
  // The reference lets the rule through, protecting nothing.
  await withDemo(disallow("./foo.py"), async (directory) => {
    const theirs = await reference("in-toto-verify", VERIFY.slice(1), {
      cwd: directory,
    });
    assert.equal(theirs.code, 0, theirs.stderr);
  });
});

Deno.test("intoto verify refuses an unclean pattern that --param substitutes", async () => {
  await withDemo(disallow("{secret}"), async (directory) => {
    const clean = await intoto([...VERIFY, "--param", "secret=bar.py"], {
      cwd: directory,
    });
    assert.equal(clean.code, 0, clean.stderr);
    const result = await intoto([...VERIFY, "--param", "secret=./foo.py"], {
      cwd: directory,
    });
    assert.equal(result.code, 2, result.stderr);
    assert.match(
      result.stderr,
      /^error: .*step "write-code" products.*"DISALLOW \.\/foo\.py".*the pattern "\.\/foo\.py" can never match/m,
    );
  });
});

Deno.test("intoto verify refuses unclean MATCH prefixes and accepts one final slash", async () => {
  const match = (prefix: string) =>
    `layout["inspect"][0]["expected_materials"][0] = ["MATCH", "foo.tar.gz", "IN", ${
      JSON.stringify(prefix)
    }, "WITH", "PRODUCTS", "FROM", "package"]`;
  await withDemo(match("./"), async (directory) => {
    const result = await intoto(VERIFY, { cwd: directory });
    assert.equal(result.code, 2, result.stderr);
    assert.match(
      result.stderr,
      /inspection "untar" materials.*the prefix "\.\/"/,
    );
  });
  await withDemo(match("sub/"), async (directory) => {
    const result = await intoto(VERIFY, { cwd: directory });
    assert.notEqual(result.code, 2, result.stderr);
  });
});

Deno.test("intoto sign refuses a layout with an unclean pattern and writes nothing", async () => {
  await withDemo(disallow("/foo.py"), async (directory) => {
    await Deno.remove(join(directory, "root.layout"));
    const result = await intoto(
      [
        "sign",
        "-f",
        "demo.layout.template",
        "-k",
        "alice",
        "-o",
        "root.layout",
      ],
      { cwd: directory },
    );
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /^error: .*the pattern "\/foo\.py"/m);
    await assert.rejects(Deno.stat(join(directory, "root.layout")));
  });
});
