// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `deno task compile --allow-download` without network: one line saying the
 * runtime could not be obtained, then the bundle, and no Deno backtrace.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { execute, ROOT, tempDir } from "../_helpers.ts";

Deno.test("scripts/build.ts --allow-download offline says so in one line and builds the bundle", async () => {
  const out = await tempDir();
  const result = await execute(
    [
      Deno.execPath(),
      "run",
      "-A",
      join(ROOT, "scripts", "build.ts"),
      "--allow-download",
    ],
    // No route to dl.deno.land: as offline as CI, whatever the machine.
    {
      env: {
        INTOTO_DIST: out,
        HTTPS_PROXY: "http://127.0.0.1:9",
        NO_PROXY: "",
      },
    },
  );
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.trim().split("\n");
  assert.equal(lines.length, 2, result.stdout);
  assert.match(
    lines[0]!,
    /^Could not obtain the denort runtime for deno [\d.]+ \S+ \(.+\): skipping deno compile$/,
  );
  assert.doesNotMatch(lines[0]!, /<unknown>|Stack backtrace/);
  assert.match(lines[1]!, /^Built .*intoto\.js: run it with/);
  assert.doesNotMatch(result.stderr, /Stack backtrace|^error/m);
  assert.ok((await Deno.stat(join(out, "intoto.js"))).isFile);
});
