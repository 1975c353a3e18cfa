// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto match-products` as a user runs it: success, and each kind of
 * difference between a link's products and the files.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { FIXTURES, intoto, tempDir } from "../_helpers.ts";
import { DANNY, KEY, LINK } from "./_run.ts";

Deno.test("intoto match-products: success and each kind of difference", async () => {
  const dir = await tempDir();
  await Deno.mkdir(join(dir, "dist"));
  for (const name of ["a", "b", "c"]) {
    await Deno.writeTextFile(join(dir, "dist", name), name);
  }
  const run = await intoto(["run", "-n", "build", ...KEY, "-p", "dist", "-x"], {
    cwd: dir,
  });
  assert.equal(run.code, 0, run.stderr);
  const match = (extra: string[] = []) =>
    intoto(["match-products", "-l", LINK("build"), "-p", "dist", ...extra], {
      cwd: dir,
    });
  const same = await match();
  assert.equal(same.code, 0, same.stderr);
  assert.equal(same.stdout, "");
  const signed = await match(["-k", `${DANNY}.pub`, "-t", "ed25519"]);
  assert.equal(signed.code, 0, signed.stderr);
  const wrongKey = await match([
    "-k",
    join(FIXTURES, "pems", "ed25519_public.pem"),
  ]);
  assert.equal(wrongKey.code, 1);
  assert.match(wrongKey.stderr, /no valid signature/);

  await Deno.remove(join(dir, "dist", "a"));
  await Deno.writeTextFile(join(dir, "dist", "b"), "changed");
  await Deno.writeTextFile(join(dir, "dist", "d"), "new");
  const differ = await match();
  assert.equal(differ.code, 1);
  assert.equal(
    differ.stdout,
    "Only in products: dist/a\nNot in products: dist/d\nHashes differ: dist/b\n",
  );
  assert.match(
    differ.stderr,
    /do not match .*1 only in products, 1 not in products, 1 with different hashes/,
  );
  // Excluding the extra file and stripping prefixes work as for run.
  const excluded = await match(["-e", "dist/d", "dist/a", "dist/b"]);
  assert.equal(excluded.code, 1);
  assert.equal(
    excluded.stdout,
    "Only in products: dist/a\nOnly in products: dist/b\n",
  );
});
