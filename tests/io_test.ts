// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { join } from "node:path";
import { isIntotoError } from "../lib/errors.ts";
import { readFileBytes, statRegularFile, writeFileAtomic } from "../lib/io.ts";
import { PYTHON, tempDir } from "./_helpers.ts";

Deno.test("readFileBytes() explains OS errors in plain words", async (t) => {
  const dir = await tempDir();
  await Deno.writeTextFile(join(dir, "file"), "x");
  const cases: [string, string, RegExp][] = [
    [join(dir, "missing"), "FILE_NOT_FOUND", /no such file or directory$/],
    [dir, "IO_ERROR", /it is a directory, not a regular file$/],
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

Deno.test("readFileBytes() R2 refuses FIFOs, devices and sockets without reading them, without blocking", async () => {
  const dir = await tempDir();
  const fifo = join(dir, "fifo");
  const made = await new Deno.Command("mkfifo", { args: [fifo] }).output();
  assert.ok(made.success);
  await Deno.symlink("/dev/zero", join(dir, "zero"));
  const bound = await new Deno.Command(PYTHON, {
    args: [
      "-c",
      "import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])",
      join(dir, "socket"),
    ],
  }).output();
  assert.ok(bound.success);
  const cases: [string, RegExp][] = [
    [fifo, /it is a named pipe \(FIFO\), not a regular file$/],
    ["/dev/zero", /it is a character device, not a regular file$/],
    [join(dir, "zero"), /it is a character device, not a regular file$/],
    [join(dir, "socket"), /it is a socket, not a regular file$/],
  ];
  for (const [path, message] of cases) {
    for (const read of [readFileBytes, statRegularFile]) {
      await assert.rejects(
        read(path),
        (error) =>
          isIntotoError(error, "IO_ERROR") && message.test(error.message),
        `${read.name} ${path}`,
      );
    }
  }
});

Deno.test("readFileBytes() R2 reads at most maxBytes", async () => {
  const dir = await tempDir();
  const path = join(dir, "file");
  await Deno.writeFile(path, new Uint8Array(10_000).fill(7));
  assert.equal(
    (await readFileBytes(path, { maxBytes: 10_000 })).length,
    10_000,
  );
  assert.equal((await readFileBytes(path)).length, 10_000);
  for (const read of [readFileBytes, statRegularFile]) {
    await assert.rejects(
      read(path, { maxBytes: 9_999 }),
      (error) =>
        isIntotoError(error, "LIMIT_EXCEEDED") &&
        error.message ===
          `Cannot read "${path}": it is larger than the limit of 9999 bytes`,
    );
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
