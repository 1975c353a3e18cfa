// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { join } from "node:path";
import { readFileBytes, writeFileAtomic } from "../lib/io.ts";
import { tempDir } from "./_helpers.ts";

Deno.test("readFileBytes() explains OS errors in plain words", async (t) => {
  const dir = await tempDir();
  await Deno.writeTextFile(join(dir, "file"), "x");
  const cases: [string, string, RegExp][] = [
    [join(dir, "missing"), "FILE_NOT_FOUND", /no such file or directory$/],
    [dir, "IO_ERROR", /it is a directory, not a file$/],
    [
      join(dir, "file", "x"),
      "IO_ERROR",
      /a part of the path is a file, not a directory$/,
    ],
    [join(dir, "a".repeat(300)), "IO_ERROR", /the file name is too long$/],
  ];
  for (const [path, code, message] of cases) {
    await t.step(path.slice(dir.length, dir.length + 20), async () => {
      await assert.rejects(
        readFileBytes(path),
        (error: Error & { code: string }) => {
          assert.equal(error.code, code);
          assert.match(error.message, message);
          assert.doesNotMatch(error.message, /os error/);
          return true;
        },
      );
    });
  }
});

Deno.test("writeFileAtomic() replaces the file whole and leaves no temporary file", async () => {
  const dir = await tempDir();
  const path = join(dir, "out.link");
  await writeFileAtomic(path, "old");
  await writeFileAtomic(path, "new", { mode: 0o600 });
  assert.equal(await Deno.readTextFile(path), "new");
  assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
  assert.deepEqual(
    (await Array.fromAsync(Deno.readDir(dir))).map((entry) => entry.name),
    ["out.link"],
  );
  await assert.rejects(
    writeFileAtomic(join(dir, "no", "such", "dir"), "x"),
    /Cannot write/,
  );
  assert.deepEqual(
    (await Array.fromAsync(Deno.readDir(dir))).map((entry) => entry.name),
    ["out.link"],
  );
});
