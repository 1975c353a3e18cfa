// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * recordArtifacts() on hostile trees, case by case of the attack catalogue
 * (ids in the test names): links that leave the root or dangle, directories
 * reached twice, rc files and variables, two files under one name.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { recordArtifacts } from "../../lib/artifacts/record.ts";
import { isIntotoError } from "../../lib/errors.ts";
import { tempDir } from "../_helpers.ts";
import {
  assertSame,
  build,
  ours,
  referenceRecord,
  referenceRun,
} from "./_record.ts";

Deno.test("recordArtifacts() skips links that leave the root, unlike the reference (F2)", async () => {
  const outside = await tempDir();
  await build(outside, { "secret.txt": "secret" });
  const root = await tempDir();
  await build(root, {
    "inside.txt": "in",
    "out": { link: join(outside, "secret.txt") },
    "outdir": { link: outside },
    "up": { link: "../" },
  });
  const warnings: string[] = [];
  const recorded = JSON.parse(
    await ours(root, [".", "out"], { follow: true }, warnings),
  );
  assert.deepEqual(Object.keys(recorded), ["inside.txt"]);
  assert.ok(warnings.some((w) => /"out".*outside the recorded root/.test(w)));
  assert.ok(warnings.some((w) => /"outdir".*outside/.test(w)));
  // The reference hashes the file behind the link: the weakness we avoid.
  const theirs = JSON.parse(await referenceRecord(root, ["."]));
  assert.ok(Object.hasOwn(theirs, "out"));
  await Deno.remove(root, { recursive: true });
  await Deno.remove(outside, { recursive: true });
});

Deno.test("recordArtifacts() skips dangling links with a warning, as the reference does", async () => {
  const root = await tempDir();
  await build(root, {
    "a.txt": "a",
    "dead": { link: "nowhere" },
    "self": { link: "self" },
    "under-file": { link: "a.txt/x" },
  });
  const warnings: string[] = [];
  const recorded = await ours(root, [".", "dead"], {}, warnings);
  assertSame(recorded, await referenceRecord(root, [".", "dead"]));
  assert.deepEqual(Object.keys(JSON.parse(recorded)), ["a.txt"]);
  for (const name of ["dead", "self", "under-file"]) {
    assert.ok(
      warnings.some((w) => w.includes(`"${name}": it is a dangling`)),
      name,
    );
  }
  await Deno.remove(root, { recursive: true });
});

Deno.test("recordArtifacts() walks each real directory once, under its own name (F3)", async () => {
  const root = await tempDir();
  await build(root, {
    "a.txt": "a",
    "sub/b.txt": "b",
    "l1": { link: "." },
    "l2": { link: "." },
    "sub/up": { link: ".." },
    "side": { link: "sub" },
  });
  const warnings: string[] = [];
  const start = performance.now();
  const recorded = JSON.parse(
    await ours(root, ["."], { follow: true }, warnings),
  );
  assert.ok(performance.now() - start < 1000);
  // Each real directory once, under its own name: "side" is a second name
  // for "sub", which the reference records twice.
  assert.deepEqual(Object.keys(recorded), ["a.txt", "sub/b.txt"]);
  for (const link of ["l1", "l2", "sub/up"]) {
    assert.ok(
      warnings.includes(
        `Skipping "${link}": it is a symbolic link to ".", which is recorded already`,
      ),
      warnings.join("\n"),
    );
  }
  assert.ok(
    warnings.includes(
      'Skipping "side": it is a symbolic link to "sub", which is recorded already',
    ),
  );
  await Deno.remove(root, { recursive: true });
});

Deno.test("recordArtifacts() ignores .in_totorc and IN_TOTO_* variables (F4)", async () => {
  const root = await tempDir();
  await build(root, {
    "main.c": "int main;",
    "backdoor.c": "evil",
    ".in_totorc":
      "[settings]\nARTIFACT_EXCLUDE_PATTERNS=backdoor.c:.in_totorc\n",
  });
  const env = { IN_TOTO_ARTIFACT_EXCLUDE_PATTERNS: "main.c" };
  const code = `
import { recordArtifacts } from ${
    JSON.stringify(
      new URL("../../lib/artifacts/record.ts", import.meta.url).href,
    )
  };
console.log(JSON.stringify(Object.keys(await recordArtifacts(["."]))));
`;
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["eval", code],
    cwd: root,
    env,
  }).output();
  assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
  assert.deepEqual(JSON.parse(new TextDecoder().decode(output.stdout)), [
    ".in_totorc",
    "backdoor.c",
    "main.c",
  ]);
  // The reference's CLI is fooled by the same rc file: the setup works.
  const fooled = await referenceRun(root, ["-m", "."]);
  assert.deepEqual(Object.keys(JSON.parse(fooled.materials)), ["main.c"]);
  await Deno.remove(root, { recursive: true });
});

Deno.test("recordArtifacts() refuses two files under one name (A7)", async () => {
  const root = await tempDir();
  await build(root, { "d/x\\y": "backslash", "d/x/y": "slash" });
  await assert.rejects(
    recordArtifacts(["."], { basePath: root }),
    (error) =>
      isIntotoError(error, "USAGE") &&
      error.message ===
        'Cannot record "d/x/y" and "d/x\\y": both would be recorded as "d/x/y"',
  );
  // The reference keeps one of the two silently.
  assert.equal(
    Object.keys(JSON.parse(await referenceRecord(root, ["."]))).length,
    1,
  );

  await build(root, { "a/f": "a", "b/f": "b" });
  const lstrip = { basePath: root, lstripPaths: ["a/", "b/"] };
  await assert.rejects(
    recordArtifacts(["a", "b"], lstrip),
    (error) =>
      isIntotoError(error, "USAGE") && /"a\/f" and "b\/f"/.test(error.message),
  );
  assert.equal(
    await referenceRecord(root, ["a", "b"], { lstrip: ["a/", "b/"] }),
    "error PrefixError\n",
  );
  await assert.rejects(
    recordArtifacts(["a"], { basePath: root, lstripPaths: ["a", "a/"] }),
    (error) =>
      isIntotoError(error, "USAGE") && /one starts with/.test(error.message),
  );
  // The same file named twice is one artifact, not a collision.
  assert.deepEqual(
    Object.keys(
      await recordArtifacts([".", "a/f"], { basePath: root, excludes: ["d"] }),
    ),
    ["a/f", "b/f"],
  );
  await Deno.remove(root, { recursive: true });
});
