// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * hashFileOverlapped (reads ahead while it hashes, for the workers) gives
 * exactly what hashFileSync gives: the same digests and byte counts, with
 * and without line-ending normalisation, at every size around the shared
 * buffer's, and the same refusal of a device in a file's place.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  hashFileOverlapped,
  hashFileSync,
  READ_BUFFER_SIZE,
} from "../../lib/artifacts/hash.ts";
import { tempDir } from "../_helpers.ts";

const dir = await tempDir();

/** Bytes with CR, LF and CRLF everywhere, chunk boundaries included. */
function content(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let state = seed;
  for (let i = 0; i < size; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    const pick = state >>> 24;
    bytes[i] = pick < 20 ? 0x0d : pick < 40 ? 0x0a : pick;
  }
  // A CRLF split by the first buffer's end.
  if (size > READ_BUFFER_SIZE) {
    bytes[READ_BUFFER_SIZE - 1] = 0x0d;
    bytes[READ_BUFFER_SIZE] = 0x0a;
  }
  return bytes;
}

const SIZES = [
  0,
  1,
  READ_BUFFER_SIZE - 1,
  READ_BUFFER_SIZE,
  READ_BUFFER_SIZE + 1,
  3 * 1024 * 1024 + 17,
];

Deno.test("hashFileOverlapped equals hashFileSync at every size", async () => {
  for (const [index, size] of SIZES.entries()) {
    const path = join(dir, `file-${size}`);
    await Deno.writeFile(path, content(size, index + 1));
    for (const normalizeLineEndings of [false, true]) {
      const options = { normalizeLineEndings };
      const algorithms = ["sha256", "sha512"];
      const plain = hashFileSync(path, algorithms, options);
      const started = hashFileOverlapped(path, algorithms, options);
      // Only a file that fills the shared buffer is read on later.
      assert.equal(started instanceof Promise, size >= READ_BUFFER_SIZE);
      assert.deepEqual(await started, plain, `size ${size}`);
    }
  }
});

Deno.test("hashFileOverlapped refuses a device in a file's place, as hashFileSync does", async () => {
  const path = join(dir, "zero");
  await Deno.symlink("/dev/zero", path);
  assert.throws(() => hashFileSync(path, ["sha256"]), /not a regular file/);
  assert.throws(
    () => hashFileOverlapped(path, ["sha256"]),
    /not a regular file/,
  );
});
