// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto record start` and `stop` as a user runs them: the round trip,
 * in DSSE too, and stop checks the key that started it.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { readSignedFile } from "../../lib/model/signed_file.ts";
import { validateLink } from "../../lib/model/link.ts";
import { intoto, tempDir } from "../_helpers.ts";
import { dannyVerifies, exists, KEY, LINK } from "./_run.ts";

Deno.test("intoto record: start/stop round trip, in DSSE too, and stop checks the key", async () => {
  const dir = await tempDir();
  await Deno.writeTextFile(join(dir, "in.txt"), "in");
  for (const dsse of [[], ["--use-dsse"]]) {
    const start = await intoto(
      ["record", "start", "-n", "edit", ...KEY, "-m", "in.txt", ...dsse],
      { cwd: dir },
    );
    assert.equal(start.code, 0, start.stderr);
    const unfinished = join(dir, ".edit.36a5529f.link-unfinished");
    assert.ok(await dannyVerifies(unfinished));
    await Deno.writeTextFile(join(dir, "out.txt"), "out");
    const stop = await intoto(
      ["record", "stop", "-n", "edit", ...KEY, "-p", "out.txt"],
      { cwd: dir },
    );
    assert.equal(stop.code, 0, stop.stderr);
    assert.equal(await exists(unfinished), false);
    const file = await readSignedFile(join(dir, LINK("edit")));
    assert.equal(file.format, dsse.length > 0 ? "dsse" : "metablock");
    assert.ok(await dannyVerifies(join(dir, LINK("edit"))));
    const link = validateLink(file.payload);
    assert.deepEqual(Object.keys(link.materials), ["in.txt"]);
    assert.deepEqual(Object.keys(link.products), ["out.txt"]);
  }
  // Nothing started.
  const none = await intoto(["record", "stop", "-n", "other", ...KEY], {
    cwd: dir,
  });
  assert.equal(none.code, 2);
  assert.match(none.stderr, /run "intoto record start"/);
  // An unfinished link whose signature does not verify.
  const start = await intoto(["record", "start", "-n", "t", ...KEY], {
    cwd: dir,
  });
  assert.equal(start.code, 0, start.stderr);
  const path = join(dir, ".t.36a5529f.link-unfinished");
  const text = await Deno.readTextFile(path);
  await Deno.writeTextFile(path, text.replace('"name": "t"', '"name": "u"'));
  const tampered = await intoto(["record", "stop", "-n", "t", ...KEY], {
    cwd: dir,
  });
  assert.equal(tampered.code, 1);
  assert.match(tampered.stderr, /is not signed by the given key/);
  assert.equal(await exists(join(dir, LINK("t"))), false);
});
