// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto mock` as a user runs it: an unsigned <name>.link, DSSE too.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { readSignedFile } from "../../lib/model/signed_file.ts";
import { validateLink } from "../../lib/model/link.ts";
import { intoto, tempDir } from "../_helpers.ts";

Deno.test("intoto mock: writes an unsigned <name>.link, DSSE too", async () => {
  const dir = await tempDir();
  for (const dsse of [[], ["--use-dsse"]]) {
    const result = await intoto(
      [
        "mock",
        "-n",
        "try",
        ...dsse,
        "--",
        "sh",
        "-c",
        "echo hi; echo x > made",
      ],
      { cwd: dir },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "hi\n");
    const file = await readSignedFile(join(dir, "try.link"));
    assert.equal(file.format, dsse.length > 0 ? "dsse" : "metablock");
    assert.deepEqual(file.signatures, []);
    const link = validateLink(file.payload);
    assert.deepEqual(link.byproducts, {
      "return-value": 0,
      stderr: "",
      stdout: "hi\n",
    });
    assert.ok(Object.hasOwn(link.products, "made"));
  }
});
