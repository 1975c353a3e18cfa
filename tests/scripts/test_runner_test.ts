// Copyright 2026 the intoto authors. Apache-2.0 license.
/** scripts/test.ts fails a run that leaves intoto-* entries behind. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { execute, ROOT, tempDir } from "../_helpers.ts";

async function runSuite(
  test: string,
): Promise<{ code: number; stderr: string }> {
  const folder = await tempDir();
  const file = join(folder, "probe_test.ts");
  await Deno.writeTextFile(file, test);
  // The probe runs with its own temporary folder, which is then checked.
  const tmp = join(folder, "tmp");
  await Deno.mkdir(tmp);
  const result = await execute(
    [Deno.execPath(), "run", "-A", join(ROOT, "scripts", "test.ts"), file],
    { env: { TMPDIR: tmp } },
  );
  return result;
}

Deno.test("scripts/test.ts fails when a test leaves a folder in the temporary folder", async () => {
  const leaking = await runSuite(
    'Deno.test("leaks", async () => { await Deno.makeTempDir({ prefix: "intoto-leak-" }); });',
  );
  assert.equal(leaking.code, 1, leaking.stderr);
  assert.match(
    leaking.stderr,
    /error: the tests left 1 entries in ".*": intoto-leak-/,
  );
  const clean = await runSuite(
    'Deno.test("cleans", async () => { await Deno.remove(await Deno.makeTempDir({ prefix: "intoto-x-" })); });',
  );
  assert.equal(clean.code, 0, clean.stderr);
});
